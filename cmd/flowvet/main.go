// Command flowvet finds ignored backpressure, writes after Close, stream
// errors nobody handles and silently truncated output in Go code.
//
// Standalone:
//
//	flowvet [flags] packages
//
// prints findings as text (default), as the analysis framework's JSON
// (-json) or as SARIF 2.1.0 (-sarif), or applies the suggested fixes (-fix,
// -diff). The exit code is 0 when there is nothing to report, 3 when there
// are findings, and 1 when the tool could not do its job (a package that
// does not load or type-check, a bad flag).
//
// As a go vet tool:
//
//	go vet -vettool=$(which flowvet) ./...
//
// By default flowvet also runs the standard go vet suite, so switching go vet
// to it loses no check; -vet=false runs the flowvet analyzers only. Each
// analyzer has an enable flag named after it (-backpressure=false turns one
// off; -backpressure alone runs only the ones named). Run 'flowvet help' for
// the list of analyzers and their flags. See docs/cli.md.
package main

import (
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/internal/config"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("flowvet: ")

	flowvet := suite.Analyzers
	for _, a := range flowvet {
		// Docs follow the "name: summary" first-line convention of doc.go
		// packages; help and SARIF show the summary after the name already.
		a.Doc = strings.TrimPrefix(a.Doc, a.Name+": ")
	}
	vetSuite := wrapVet(vet.Suite)
	all := append(append([]*analysis.Analyzer(nil), flowvet...), vetSuite...)
	if err := analysis.Validate(all); err != nil {
		log.Fatal(err)
	}
	if err := uniqueNames(all); err != nil {
		log.Fatal(err)
	}

	args := os.Args[1:]
	switch {
	case len(args) == 1 && (args[0] == "version" || args[0] == "-version" || args[0] == "--version"):
		fmt.Println(readBuildVersion())
		return
	case slices.Contains(args, "-V=full") || slices.Contains(args, "--V=full") || slices.Contains(args, "-V"):
		if err := printVetVersion(os.Stdout); err != nil {
			log.Fatal(err)
		}
		return
	case vetMode(args):
		runVet(args, flowvet, vetSuite)
		return
	}
	os.Exit(runStandalone(args, flowvet, vetSuite))
}

// runVet answers go vet: the -flags query and a unit of work (a *.cfg
// file), through x/tools' multichecker, which hands both to unitchecker.
// The settings of .flowvet.yml of the package's module apply; flags on the
// command line come after them and win.
func runVet(args []string, flowvet, vetSuite []*analysis.Analyzer) {
	all := append(append([]*analysis.Analyzer(nil), flowvet...), vetSuite...)
	cfg := config.Default("")
	if unit := args[len(args)-1]; strings.HasSuffix(unit, ".cfg") {
		dir, vetxOnly, err := readUnit(unit)
		if err != nil {
			log.Fatal(err)
		}
		// go vet drops the diagnostics of a unit it runs only for the
		// facts: the analyzers skip the checks that only report.
		suite.FactsOnly(vetxOnly)
		// A unit is one short process per package (1426 for go vet std),
		// whose collections start over a heap the linked packages' init
		// filled: most of what a small unit cost beyond the no-op tool
		// was GC (docs/performance.md). A later first collection trades
		// ~10 MB of peak RSS on net/http for it. GOGC, when set, wins.
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(400)
		}
		if cfg, err = config.FindAndLoad(dir, all); err != nil {
			log.Fatal(err)
		}
		if err := cfg.Apply(all); err != nil {
			log.Fatal(err)
		}
		// The selection of the file, as flags before those of the command line.
		os.Args = append(append([]string{os.Args[0]}, selectionArgs(cfg)...), args...)
		// The final -vet and a contradictory selection, before multichecker
		// parses the same flags.
		fl := newFlags(flowvet, vetSuite, cfg)
		fl.fs.SetOutput(io.Discard)
		fl.fs.Parse(os.Args[1 : len(os.Args)-1]) // errors: multichecker reports them
		if err := fl.contradiction(cfg); err != nil {
			log.Fatal(err)
		}
		if !fl.vetOn {
			disableVet(vetSuite)
		}
	}
	flag.Bool("vet", true, "also run the standard go vet suite (-vet=false runs the flowvet analyzers only)")
	flag.Var(&streamsFlag{config: cfg.Streams}, "streams", streamsUsage)
	multichecker.Main(all...)
}

// readUnit returns the directory of the package a go vet *.cfg file
// describes, and whether go vet runs the tool on it only for the facts
// its importers read (VetxOnly: it reports nothing on the package).
func readUnit(cfgFile string) (dir string, vetxOnly bool, err error) {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return "", false, err
	}
	var unit struct {
		Dir      string
		GoFiles  []string
		VetxOnly bool
	}
	if err := json.Unmarshal(data, &unit); err != nil {
		return "", false, fmt.Errorf("%s: %v", cfgFile, err)
	}
	if unit.Dir == "" && len(unit.GoFiles) > 0 {
		unit.Dir = filepath.Dir(unit.GoFiles[0])
	}
	return unit.Dir, unit.VetxOnly, nil
}

// selectionArgs turns the analyzer selection of a configuration into the
// equivalent flags.
func selectionArgs(c *config.Config) []string {
	var args []string
	if c.Vet != nil {
		args = append(args, "-vet="+strconv.FormatBool(*c.Vet))
	}
	for _, n := range c.Enable {
		args = append(args, "-"+n)
	}
	for _, n := range c.Disable {
		args = append(args, "-"+n+"=false")
	}
	return args
}

const streamsUsage = "stream types flowvet cannot infer: a comma-separated `list` of importpath.Type:Duty (Duty: Close, Flush, FlushError or CloseWithError), e.g. example.com/pkg.Writer:Close; added to the streams of .flowvet.yml"

// streamsFlag is -streams: the stream types it lists are declared with
// those of the configuration.
type streamsFlag struct {
	config []string
	value  string
}

func (f *streamsFlag) String() string {
	if f == nil {
		return ""
	}
	return f.value
}

func (f *streamsFlag) Set(s string) error {
	f.value = s
	specs := slices.Clone(f.config)
	for spec := range strings.SplitSeq(s, ",") {
		if spec = strings.TrimSpace(spec); spec != "" {
			specs = append(specs, spec)
		}
	}
	return suite.DeclareStreams(specs)
}

// uniqueNames reports an error if two analyzers share a name: the enable
// flags, the JSON and SARIF output and //flowvet:ignore all go by name.
func uniqueNames(as []*analysis.Analyzer) error {
	seen := make(map[string]bool)
	for _, a := range as {
		if seen[a.Name] {
			return fmt.Errorf("two analyzers are named %q", a.Name)
		}
		seen[a.Name] = true
	}
	return nil
}

// vetMode reports whether go vet is talking to the tool: the -flags query,
// or a unit of work as a single *.cfg argument.
func vetMode(args []string) bool {
	for _, a := range args {
		switch a {
		case "-flags", "--flags", "-flags=true", "--flags=true":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// wrapVet returns copies of the vet suite's analyzers that -vet=false can
// turn into no-ops once the flags are parsed: the copies keep the names,
// docs and flags of the originals, so the enable flags (-printf=false) and
// the JSON output are those of go vet.
func wrapVet(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		c := *a
		out[i] = &c
	}
	return out
}

// disableVet turns the wrapped vet analyzers into no-ops that require
// nothing, so -vet=false costs nothing but a few empty actions.
func disableVet(wrapped []*analysis.Analyzer) {
	for _, a := range wrapped {
		for _, f := range a.FactTypes {
			gob.Register(f) // facts may still appear in imported vetx files
		}
		a.Requires = nil
		a.ResultType = nil
		a.FactTypes = nil
		a.Run = func(*analysis.Pass) (any, error) { return nil, nil }
	}
}
