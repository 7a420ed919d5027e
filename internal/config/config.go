// Package config reads flowvet's settings, shared by the flowvet command
// (standalone and under go vet) and the golangci-lint plugin: the file
// .flowvet.yml at the root of the module, or the plugin's settings in
// .golangci.yml, which take the same keys.
//
//	# .flowvet.yml
//	vet: true                      # also run go vet's suite (flowvet command only)
//	enable: [backpressure]         # run only these analyzers (default: all)
//	disable: [printf]              # do not run these
//	enable-rules: []               # report only these rule IDs (a diagnostic's Category)
//	disable-rules: [U-exit]        # do not report these rule IDs
//	exclude:                       # paths not reported, relative to this file's directory
//	  - vendor
//	  - "**/*_mock.go"
//	generated: skip                # or report: findings in generated files
//	streams:                       # stream types flowvet cannot infer
//	  - example.com/pkg.Writer:Close
//	options:                       # analyzer flags: -NAME.FLAG=VALUE
//	  printf:
//	    funcs: Logf,Warnf
//	exit-zero: false               # flowvet command: exit 0 even with findings
//
// The format is YAML because .golangci.yml is: a team that lints Go already
// reads and writes it. The file is read by a small parser of the subset
// above (flowvet takes no YAML dependency); anything outside it, an unknown
// key or a bad value is an error naming the file and the line.
package config

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// FileName is the name of the configuration file, looked up from a
// package's directory up to its module root.
const FileName = ".flowvet.yml"

// Keys lists the valid top-level keys, in the order the docs give them.
var Keys = []string{"vet", "enable", "disable", "enable-rules", "disable-rules", "exclude", "generated", "streams", "options", "exit-zero"}

// Config is one set of settings.
type Config struct {
	// Source names where the settings came from, for errors: the file's
	// path, or "settings" for the golangci-lint plugin.
	Source string
	// Dir is the directory that Exclude patterns are relative to.
	Dir string

	Vet          *bool // nil: not set (the default is true)
	Enable       []string
	Disable      []string
	EnableRules  []string
	DisableRules []string
	Exclude      []string
	// ReportGenerated reports findings in generated files (generated:
	// report); by default they are dropped, as golangci-lint does.
	ReportGenerated bool
	Streams         []string
	Options         []Option
	ExitZero        bool

	lines map[string]int // key → line, for errors found when applying
}

// An Option is one analyzer flag set by the options key.
type Option struct {
	Analyzer, Flag, Value string
	line                  int
}

// Default is the configuration when there is no file.
func Default(dir string) *Config { return &Config{Source: "defaults", Dir: dir} }

// Find returns the path of the configuration file that applies to a package
// in dir: .flowvet.yml in dir or the nearest parent, stopping at the module
// root (the first directory with a go.mod). It returns "" when there is
// none, and an error for a .flowvet.yaml, which flowvet does not read.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		alt := filepath.Join(dir, ".flowvet.yaml")
		if _, err := os.Stat(alt); err == nil {
			return "", fmt.Errorf("%s: flowvet reads %s: rename the file", alt, FileName)
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// FindAndLoad loads the configuration that applies to dir (Find), or the
// defaults when there is no file.
func FindAndLoad(dir string, known []*analysis.Analyzer) (*Config, error) {
	p, err := Find(dir)
	if err != nil {
		return nil, err
	}
	if p == "" {
		abs, _ := filepath.Abs(dir)
		return Default(abs), nil
	}
	return Load(p, known)
}

// Load reads a configuration file; known are the analyzers the names and
// options may refer to.
func Load(file string, known []*analysis.Analyzer) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	root, err := parseYAML(string(data))
	if err != nil {
		return nil, withSource(file, err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	c := &Config{Source: file, Dir: filepath.Dir(abs)}
	if err := c.decode(root, known); err != nil {
		return nil, withSource(file, err)
	}
	return c, nil
}

// FromSettings decodes the golangci-lint plugin's settings (the same keys as
// the file); dir is the directory Exclude patterns are relative to.
func FromSettings(settings any, dir string, known []*analysis.Analyzer) (*Config, error) {
	root, err := fromSettings(settings)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	if root.scalar != nil || root.isSeq {
		return nil, fmt.Errorf("settings: want a mapping of keys, got %s", root.kind())
	}
	if root.values == nil {
		root.values = map[string]*node{}
	}
	c := &Config{Source: "settings", Dir: dir}
	if err := c.decode(root, known); err != nil {
		return nil, withSource("settings", err)
	}
	return c, nil
}

// Empty reports whether the settings change nothing from the defaults (an
// empty list counts as not set).
func (c *Config) Empty() bool {
	return c.Vet == nil && !c.ReportGenerated && !c.ExitZero && len(c.Options) == 0 &&
		len(c.Enable)+len(c.Disable)+len(c.EnableRules)+len(c.DisableRules)+len(c.Exclude)+len(c.Streams) == 0
}

func withSource(source string, err error) error {
	var le *lineError
	if errors.As(err, &le) && le.line > 0 {
		return fmt.Errorf("%s:%d: %s", source, le.line, le.msg)
	}
	if errors.As(err, &le) {
		return fmt.Errorf("%s: %s", source, le.msg)
	}
	return fmt.Errorf("%s: %w", source, err)
}

func (c *Config) decode(root *node, known []*analysis.Analyzer) error {
	byName := make(map[string]*analysis.Analyzer)
	var names []string
	for _, a := range known {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	c.lines = make(map[string]int)
	for _, key := range root.keys {
		v := root.values[key]
		c.lines[key] = root.keyLine[key]
		var err error
		switch key {
		case "vet":
			var b bool
			b, err = boolValue(key, v)
			c.Vet = &b
		case "exit-zero":
			c.ExitZero, err = boolValue(key, v)
		case "generated":
			var s string
			if s, err = stringValue(key, v); err == nil {
				switch s {
				case "skip":
				case "report":
					c.ReportGenerated = true
				default:
					err = lineErr(v.line, "generated: %q: want skip or report", s)
				}
			}
		case "enable", "disable":
			var list []string
			list, err = listValue(key, v, func(n string) error {
				if byName[n] == nil {
					return fmt.Errorf("unknown analyzer %q (known: %s)", n, strings.Join(names, ", "))
				}
				return nil
			})
			if key == "enable" {
				c.Enable = list
			} else {
				c.Disable = list
			}
		case "enable-rules", "disable-rules":
			var list []string
			ids := KnownRuleIDs(known)
			list, err = listValue(key, v, func(r string) error {
				if strings.ContainsAny(r, " \t,") {
					return fmt.Errorf("%q is not a rule ID (one ID per item)", r)
				}
				if !slices.Contains(ids, r) {
					return fmt.Errorf("unknown rule ID %q (known: %s)", r, strings.Join(ids, ", "))
				}
				return nil
			})
			if key == "enable-rules" {
				c.EnableRules = list
			} else {
				c.DisableRules = list
			}
		case "exclude":
			c.Exclude, err = listValue(key, v, checkPattern)
		case "streams":
			c.Streams, err = listValue(key, v, suite.CheckStreamSpec)
		case "options":
			err = c.decodeOptions(v, byName, names)
		default:
			err = lineErr(root.keyLine[key], "unknown key %q (valid keys: %s)", key, strings.Join(Keys, ", "))
		}
		if err != nil {
			return err
		}
	}
	for _, n := range c.Enable {
		if slices.Contains(c.Disable, n) {
			return lineErr(c.lines["disable"], "analyzer %q is in both enable and disable", n)
		}
	}
	for _, r := range c.EnableRules {
		if slices.Contains(c.DisableRules, r) {
			return lineErr(c.lines["disable-rules"], "rule %q is in both enable-rules and disable-rules", r)
		}
	}
	return nil
}

func (c *Config) decodeOptions(v *node, byName map[string]*analysis.Analyzer, names []string) error {
	if v.values == nil {
		if v.scalar == nil && !v.isSeq {
			return nil // options: with nothing under it
		}
		return lineErr(v.line, "options: want a mapping of analyzer names to flags, got %s", v.kind())
	}
	for _, an := range v.keys {
		flags := v.values[an]
		a := byName[an]
		if a == nil {
			return lineErr(v.keyLine[an], "options: unknown analyzer %q (known: %s)", an, strings.Join(names, ", "))
		}
		if flags.values == nil {
			return lineErr(v.keyLine[an], "options: %s: want a mapping of flag: value, got %s", an, flags.kind())
		}
		for _, fn := range flags.keys {
			fv := flags.values[fn]
			if a.Flags.Lookup(fn) == nil {
				return lineErr(flags.keyLine[fn], "options: %s has no flag %q (%s)", an, fn, flagList(a))
			}
			s, err := stringValue("options."+an+"."+fn, fv)
			if err != nil {
				return err
			}
			c.Options = append(c.Options, Option{Analyzer: an, Flag: fn, Value: s, line: flags.keyLine[fn]})
		}
	}
	return nil
}

func flagList(a *analysis.Analyzer) string {
	var fs []string
	a.Flags.VisitAll(func(f *flag.Flag) { fs = append(fs, f.Name) })
	if len(fs) == 0 {
		return "it has none"
	}
	return "its flags: " + strings.Join(fs, ", ")
}

func boolValue(key string, v *node) (bool, error) {
	s, err := stringValue(key, v)
	if err != nil {
		return false, err
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, lineErr(v.line, "%s: %q: want true or false", key, s)
	}
	return b, nil
}

func stringValue(key string, v *node) (string, error) {
	if v.scalar == nil {
		return "", lineErr(v.line, "%s: want a value, got %s", key, v.kind())
	}
	return *v.scalar, nil
}

// listValue returns the items of a list and, for each, a check that
// reports its error at the item's line.
func listValue(key string, v *node, check func(string) error) ([]string, error) {
	if v.scalar == nil && !v.isSeq && v.values == nil {
		return nil, nil // key: with nothing: an empty list
	}
	if !v.isSeq {
		return nil, lineErr(v.line, "%s: want a list ([a, b] or one \"- item\" per line), got %s", key, v.kind())
	}
	var out []string
	for _, it := range v.items {
		if it.scalar == nil || *it.scalar == "" {
			return nil, lineErr(it.line, "%s: an empty item", key)
		}
		if err := check(*it.scalar); err != nil {
			return nil, lineErr(it.line, "%s: %v", key, err)
		}
		out = append(out, *it.scalar)
	}
	return out, nil
}

// Apply makes the settings take effect on the analyzers (flowvet's and the
// vet suite's, which must include every name Enable, Disable and Options
// use): it declares the stream types, sets the options' flags, and wraps
// each analyzer's Run so that findings in excluded paths, in generated
// files (unless ReportGenerated) and of disabled rules are dropped. Call it
// once per process, before any analysis runs.
func (c *Config) Apply(analyzers []*analysis.Analyzer) error {
	if err := suite.DeclareStreams(c.Streams); err != nil {
		return withSource(c.Source, lineErr(c.lines["streams"], "%v", err))
	}
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range analyzers {
		byName[a.Name] = a
	}
	for _, o := range c.Options {
		a := byName[o.Analyzer]
		if a == nil {
			continue // an analyzer this driver does not run (the vet suite in the plugin)
		}
		if err := a.Flags.Set(o.Flag, o.Value); err != nil {
			return withSource(c.Source, lineErr(o.line, "options: %s.%s: %q: %v", o.Analyzer, o.Flag, o.Value, err))
		}
	}
	for _, a := range analyzers {
		c.filter(a)
	}
	return nil
}

// filter wraps a's Run so that its pass reports only what the settings keep.
func (c *Config) filter(a *analysis.Analyzer) {
	if len(c.Exclude) == 0 && c.ReportGenerated && len(c.EnableRules) == 0 && len(c.DisableRules) == 0 {
		return
	}
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		generated := make(map[*ast.File]bool)
		for _, f := range pass.Files {
			generated[f] = ast.IsGenerated(f)
		}
		pass.Report = func(d analysis.Diagnostic) {
			if c.keep(pass, generated, d) {
				report(d)
			}
		}
		return run(pass)
	}
}

func (c *Config) keep(pass *analysis.Pass, generated map[*ast.File]bool, d analysis.Diagnostic) bool {
	if d.Category != "" {
		if len(c.EnableRules) > 0 && !slices.Contains(c.EnableRules, d.Category) {
			return false
		}
		if slices.Contains(c.DisableRules, d.Category) {
			return false
		}
	}
	if !c.ReportGenerated {
		for f, gen := range generated {
			if gen && f.FileStart <= d.Pos && d.Pos <= f.FileEnd {
				return false
			}
		}
	}
	if len(c.Exclude) > 0 {
		if tf := pass.Fset.File(d.Pos); tf != nil && c.Excluded(tf.Name()) {
			return false
		}
	}
	return true
}

// Excluded reports whether file matches an exclude pattern.
func (c *Config) Excluded(file string) bool {
	rel, err := filepath.Rel(c.Dir, file)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	for _, p := range c.Exclude {
		if matchSegments(strings.Split(strings.Trim(p, "/"), "/"), segs) {
			return true
		}
	}
	return false
}

// matchSegments matches a slash-separated pattern against a path's
// segments: each pattern segment as path.Match does, "**" as any number of
// segments; a pattern that matches a directory matches what is below it.
func matchSegments(p, s []string) bool {
	if len(p) == 0 {
		return true
	}
	if p[0] == "**" {
		return matchSegments(p[1:], s) || (len(s) > 0 && matchSegments(p, s[1:]))
	}
	if len(s) == 0 {
		return false
	}
	ok, _ := path.Match(p[0], s[0])
	return ok && matchSegments(p[1:], s[1:])
}

func checkPattern(p string) error {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") || p == ".." {
		return fmt.Errorf("%q: want a path relative to the directory of the configuration", p)
	}
	for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("%q: %v", p, err)
		}
	}
	return nil
}

// ruleIDPattern matches the rule IDs analyzers use (P-swallowed).
var ruleIDPattern = regexp.MustCompile(`\b[A-Z][A-Z0-9]*-[a-z][a-z0-9]*\b`)

// RuleIDs returns the rule IDs an analyzer's documentation names, sorted:
// the documentation lists every ID its diagnostics carry as Category (the
// analyzers' tests check it), so it is where the IDs are known.
func RuleIDs(doc string) []string {
	ids := ruleIDPattern.FindAllString(doc, -1)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// KnownRuleIDs returns the rule IDs of the analyzers, sorted: what
// enable-rules and disable-rules may name, so that a misspelt ID is an error
// rather than a filter that silently matches nothing.
func KnownRuleIDs(analyzers []*analysis.Analyzer) []string {
	var ids []string
	for _, a := range analyzers {
		ids = append(ids, RuleIDs(a.Doc)...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
