package backpressure

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// waits reports whether n may wait for the consumer, or hand the decision
// to code the analyzer cannot see: a flowrt call other than Write, Buffered
// and Err; a blocking receive or send; time.Sleep and the sync waits; a
// call of a function value or interface method; a call that is given a
// flowrt stream, a context, or a struct holding a flowrt stream. With
// strict, closing the writer does not count: Close after an unchecked
// Write does not wait for the consumer, and a false (stream destroyed)
// means the item was dropped. A wait (BS-waits) or a call the analyzer
// cannot see into (BS-opaque) ends a path from a false branch.
func (f *funcInfo) waits(n ast.Node, strict bool) bool {
	if f.nonBlocking[n] {
		return false // a select with a default polls
	}
	hit := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if m.Op == token.ARROW && !f.c.timerChan(m.X) {
				hit = true
			}
		case *ast.SendStmt:
			hit = true
		case *ast.ExprStmt:
			// w.Drained() or r.Ready() as a statement returns the
			// channel and waits for nothing (receiving from it, or
			// handing it on, may).
			if call, ok := ast.Unparen(m.X).(*ast.CallExpr); ok {
				if fn := streams.Callee(f.c.info, call); streams.IsMethod(fn, streams.FlowrtPath, "Writer", "Drained") ||
					streams.IsMethod(fn, streams.FlowrtPath, "Reader", "Ready") {
					return false
				}
			}
		case *ast.GoStmt:
			// go w.Drain(ctx): the call runs elsewhere; only its
			// arguments are evaluated here.
			hit = slices.ContainsFunc(m.Call.Args, func(a ast.Expr) bool { return f.waits(a, strict) })
			return false
		case *ast.DeferStmt:
			// defer w.Drain(ctx): the call runs at the return.
			hit = slices.ContainsFunc(m.Call.Args, func(a ast.Expr) bool { return f.waits(a, strict) })
			return false
		case *ast.CallExpr:
			if s, ok := f.c.source(m); ok && !slices.ContainsFunc(s.args, f.givesWriter) {
				// The arguments of a write fetch the item (w.Write(<-in),
				// w.Write(gen())): no wait, as in fetches.
				return false
			}
			if f.mayWait(m, strict) {
				hit = true
			}
		}
		return !hit
	})
	return hit
}

// pauses reports whether n waits for a timer: time.Sleep, a blocking
// receive from time.After, time.Tick or a Ticker's or Timer's C. A timer
// measures time, not the consumer: it is no wait (see waits).
func (f *funcInfo) pauses(n ast.Node) bool {
	if f.nonBlocking[n] {
		return false
	}
	hit := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if m.Op == token.ARROW && f.c.timerChan(m.X) {
				hit = true
			}
		case *ast.CallExpr:
			if fn := streams.Callee(f.c.info, m); streams.IsFunc(fn, "time", "Sleep") {
				hit = true
			}
		}
		return !hit
	})
	return hit
}

// timerChan reports whether e is the channel of a timer: time.After(d),
// time.Tick(d), or the C of a time.Ticker or time.Timer.
func (c *checker) timerChan(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := streams.Callee(c.info, e)
		return streams.IsFunc(fn, "time", "After") || streams.IsFunc(fn, "time", "Tick")
	case *ast.SelectorExpr:
		if e.Sel.Name != "C" {
			return false
		}
		if _, ok := c.info.Uses[e.Sel].(*types.Var); !ok {
			return false
		}
		t := c.info.TypeOf(e.X)
		return streams.IsNamed(t, "time", "Ticker") || streams.IsNamed(t, "time", "Timer")
	}
	return false
}

func (f *funcInfo) mayWait(call *ast.CallExpr, strict bool) bool {
	info := f.c.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return false // conversion
	}
	if _, ok := f.c.source(call); ok {
		return false // a write, not a wait
	}
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return false
	case *types.Func:
		if obj.Pkg() != nil && obj.Pkg().Path() == streams.FlowrtPath {
			if streams.IsMethod(obj, streams.FlowrtPath, "Writer", "Buffered") ||
				streams.IsMethod(obj, streams.FlowrtPath, "Writer", "Err") ||
				streams.IsMethod(obj, streams.FlowrtPath, "Writer", "Stats") ||
				streams.IsMethod(obj, streams.FlowrtPath, "Reader", "Stats") {
				return false
			}
			if strict && (streams.IsMethod(obj, streams.FlowrtPath, "Writer", "Close") ||
				streams.IsMethod(obj, streams.FlowrtPath, "Writer", "CloseWithError")) {
				return false
			}
			return true // Drain, Drained, Send, Close, a Read of the consumer...
		}
		if streams.IsFunc(obj, "time", "Sleep") || streams.IsFunc(obj, "runtime", "Gosched") {
			return false // time passes, the consumer may not have read anything
		}
		if streams.IsMethod(obj, "sync", "Cond", "Wait") || streams.IsMethod(obj, "sync", "WaitGroup", "Wait") {
			return true
		}
		if obj.Pkg() != nil && neverWaits[obj.Pkg().Path()] {
			return false // logging, formatting: slog.WarnContext(ctx, ...) does not wait
		}
		sig := obj.Type().(*types.Signature)
		if sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
			if streams.IsNamed(sig.Recv().Type(), "context", "Context") {
				return false // ctx.Err() polls; a receive from ctx.Done() is a wait
			}
			return true // dynamic call: unknown
		}
		if recv := streams.Receiver(call); recv != nil && sig.Recv() != nil && holdsStream(info.TypeOf(recv)) {
			return true
		}
		for _, a := range call.Args {
			if holdsStream(info.TypeOf(a)) {
				return true
			}
		}
		return false
	default:
		return true // a func value, an immediately called literal: unknown
	}
}

// neverWaits lists standard packages whose functions do not wait for a
// consumer, whatever they are given.
var neverWaits = map[string]bool{
	"errors": true, "expvar": true, "fmt": true, "log": true, "log/slog": true,
	"strconv": true, "strings": true, "sync/atomic": true,
}

// holdsStream reports whether a value of type t gives access to a flowrt
// stream or a context: one of those, or a struct with such a field.
func holdsStream(t types.Type) bool {
	if t == nil {
		return false
	}
	if isStreamOrContext(t) {
		return true
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if isStreamOrContext(st.Field(i).Type()) {
			return true
		}
	}
	return false
}

func isStreamOrContext(t types.Type) bool {
	return streams.IsFlowrtWriter(t) || streams.IsFlowrtReader(t) || streams.IsPipeline(t) ||
		streams.IsNamed(t, "context", "Context")
}

// receivesDone reports whether the comm statement of a select case
// receives from a context's Done channel.
func (f *funcInfo) receivesDone(comm ast.Stmt) bool {
	fn := f.receivesFrom(comm)
	if fn == nil || fn.Name() != "Done" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && streams.IsNamed(recv.Type(), "context", "Context")
}

// receivesDrained reports whether the comm statement of a select case
// receives from a flowrt writer's Drained(): in that case's body the
// buffer has drained, even in a select that polls with a default.
func (f *funcInfo) receivesDrained(comm ast.Stmt) bool {
	fn := f.receivesFrom(comm)
	if fn == nil || fn.Name() != "Drained" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && streams.IsFlowrtWriter(recv.Type())
}

// receivesFrom returns the function called in the comm statement <-x.F()
// (v := <-x.F(), v, ok := <-x.F()), or nil.
func (f *funcInfo) receivesFrom(comm ast.Stmt) *types.Func {
	var x ast.Expr
	switch comm := comm.(type) {
	case *ast.ExprStmt:
		x = comm.X
	case *ast.AssignStmt:
		if len(comm.Rhs) == 1 {
			x = comm.Rhs[0]
		}
	}
	u, ok := ast.Unparen(x).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	return streams.Callee(f.c.info, call)
}
