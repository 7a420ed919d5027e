package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/flowvet/flowvet/internal/config"
)

// flags are the standalone command's flags. Under go vet the same set is
// parsed beforehand to check the selection (runVet).
type flags struct {
	fs                                     *flag.FlagSet
	jsonOut, sarifOut, fix, diff           bool
	vetOn, tests, exitZero                 bool
	contextLines                           int
	tags, cpuProfile, memProfile, traceOut string
	streams                                *streamsFlag
	enabled                                map[*analysis.Analyzer]*triState
	flowvet, vetSuite                      []*analysis.Analyzer
}

// newFlags makes the flag set, with the defaults of the configuration c.
func newFlags(flowvet, vetSuite []*analysis.Analyzer, c *config.Config) *flags {
	f := &flags{
		fs:      flag.NewFlagSet("flowvet", flag.ContinueOnError),
		vetOn:   c.Vet == nil || *c.Vet,
		streams: &streamsFlag{config: c.Streams},
		enabled: make(map[*analysis.Analyzer]*triState),
		flowvet: flowvet, vetSuite: vetSuite,
	}
	fs := f.fs
	fs.BoolVar(&f.vetOn, "vet", f.vetOn, "also run go vet's suite (-vet=false: the flowvet analyzers only)")
	fs.BoolVar(&f.jsonOut, "json", false, "print findings as the analysis framework's JSON on stdout")
	fs.BoolVar(&f.sarifOut, "sarif", false, "print findings as SARIF 2.1.0 on stdout")
	fs.BoolVar(&f.fix, "fix", false, "apply the suggested fixes; print the findings left and exit 3 if any")
	fs.BoolVar(&f.diff, "diff", false, "as -fix, but print the fixes as a unified diff and change no file")
	fs.IntVar(&f.contextLines, "c", -1, "with text output, print the offending line and `N` lines of context")
	fs.StringVar(&f.tags, "tags", "", "build `tags` to load the packages with (comma-separated), as go build -tags")
	fs.BoolVar(&f.tests, "test", true, "also analyze test files (-test=false: not)")
	fs.BoolVar(&f.exitZero, "exit-zero", c.ExitZero, "exit 0 even when there are findings (1 still means an error)")
	fs.Var(f.streams, "streams", streamsUsage)
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile to `file`")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile to `file` at the end")
	fs.StringVar(&f.traceOut, "trace", "", "write an execution trace to `file`")
	for _, a := range append(append([]*analysis.Analyzer(nil), flowvet...), vetSuite...) {
		ts := new(triState)
		switch {
		case slices.Contains(c.Enable, a.Name):
			*ts = setTrue
		case slices.Contains(c.Disable, a.Name):
			*ts = setFalse
		}
		f.enabled[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(af *flag.Flag) {
			fs.Var(af.Value, a.Name+"."+af.Name, af.Usage)
		})
	}
	// go vet's and multichecker's old flags, accepted without effect.
	for _, name := range []string{"source", "v", "all", "bool", "buildtags", "methods", "rangeloops", "compositewhitelist", "shadowstrict"} {
		fs.Bool(name, false, "no effect (accepted for compatibility)")
	}
	for _, name := range []string{"debug", "printfuncs", "unusedfuncs", "unusedstringmethods"} {
		fs.String(name, "", "no effect (accepted for compatibility)")
	}
	return f
}

// setOnCommandLine reports whether the flag was given.
func (f *flags) setOnCommandLine(name string) bool {
	set := false
	f.fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// contradiction returns an error when the selection asks for an analyzer
// of go vet's suite while turning that suite off.
func (f *flags) contradiction(c *config.Config) error {
	if f.vetOn {
		return nil
	}
	off := "-vet=false"
	if !f.setOnCommandLine("vet") {
		off = "vet: false in " + c.Source
	}
	for _, a := range f.vetSuite {
		if *f.enabled[a] != setTrue {
			continue
		}
		on := "-" + a.Name
		if !f.setOnCommandLine(a.Name) {
			on = "enable: [" + a.Name + "] in " + c.Source
		}
		return fmt.Errorf("%s asks for %s, an analyzer of go vet's suite, but %s turns that suite off: drop one of the two", on, a.Name, off)
	}
	return nil
}

// runStandalone is the command without go vet, built on the public
// golang.org/x/tools/go/analysis/checker: the exit code is the same in
// every output format (0 clean, 3 findings, 1 tool error, 2 bad usage) and
// a package that does not type-check gets its compiler errors and nothing
// else.
func runStandalone(args []string, flowvet, vetSuite []*analysis.Analyzer) int {
	if len(args) > 0 && args[0] == "help" {
		return help(args[1:], flowvet, vetSuite)
	}
	cwd, err := os.Getwd()
	if err != nil {
		log.Print(err)
		return 1
	}
	all := append(append([]*analysis.Analyzer(nil), flowvet...), vetSuite...)
	cfg, err := config.FindAndLoad(cwd, all)
	if err != nil {
		log.Print(err)
		return 1
	}
	if err := cfg.Apply(all); err != nil {
		log.Print(err)
		return 1
	}
	f := newFlags(flowvet, vetSuite, cfg)
	f.fs.SetOutput(os.Stderr)
	f.fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: flowvet [flags] packages (flowvet help: the analyzers and flags)")
	}
	if err := f.fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			printHelp(os.Stdout, flowvet, vetSuite, f.fs)
			return 0
		}
		return 2
	}
	if f.fs.Arg(0) == "help" {
		return help(f.fs.Args()[1:], flowvet, vetSuite)
	}
	if err := f.contradiction(cfg); err != nil {
		log.Print(err)
		return 2
	}
	if f.jsonOut && f.sarifOut {
		log.Print("-json and -sarif cannot be combined")
		return 1
	}
	fixing := f.fix || f.diff // -diff is -fix without writing
	if fixing && (f.jsonOut || f.sarifOut) {
		log.Print("-fix and -diff cannot be combined with -json or -sarif")
		return 1
	}
	patterns := f.fs.Args()
	if len(patterns) == 0 {
		f.fs.Usage()
		return 2
	}

	stop, err := startProfiles(f.cpuProfile, f.memProfile, f.traceOut)
	if err != nil {
		log.Print(err)
		return 1
	}
	defer func() {
		if err := stop(); err != nil {
			log.Print(err)
		}
	}()

	if !f.vetOn {
		disableVet(vetSuite)
	}
	candidates := flowvet
	if f.vetOn {
		candidates = all
	}
	analyzers := selectAnalyzers(candidates, f.enabled)
	if len(analyzers) == 0 {
		log.Print("no analyzer enabled")
		return 1
	}

	pcfg := &packages.Config{
		Mode:  packages.LoadSyntax | packages.NeedModule,
		Tests: f.tests,
	}
	if f.tags != "" {
		pcfg.BuildFlags = []string{"-tags=" + f.tags}
	}
	if needFacts(analyzers) {
		pcfg.Mode = packages.LoadAllSyntax | packages.NeedModule
	}
	initial, err := packages.Load(pcfg, patterns...)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		log.Print(err)
		return 1
	}
	exit := 0
	loadErrors := collectLoadErrors(initial, cwd)
	for _, e := range loadErrors {
		fmt.Fprintln(os.Stderr, e)
	}
	if len(loadErrors) > 0 {
		exit = 1
	}

	graph, err := checker.Analyze(analyzers, initial, nil)
	if err != nil {
		log.Print(err)
		return 1
	}
	var analysisErrors []string
	for act := range graph.All() {
		if act.Err != nil {
			// An analysis skipped because its package did not type-check
			// is a consequence of a load error already printed.
			msg := act.Err.Error()
			if len(loadErrors) > 0 && (strings.Contains(msg, "skipped due to errors in package") ||
				strings.HasPrefix(msg, "failed prerequisites")) {
				exit = 1
				continue
			}
			analysisErrors = append(analysisErrors, fmt.Sprintf("%s: %v", act, msg))
		}
	}
	for _, e := range analysisErrors {
		log.Print(e)
	}
	if len(analysisErrors) > 0 {
		exit = 1
	}

	findings := 0
	switch {
	case fixing:
		if exit != 0 {
			log.Print("nothing fixed: the packages above do not load")
			return exit
		}
		res := applyFixes(rootDiagnostics(graph), cwd, f.diff, os.Stdout)
		printText(os.Stderr, cwd, res.left, f.contextLines)
		findings = len(res.left)
		if res.failed {
			exit = 1
		}
	case f.sarifOut:
		doc, n := buildSARIF(graph, analyzers, cwd, append(loadErrors, analysisErrors...))
		findings = n
		if err := writeJSON(os.Stdout, doc); err != nil {
			log.Print(err)
			return 1
		}
	case f.jsonOut:
		if err := graph.PrintJSON(os.Stdout); err != nil {
			log.Print(err)
			return 1
		}
		findings = len(rootDiagnostics(graph))
	default:
		fs := rootDiagnostics(graph)
		printText(os.Stderr, cwd, fs, f.contextLines)
		findings = len(fs)
	}
	if exit == 0 && findings > 0 && !f.exitZero {
		exit = 3
	}
	return exit
}

// help prints the overview, or one analyzer's documentation.
func help(args []string, flowvet, vetSuite []*analysis.Analyzer) int {
	if len(args) == 0 {
		printHelp(os.Stdout, flowvet, vetSuite, newFlags(flowvet, vetSuite, config.Default("")).fs)
		return 0
	}
	code := 0
	for _, name := range args {
		found := false
		for _, a := range flowvet {
			if a.Name == name {
				printAnalyzerHelp(os.Stdout, a, false)
				found = true
			}
		}
		for _, a := range vetSuite {
			if a.Name == name {
				printAnalyzerHelp(os.Stdout, a, true)
				found = true
			}
		}
		if !found {
			log.Printf("no analyzer %q: flowvet help lists them", name)
			code = 2
		}
	}
	return code
}

// startProfiles starts what -cpuprofile and -trace ask for; stop ends them
// and writes the -memprofile heap profile (as multichecker does).
func startProfiles(cpu, mem, tr string) (stop func() error, err error) {
	var stops []func() error
	stop = func() error {
		var errs []error
		for i := len(stops) - 1; i >= 0; i-- {
			errs = append(errs, stops[i]())
		}
		return errors.Join(errs...)
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		stops = append(stops, func() error { pprof.StopCPUProfile(); return f.Close() })
	}
	if tr != "" {
		f, err := os.Create(tr)
		if err != nil {
			stop()
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			stop()
			return nil, err
		}
		stops = append(stops, func() error { trace.Stop(); return f.Close() })
	}
	if mem != "" {
		f, err := os.Create(mem)
		if err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, func() error {
			runtime.GC()
			return errors.Join(pprof.WriteHeapProfile(f), f.Close())
		})
	}
	return stop, nil
}

// collectLoadErrors lists, once each, the errors of the packages and modules
// (as packages.PrintErrors would), with file names relative to cwd when
// they are below it.
func collectLoadErrors(initial []*packages.Package, cwd string) []string {
	var out []string
	seen := make(map[string]bool)
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	seenModule := make(map[*packages.Module]bool)
	packages.Visit(initial, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			msg := e.Msg
			if e.Pos != "" && e.Pos != "-" {
				msg = relPos(cwd, e.Pos) + ": " + e.Msg
			}
			add(msg)
		}
		if m := p.Module; m != nil && m.Error != nil && !seenModule[m] {
			seenModule[m] = true
			add(m.Error.Err)
		}
	})
	return out
}

// relPos makes the file name of a "file:line:col" position relative to cwd
// when the file is below it.
func relPos(cwd, pos string) string {
	if !filepath.IsAbs(pos) {
		return pos
	}
	// The file name ends before ":line" or ":line:col".
	file, rest := pos, ""
	for range 2 {
		i := strings.LastIndexByte(file, ':')
		if i < 0 {
			break
		}
		if _, err := strconv.Atoi(file[i+1:]); err != nil {
			break
		}
		file, rest = file[:i], file[i:]+rest
	}
	if rel, err := filepath.Rel(cwd, file); err == nil && filepath.IsLocal(rel) {
		return rel + rest
	}
	return pos
}

// selectAnalyzers applies the enable flags as multichecker does: if any
// -NAME is true, only those run; otherwise every analyzer not set to false.
func selectAnalyzers(as []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	hasTrue := false
	for _, a := range as {
		if *enabled[a] == setTrue {
			hasTrue = true
		}
	}
	var keep []*analysis.Analyzer
	for _, a := range as {
		switch {
		case hasTrue && *enabled[a] == setTrue:
			keep = append(keep, a)
		case !hasTrue && *enabled[a] != setFalse:
			keep = append(keep, a)
		}
	}
	return keep
}

func needFacts(as []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(as)
}

// finding is one root diagnostic, deduplicated across a package and its
// test variant (the same file is analyzed in both).
type finding struct {
	act  *checker.Action
	diag analysis.Diagnostic
}

func rootDiagnostics(graph *checker.Graph) []finding {
	out := uniqueDiagnostics(graph)
	// Sort by position, then analyzer and message, for stable output.
	sort.SliceStable(out, func(i, j int) bool {
		pi := out[i].act.Package.Fset.Position(out[i].diag.Pos)
		pj := out[j].act.Package.Fset.Position(out[j].diag.Pos)
		if pi.Filename != pj.Filename {
			return pi.Filename < pj.Filename
		}
		if pi.Line != pj.Line {
			return pi.Line < pj.Line
		}
		if pi.Column != pj.Column {
			return pi.Column < pj.Column
		}
		if out[i].act.Analyzer.Name != out[j].act.Analyzer.Name {
			return out[i].act.Analyzer.Name < out[j].act.Analyzer.Name
		}
		return out[i].diag.Message < out[j].diag.Message
	})
	return out
}

func uniqueDiagnostics(graph *checker.Graph) []finding {
	type key struct {
		pos, end string
		a        *analysis.Analyzer
		msg      string
	}
	seen := make(map[key]bool)
	var out []finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			fset := act.Package.Fset
			k := key{fset.Position(d.Pos).String(), fset.Position(d.End).String(), act.Analyzer, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, finding{act, d})
		}
	}
	return out
}

// triState is an enable flag that knows whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }
func (ts *triState) Get() any         { return *ts == setTrue }
func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}
func (ts *triState) Set(v string) error {
	switch v {
	case "true", "1", "t", "T", "TRUE", "True":
		*ts = setTrue
	case "false", "0", "f", "F", "FALSE", "False":
		*ts = setFalse
	default:
		return fmt.Errorf("invalid boolean value %q", v)
	}
	return nil
}

// printText prints findings as go vet does ("file:line:col: message"), and
// the analyzer's name as staticcheck and golangci-lint do ("message
// (unflushed)": the name //flowvet:ignore and -NAME=false take), with
// file names relative to the working directory when they are below it, and
// with contextLines lines of context when that is not negative.
func printText(w io.Writer, cwd string, findings []finding, contextLines int) {
	for _, f := range findings {
		fset := f.act.Package.Fset
		print := func(pos, end token.Pos, message string) {
			posn := fset.Position(pos)
			name := posn.Filename
			if rel, err := filepath.Rel(cwd, name); err == nil && filepath.IsLocal(rel) {
				name = rel
			}
			fmt.Fprintf(w, "%s:%d:%d: %s\n", name, posn.Line, posn.Column, message)
			if contextLines < 0 {
				return
			}
			e := fset.Position(end)
			if !e.IsValid() {
				e = posn
			}
			data, _ := os.ReadFile(posn.Filename)
			lines := strings.Split(string(data), "\n")
			for i := posn.Line - contextLines; i <= e.Line+contextLines; i++ {
				if 1 <= i && i <= len(lines) {
					fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
				}
			}
		}
		print(f.diag.Pos, f.diag.End, f.diag.Message+" ("+f.act.Analyzer.Name+")")
		for _, rel := range f.diag.Related {
			print(rel.Pos, rel.End, "\t"+rel.Message)
		}
	}
}
