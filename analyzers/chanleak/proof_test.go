package chanleak_test

// The runtime proof: every exported function of the fixture packages runs
// in a testing/synctest bubble. A function the analyzer reports must leave
// a goroutine durably blocked, at the reported line, with synctest
// declaring the bubble deadlocked; a function it is silent on must leave
// no goroutine behind. The fixtures are compiled into this test from the
// same files the analyzer reads, so the two cannot drift.

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/chanleak/testdata/src/early"
	"github.com/flowvet/flowvet/analyzers/chanleak/testdata/src/group"
	"github.com/flowvet/flowvet/analyzers/chanleak/testdata/src/unclosed"
)

var fixturePackages = []string{"early", "group", "unclosed"}

var errJob = errors.New("job failed")

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// timeout is a context that ends after d of the bubble's clock.
func timeout(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	context.AfterFunc(ctx, cancel)
	return ctx
}

// slowPing answers after an hour of the bubble's clock.
func slowPing() error {
	slowWork()
	return nil
}

// slowWork answers after an hour of the bubble's clock.
func slowWork() int {
	time.Sleep(time.Hour)
	return 42
}

// runs calls each fixture function with arguments that take the path the
// analyzer reports (or, for a silent twin, the same path of its reported
// sibling).
var runs = map[string]func(){
	"early.ErrorBeforeReceive":  func() { early.ErrorBeforeReceive(true) },
	"early.Timeout":             func() { early.Timeout(time.Hour) },
	"early.Cancelled":           func() { early.Cancelled(cancelled()) },
	"early.FirstMatch":          func() { early.FirstMatch([]int{1, 2, 3}, 1) },
	"early.Sum":                 func() { early.Sum([]int{1, -1, 2, 3}) },
	"early.FirstError":          func() { early.FirstError([]error{errJob, errJob, errJob}) },
	"early.TwoSenders":          func() { early.TwoSenders(true) },
	"early.BufferedOne":         func() { early.BufferedOne(true) },
	"early.BufferedTwo":         func() { early.BufferedTwo(true) },
	"early.ReceivedOnEveryPath": func() { early.ReceivedOnEveryPath(true) },
	"early.TimeoutDone":         func() { early.TimeoutDone(time.Hour) },
	"early.CancelledSend":       func() { early.CancelledSend(cancelled()) },
	"early.FirstMatchDrained":   func() { early.FirstMatchDrained([]int{1, 2, 3}, 1) },
	"early.DeferredDrain":       func() { early.DeferredDrain([]int{1, 2, 3}, 1) },
	"early.FirstErrorCounted":   func() { early.FirstErrorCounted([]error{errJob, errJob, errJob}) },
	"early.FirstErrorSized":     func() { early.FirstErrorSized([]error{errJob, errJob, errJob}) },
	"early.CommaOK":             func() { early.CommaOK([]int{1, 2, 3}) },
	"early.Async":               func() { <-early.Async() },
	"early.FirstReply":          func() { early.FirstReply([]int{1, 2, 3}) },
	"early.ActiveWorkers":       func() { early.ActiveWorkers([]error{errJob, nil, errJob}) },
	"early.TwoWorkers":          func() { early.TwoWorkers() },
	"early.Recovered":           func() { early.Recovered(true) },
	"early.Ticker":              func() { early.Ticker(timeout(1500 * time.Millisecond)) },
	"early.Pinger":              func() { early.Pinger(timeout(1500 * time.Millisecond)) },
	"early.TwoReceivers":        func() { early.TwoReceivers() },
	"early.PanicBeforeReceive":  func() { early.PanicBeforeReceive(false) },
	"early.HealthCheck":         func() { early.HealthCheck(slowPing, time.Second, 3) },
	"early.SlowResult":          func() { early.SlowResult(slowWork, time.Second, func(error) {}) },
	"early.SlowResultChecked":   func() { early.SlowResultChecked(slowWork, time.Second, func() error { return nil }, func(error) {}) },

	"group.Process":       func() { group.Process(context.Background(), []int{1, -1, 2, 3}) },
	"group.Workers":       func() { group.Workers([]int{1, -1, 2, 3}) },
	"group.Detached":      func() { group.Detached([]int{1, -1, 2, 3}, func(int) {}) },
	"group.ProcessSelect": func() { group.ProcessSelect(context.Background(), []int{1, -1, 2, 3}) },
	"group.ProcessDrain":  func() { group.ProcessDrain(context.Background(), []int{1, -1, 2, 3}) },
	"group.OneResult":     func() { group.OneResult(context.Background()) },
	"group.Feed":          func() { group.Feed([]int{1, -1, 2, 3}, func(int) {}) },
	"group.FeedDone":      func() { group.FeedDone([]int{1, -1, 2, 3}, func(int) {}) },
	"group.OneEvent":      func() { group.OneEvent(1) },
	"group.Handshake":     func() { group.Handshake() },
	"group.Queue":         func() { group.Queue([]int{1, 2, 3}) },

	"unclosed.Squares":           func() { unclosed.Squares([]int{1, -1, 2}) },
	"unclosed.Feed":              func() { unclosed.Feed([]int{1, -1, 2}, func(int) {}) },
	"unclosed.SquaresDeferClose": func() { unclosed.SquaresDeferClose([]int{1, -1, 2}) },
	"unclosed.SquaresSentinel":   func() { unclosed.SquaresSentinel([]int{1, -1, 2}) },
	"unclosed.FeedClosed":        func() { unclosed.FeedClosed([]int{1, -1, 2}, func(int) {}) },
	"unclosed.Relay": func() {
		ticks := make(chan time.Time)
		go func() {
			ticks <- time.Now()
			close(ticks)
		}()
		unclosed.Relay(ticks, 3)
	},
	"unclosed.Ticks": func() { unclosed.Ticks(3) },
}

// prove checks every exported function of the analysed fixture packages
// against its run.
func prove(t *testing.T, results []*analysistest.Result) {
	seen := make(map[string]bool)
	for _, r := range results {
		for _, f := range r.Pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || !fd.Name.IsExported() {
					continue
				}
				name := r.Pass.Pkg.Name() + "." + fd.Name.Name
				seen[name] = true
				fn, ok := runs[name]
				if !ok {
					t.Errorf("%s has no runtime proof: add it to runs", name)
					continue
				}
				var lines []string // file:line of each report in fd
				for _, diag := range r.Diagnostics {
					if fd.Pos() <= diag.Pos && diag.Pos < fd.End() {
						p := r.Pass.Fset.Position(diag.Pos)
						lines = append(lines, fmt.Sprintf("%s/%s:%d", r.Pass.Pkg.Path(), filepath.Base(p.Filename), p.Line))
					}
				}
				t.Run(name, func(t *testing.T) { proveOne(t, fn, lines) })
			}
		}
	}
	for name := range runs {
		if !seen[name] {
			t.Errorf("runs has %s, which is no exported fixture function", name)
		}
	}
}

// proveOne runs fn in a bubble. With reports (lines), the bubble must
// deadlock with a goroutine durably blocked on a channel at each line;
// without, every goroutine must exit.
func proveOne(t *testing.T, fn func(), lines []string) {
	deadlock, stacks := inBubble(t, fn)
	if len(lines) == 0 {
		if deadlock != nil {
			t.Fatalf("silent fixture leaks: %v\n%s", deadlock, stacks)
		}
		return
	}
	if deadlock == nil {
		t.Fatalf("reported at %v, but every goroutine exited", lines)
	}
	blocked := blockedAt(stacks)
	for _, l := range lines {
		if !slices.ContainsFunc(blocked, func(b string) bool { return strings.HasSuffix(b, l) }) {
			t.Errorf("reported at %s, but no goroutine is durably blocked on a channel there; blocked: %v\n%s", l, blocked, stacks)
		}
	}
}

// inBubble runs fn in a goroutine of a synctest bubble and waits until
// every goroutine of the bubble is durably blocked or gone. It returns
// synctest's deadlock panic (nil when every goroutine exited) and the
// goroutine stacks at that moment.
func inBubble(t *testing.T, fn func()) (deadlock any, stacks string) {
	defer func() {
		deadlock = recover()
		if deadlock != nil && !strings.Contains(fmt.Sprint(deadlock), "deadlock") {
			panic(deadlock)
		}
	}()
	synctest.Test(t, func(t *testing.T) {
		go fn()
		time.Sleep(24 * time.Hour) // in the bubble's clock: every timer of the fixtures fires
		synctest.Wait()
		buf := make([]byte, 1<<20)
		stacks = string(buf[:runtime.Stack(buf, true)])
	})
	return nil, stacks
}

var (
	runningHeader = regexp.MustCompile(`^goroutine \d+ \[running, (synctest bubble \d+)\]:`)
	blockedHeader = regexp.MustCompile(`^goroutine \d+ \[chan (send|receive) \(durable\), (synctest bubble \d+)\]:`)
)

// blockedAt returns the file:line (with the fixture's package directory)
// where each goroutine of the bubble durably blocked on a channel send or
// receive stands. The first goroutine of stacks is the one that took
// them, in the bubble; goroutines of earlier bubbles are left out.
func blockedAt(stacks string) []string {
	var at []string
	goroutines := strings.Split(stacks, "\n\n")
	self := runningHeader.FindStringSubmatch(goroutines[0])
	if self == nil {
		return nil
	}
	for _, g := range goroutines {
		lines := strings.Split(g, "\n")
		m := blockedHeader.FindStringSubmatch(lines[0])
		if len(lines) < 3 || m == nil || m[2] != self[1] {
			continue
		}
		loc, _, _ := strings.Cut(strings.TrimSpace(lines[2]), " ")
		at = append(at, filepath.Base(filepath.Dir(loc))+"/"+filepath.Base(loc))
	}
	return at
}
