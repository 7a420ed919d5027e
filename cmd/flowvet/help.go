package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// printHelp prints flowvet's overview: what it is, how to run it, its
// analyzers, then go vet's, then the flags of fs.
func printHelp(w io.Writer, flowvet, vetSuite []*analysis.Analyzer, fs *flag.FlagSet) {
	fmt.Fprint(w, `flowvet finds ignored backpressure, writes after Close, stream errors nobody
handles and silently truncated output in Go code.

Usage:
  flowvet [flags] packages                   standalone: exit 0 clean, 3 findings, 1 error
  go vet -vettool=$(which flowvet) [flags] packages
  flowvet help [analyzer]                    this text, or one analyzer's documentation
  flowvet version

Settings shared by the three ways of running flowvet (this command, go vet,
the golangci-lint plugin) live in .flowvet.yml at the module root; flags given
here override it. See https://github.com/flowvet/flowvet/blob/main/docs/cli.md

`)
	width := 0
	for _, a := range append(append([]*analysis.Analyzer(nil), flowvet...), vetSuite...) {
		width = max(width, len(a.Name))
	}
	list := func(title string, as []*analysis.Analyzer) {
		fmt.Fprintf(w, "%s\n", title)
		for _, a := range as {
			fmt.Fprintf(w, "  %-*s  %s\n", width, a.Name, strings.TrimPrefix(summary(a.Doc), a.Name+": "))
		}
		fmt.Fprintln(w)
	}
	list("flowvet analyzers:", flowvet)
	list("go vet analyzers (also run, unless -vet=false):", vetSuite)
	fmt.Fprint(w, "Flags (each analyzer also has -NAME to run only the named ones, -NAME=false to\nturn one off, and -NAME.FLAG for its own flags: flowvet help NAME):\n")
	printFlags(w, fs, func(f *flag.Flag) bool { return !strings.Contains(f.Name, ".") && !isAnalyzerFlag(f) })
}

// printAnalyzerHelp prints one analyzer's documentation and flags.
func printAnalyzerHelp(w io.Writer, a *analysis.Analyzer, isVet bool) {
	fmt.Fprintf(w, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
	if a.URL != "" {
		fmt.Fprintf(w, "\nDocumentation: %s\n", a.URL)
	}
	if isVet {
		fmt.Fprintf(w, "\n%s belongs to go vet's suite: -vet=false turns it off with the rest.\n", a.Name)
	} else {
		width := 0
		for _, r := range suite.Tables[a.Name].Rules {
			width = max(width, len(r.ID))
		}
		fmt.Fprintf(w, "\nRules:\n")
		for _, r := range suite.Tables[a.Name].Rules {
			fmt.Fprintf(w, "  %-*s  %s\n", width, r.ID, r.Summary)
		}
		fmt.Fprintf(w, "A finding of a rule carries its ID as the diagnostic's Category (-json:\n"+
			"\"category\", -sarif: ruleId and properties.category). Turn one off with\n"+
			"disable-rules: [ID] in .flowvet.yml. Silence one finding with\n"+
			"//flowvet:ignore %s <reason>.\n", a.Name)
	}
	fmt.Fprintf(w, "\nFlags:\n  -%s\tenable %s (alone: run only the analyzers named so); -%s=false turns it off\n", a.Name, a.Name, a.Name)
	first := ""
	a.Flags.VisitAll(func(f *flag.Flag) {
		if first == "" {
			first = f.Name
		}
		_, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  -%s.%s%s\t%s\n", a.Name, f.Name, typeHint(f), usage)
	})
	if first != "" {
		fmt.Fprintf(w, "\nIn .flowvet.yml:\n\n  options:\n    %s:\n      %s: VALUE\n", a.Name, first)
	}
}

func isAnalyzerFlag(f *flag.Flag) bool {
	_, ok := f.Value.(*triState)
	return ok
}

// printFlags prints the flags of fs that keep selects, aligned.
func printFlags(w io.Writer, fs *flag.FlagSet, keep func(*flag.Flag) bool) {
	var lines [][2]string
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		if !keep(f) || strings.HasPrefix(f.Usage, "no effect") {
			return
		}
		name := "-" + f.Name + typeHint(f)
		width = max(width, len(name))
		_, usage := flag.UnquoteUsage(f)
		lines = append(lines, [2]string{name, usage})
	})
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l[0], l[1])
	}
}

// typeHint is " VALUE" for a flag that takes a value, "" for a boolean.
func typeHint(f *flag.Flag) string {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return ""
	}
	name, _ := flag.UnquoteUsage(f)
	if name == "" {
		name = "value"
	}
	return " " + name
}
