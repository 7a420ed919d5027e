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
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
)

func main() {
	progname := filepath.Base(os.Args[0])
	log.SetFlags(0)
	log.SetPrefix(progname + ": ")

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
	pre := preParse(args, all)

	if vetMode(args) {
		if pre.sarif {
			log.Fatal("-sarif works in standalone mode only; under go vet use -json")
		}
		runMulti(all, vetSuite)
		return
	}
	if pre.ok && !pre.fix && !pre.diff && pre.nargs > 0 && pre.first != "help" {
		os.Exit(runDriver(progname, args, flowvet, vetSuite))
	}
	// -fix and -diff, help, usage errors: multichecker.
	runMulti(all, vetSuite)
}

// runMulti hands over to x/tools' multichecker: go vet's unit protocol
// (-V=full, -flags, *.cfg), -fix and -diff, help, and usage errors.
func runMulti(all, vetSuite []*analysis.Analyzer) {
	flag.Var(vetFlag{vetSuite}, "vet", "also run the standard go vet suite (default true; -vet=false runs the flowvet analyzers only)")
	flag.Bool("sarif", false, "emit SARIF 2.1.0 on stdout (standalone mode only)")
	flag.Usage = func() {
		usage(filepath.Base(os.Args[0]))
		flag.PrintDefaults()
	}
	multichecker.Main(all...)
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

// vetMode reports whether go vet is talking to the tool: the -V=full and
// -flags queries, or a unit of work as a single *.cfg argument.
func vetMode(args []string) bool {
	for _, a := range args {
		switch strings.TrimLeft(a, "-") {
		case "V=full", "flags", "flags=true":
			if strings.HasPrefix(a, "-") {
				return true
			}
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

// vetFlag is the -vet flag. Setting it to false disables the vet suite before
// multichecker builds its graph of actions.
type vetFlag struct{ wrapped []*analysis.Analyzer }

func (vetFlag) IsBoolFlag() bool { return true }
func (vetFlag) String() string   { return "true" }
func (f vetFlag) Set(s string) error {
	on, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	if !on {
		disableVet(f.wrapped)
	}
	return nil
}

// preParsed is what main needs to know before choosing a driver.
type preParsed struct {
	ok                     bool // the flags parse
	json, sarif, fix, diff bool
	nargs                  int    // positional arguments
	first                  string // the first of them
}

// preParse reads the flags that choose a driver from args without side
// effects, using a flag set that knows every flag multichecker accepts
// (values ignored), so that non-boolean flags consume their argument as they
// will later. On a parse error ok is false, and multichecker reports it.
func preParse(args []string, analyzers []*analysis.Analyzer) preParsed {
	var p preParsed
	fs := flag.NewFlagSet("flowvet", flag.ContinueOnError)
	fs.SetOutput(discard{})
	fs.Usage = func() {}
	for name, isBool := range driverFlags(analyzers) {
		switch name {
		case "json":
			fs.BoolVar(&p.json, name, false, "")
		case "sarif":
			fs.BoolVar(&p.sarif, name, false, "")
		case "fix":
			fs.BoolVar(&p.fix, name, false, "")
		case "diff":
			fs.BoolVar(&p.diff, name, false, "")
		default:
			fs.Var(&shadow{isBool: isBool}, name, "")
		}
	}
	if err := fs.Parse(args); err != nil {
		return preParsed{}
	}
	p.ok = true
	p.nargs = fs.NArg()
	p.first = fs.Arg(0)
	return p
}

// driverFlags lists every flag name the binary accepts in any mode, and
// whether it is boolean: the analyzers' enable flags and own flags
// (-printf.funcs), multichecker's and analysisflags' flags, and ours.
func driverFlags(analyzers []*analysis.Analyzer) map[string]bool {
	m := map[string]bool{
		// analysisflags
		"flags": true, "V": true, "json": true, "c": false, "fix": true, "diff": true,
		"source": true, "v": true, "all": true, "tags": false,
		// internal/checker.RegisterFlags
		"debug": false, "cpuprofile": false, "memprofile": false, "trace": false, "test": true,
		// ours
		"vet": true, "sarif": true,
		// legacy vet aliases
		"bool": true, "buildtags": true, "methods": true, "rangeloops": true,
		"compositewhitelist": true, "printfuncs": false, "shadowstrict": true,
		"unusedfuncs": false, "unusedstringmethods": false,
	}
	for _, a := range analyzers {
		m[a.Name] = true
		a.Flags.VisitAll(func(f *flag.Flag) {
			b, ok := f.Value.(interface{ IsBoolFlag() bool })
			m[a.Name+"."+f.Name] = ok && b.IsBoolFlag()
		})
	}
	return m
}

type shadow struct{ isBool bool }

func (s *shadow) IsBoolFlag() bool   { return s.isBool }
func (s *shadow) String() string     { return "" }
func (s *shadow) Set(v string) error { return nil }

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func usage(progname string) {
	fmt.Fprintf(os.Stderr, `%[1]s finds ignored backpressure, writes after Close, stream errors nobody
handles and silently truncated output.

Usage:
	%[1]s [flags] packages        # standalone: exit 0 clean, 3 findings, 1 error
	go vet -vettool=$(which %[1]s) [flags] packages
	%[1]s help [analyzer]         # analyzers and their flags

`, progname)
}
