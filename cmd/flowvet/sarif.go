package main

import (
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// The subset of SARIF 2.1.0 that flowvet writes, as GitHub code scanning
// reads it: https://docs.oasis-open.org/sarif/sarif/v2.1.0/ and
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	srcRoot      = "%SRCROOT%"
	infoURI      = "https://github.com/flowvet/flowvet"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	SemVer         string      `json:"semanticVersion"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifMessage  `json:"shortDescription"`
	FullDescription      sarifMessage  `json:"fullDescription"`
	Help                 sarifMessage  `json:"help"`
	HelpURI              string        `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
	// Properties tag the rule with its analyzer's name (GitHub code
	// scanning filters alerts by tag).
	Properties sarifRuleProperties `json:"properties"`
}

type sarifRuleProperties struct {
	Tags []string `json:"tags"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
	// Properties carry the rule ID within the analyzer (the diagnostic's
	// Category), which disable-rules in .flowvet.yml takes.
	Properties *sarifResultProperties `json:"properties,omitempty"`
}

type sarifResultProperties struct {
	Category string `json:"category"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifMessage `json:"insertedContent,omitempty"`
}

// buildSARIF turns the root diagnostics of graph into one SARIF run. It
// returns the log and the number of results.
func buildSARIF(graph *checker.Graph, analyzers []*analysis.Analyzer, cwd string, errs []string) (*sarifLog, int) {
	conv := &sarifConverter{cwd: cwd, lines: make(map[string][]string)}

	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "flowvet",
			Version:        toolVersion(),
			SemVer:         toolVersion(),
			InformationURI: infoURI,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{
			srcRoot: {URI: fileURI(cwd) + "/"},
		},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
	}
	rules := newSARIFRules(analyzers)

	inv := sarifInvocation{ExecutionSuccessful: len(errs) == 0}
	for _, e := range errs {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: e}})
	}
	run.Invocations = []sarifInvocation{inv}

	findings := rootDiagnostics(graph)
	for _, f := range findings {
		fset := f.act.Package.Fset
		a := f.act.Analyzer
		d := f.diag
		index := rules.of(a, d.Category)
		res := sarifResult{
			RuleID:    rules.list[index].ID,
			RuleIndex: index,
			Level:     "warning",
			Message:   sarifMessage{Text: d.Message},
			Locations: []sarifLocation{conv.location(fset, d.Pos, d.End)},
		}
		if d.Category != "" {
			res.Properties = &sarifResultProperties{Category: d.Category}
		}
		for i, rel := range d.Related {
			loc := conv.location(fset, rel.Pos, rel.End)
			id := i + 1
			loc.ID = &id
			loc.Message = &sarifMessage{Text: rel.Message}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		for _, fix := range d.SuggestedFixes {
			if sf, ok := conv.fix(fset, fix); ok {
				res.Fixes = append(res.Fixes, sf)
			}
		}
		run.Results = append(run.Results, res)
	}
	run.Tool.Driver.Rules = rules.list
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}, len(findings)
}

// sarifRules are the rules of a run. A flowvet analyzer's rules are its
// table's (suite.Tables), so a result's ruleId is the rule that fired; go
// vet's analyzers, which have none, are one rule each, named after the
// analyzer.
type sarifRules struct {
	list  []sarifRule
	index map[[2]string]int // by analyzer name and Category ("": the analyzer's own rule)
}

func newSARIFRules(analyzers []*analysis.Analyzer) *sarifRules {
	rs := &sarifRules{list: []sarifRule{}, index: make(map[[2]string]int)}
	for _, a := range analyzers {
		table, ok := suite.Tables[a.Name]
		if !ok {
			rs.addAnalyzer(a)
			continue
		}
		for _, r := range table.Rules {
			_, word, _ := strings.Cut(r.ID, "-")
			rs.add(a, r.ID, sarifRule{ID: r.ID, Name: pascal(a.Name) + pascal(word), ShortDescription: sarifMessage{Text: r.Summary}})
		}
	}
	return rs
}

// add adds r, the rule of a's diagnostics with category, and returns its
// index.
func (rs *sarifRules) add(a *analysis.Analyzer, category string, r sarifRule) int {
	r.FullDescription = sarifMessage{Text: a.Doc}
	r.Help = sarifMessage{Text: helpText(a), Markdown: helpMarkdown(a)}
	r.HelpURI = a.URL
	r.DefaultConfiguration = sarifRuleConf{Level: "warning"}
	r.Properties = sarifRuleProperties{Tags: []string{a.Name}}
	rs.index[[2]string{a.Name, category}] = len(rs.list)
	rs.list = append(rs.list, r)
	return len(rs.list) - 1
}

func (rs *sarifRules) addAnalyzer(a *analysis.Analyzer) int {
	return rs.add(a, "", sarifRule{ID: a.Name, Name: "Vet" + pascal(a.Name), ShortDescription: sarifMessage{Text: summary(a.Doc)}})
}

// of returns the index of the rule of a diagnostic of a with category:
// the rule of that ID, or else the analyzer's own rule (a vet analyzer's
// diagnostic with a Category; a flowvet diagnostic outside its table,
// which the analyzers' tests forbid), added when missing.
func (rs *sarifRules) of(a *analysis.Analyzer, category string) int {
	if i, ok := rs.index[[2]string{a.Name, category}]; ok {
		return i
	}
	if i, ok := rs.index[[2]string{a.Name, ""}]; ok {
		return i
	}
	return rs.addAnalyzer(a)
}

type sarifConverter struct {
	cwd   string
	lines map[string][]string // file contents by line, for UTF-16 columns
}

// artifact returns the location of a file: relative to %SRCROOT% (the
// working directory) when it lies below it, an absolute file URI otherwise.
func (c *sarifConverter) artifact(filename string) sarifArtifactLoc {
	if rel, err := filepath.Rel(c.cwd, filename); err == nil && filepath.IsLocal(rel) {
		return sarifArtifactLoc{URI: relURI(rel), URIBaseID: srcRoot}
	}
	return sarifArtifactLoc{URI: fileURI(filename)}
}

func (c *sarifConverter) location(fset *token.FileSet, pos, end token.Pos) sarifLocation {
	p := fset.Position(pos)
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: c.artifact(p.Filename),
		Region:           c.region(fset, pos, end),
	}}
}

// region converts a token range to SARIF's 1-based lines and UTF-16 columns
// (SARIF's default column kind; go/token columns count bytes).
func (c *sarifConverter) region(fset *token.FileSet, pos, end token.Pos) sarifRegion {
	p := fset.Position(pos)
	e := p
	if end.IsValid() && end >= pos {
		e = fset.Position(end)
	}
	return sarifRegion{
		StartLine:   max(p.Line, 1),
		StartColumn: c.column(p),
		EndLine:     max(e.Line, 1),
		EndColumn:   c.column(e),
	}
}

func (c *sarifConverter) column(p token.Position) int {
	if p.Column < 1 {
		return 1
	}
	lines, ok := c.lines[p.Filename]
	if !ok {
		if data, err := os.ReadFile(p.Filename); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.lines[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return p.Column
	}
	line := lines[p.Line-1]
	n := min(p.Column-1, len(line))
	col := 1
	for _, r := range line[:n] {
		if r == utf8.RuneError {
			col++
			continue
		}
		col += utf16.RuneLen(r)
	}
	return col + (p.Column - 1 - n)
}

func (c *sarifConverter) fix(fset *token.FileSet, fix analysis.SuggestedFix) (sarifFix, bool) {
	sf := sarifFix{Description: sarifMessage{Text: fix.Message}}
	byFile := make(map[string]int)
	for _, edit := range fix.TextEdits {
		p := fset.Position(edit.Pos)
		if p.Filename == "" {
			return sarifFix{}, false
		}
		end := edit.End
		if !end.IsValid() {
			end = edit.Pos
		}
		i, ok := byFile[p.Filename]
		if !ok {
			i = len(sf.ArtifactChanges)
			byFile[p.Filename] = i
			sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{ArtifactLocation: c.artifact(p.Filename)})
		}
		sf.ArtifactChanges[i].Replacements = append(sf.ArtifactChanges[i].Replacements, sarifReplacement{
			DeletedRegion:   c.region(fset, edit.Pos, end),
			InsertedContent: &sarifMessage{Text: string(edit.NewText)},
		})
	}
	if sf.Description.Text == "" || len(sf.ArtifactChanges) == 0 {
		return sarifFix{}, false
	}
	return sf, true
}

// pascal capitalizes a lower-case word: SARIF wants a rule's name, which
// differs from its id, to be one Pascal-case identifier
// (UnflushedUnfinished for U-unfinished, VetPrintf for go vet's printf).
func pascal(word string) string {
	return strings.ToUpper(word[:1]) + word[1:]
}

// toolVersion is the semantic version of the module flowvet was built from,
// without the "v" (SARIF wants it to start with a number), or 0.0.0-devel
// for a build from a checkout.
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(bi.Main.Version, "v") {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "0.0.0-devel"
}

// summary is the first sentence or line of an analyzer's Doc.
func summary(doc string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(doc), "\n\n")
	first = strings.Join(strings.Fields(first), " ")
	if first == "" {
		return "flowvet analyzer"
	}
	return first
}

func helpText(a *analysis.Analyzer) string {
	if a.URL == "" {
		return a.Doc
	}
	return a.Doc + "\n\nDocumentation: " + a.URL
}

func helpMarkdown(a *analysis.Analyzer) string {
	if a.URL == "" {
		return ""
	}
	return strings.TrimSpace(a.Doc) + "\n\n[Documentation](" + a.URL + ")"
}

// relURI turns a relative OS path into a relative URI reference.
func relURI(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func fileURI(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return strings.TrimSuffix(u.String(), "/")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
