package unflushed

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// ---- path search ----

type state struct {
	written, flushed bool
	expl, def        uint8 // 0 nothing, 1 done with the error dropped, 2 done and checked
	explSync         bool  // expl is a checked Sync of a file: a later write undoes it
	readSince        bool  // the destination buffer was read after the last write
	explAt, defAt    token.Pos
	nonNil           uint64
	destAlias        *types.Var // a variable the path found equal to the destination (nilDest)
	eof              uint64     // error variables the path found equal to io.EOF: the end of input, no failure being handled
}

type findings struct {
	missing   token.Pos // the return (or re-creation) reached unfinished
	missFlush bool      // an encoder only flushed
	dropped   map[token.Pos]bool
	deferRets map[*ast.ReturnStmt]bool // success returns reached with only a dropped deferred finish
	deferAt   token.Pos
	readAt    *event
	readDefer bool
	exitAt    token.Pos
	exitDefer bool          // every path to exitAt has a deferred finish
	exitCall  *ast.CallExpr // the call at exitAt
}

// search walks every path from the creation of v to the function's exits
// and records what is missing on them.
func (c *checker) search(v *value) {
	// The creation node: the assignment or ValueSpec of the constructor
	// call, which go/cfg lists as a node.
	if c.fn == nil {
		c.fn = &typestate.Func{CFG: c.g, Info: c.pass.TypesInfo, SkipsDefers: c.model.ExitSkipsDefers}
	}
	start := c.parents[v.ctor]
	if _, ok := c.fn.Locate(start); !ok {
		return // dead code
	}
	f := &findings{dropped: make(map[token.Pos]bool), deferRets: make(map[*ast.ReturnStmt]bool)}
	// The creation node itself: only the events after the constructor.
	var st state
	if !c.applyNode(v, start, v.ctor.Pos(), &st, f) {
		c.report(v, f)
		return
	}
	dest := c.destVar(v)
	typestate.CheckAfter(c.fn, start, st, typestate.Policy[state]{
		Limit:  10000,
		NonNil: v.obj, // the writer exists on every path from here (US-errbranch)
		Branch: func(cond ast.Expr, whenTrue bool, st state) (state, bool) {
			st.nonNil = c.refine(cond, whenTrue, st.nonNil)
			errpath.BranchEOF(c.pass.TypesInfo, cond, whenTrue, func(x *types.Var) {
				if idx, ok := c.errVar[x]; ok {
					st.eof |= 1 << idx
				}
			})
			if dest != nil {
				if c.nilDest(cond, whenTrue, dest, st.destAlias) {
					return st, false // US-nildest
				}
				st.destAlias = c.destEqual(cond, whenTrue, dest, st.destAlias)
			}
			return st, true
		},
		Step: func(n ast.Node, st state) (state, bool) {
			ok := c.applyNode(v, n, token.NoPos, &st, f)
			return st, ok
		},
		Exit: func(e typestate.Exit, st state) {
			switch e.Kind {
			case typestate.Return:
				c.atReturn(v, e.Return, st, f)
			case typestate.SkipsDefers:
				c.atExit(v, e.Last, st, f)
			} // a panic is no normal return (US-noreturn)
		},
	})
	c.report(v, f)
}

// atExit checks the state at a call that ends the process without running
// deferred calls (os.Exit, log.Fatal, a helper that always exits): a
// buffered or encoding writer over something outside the process loses
// its output (a file's data is already in the kernel; a memory buffer dies
// with the process). os.Exit(0) reports success, so any unfinished writer
// counts; another exit counts when a deferred finish was meant to run
// there.
func (c *checker) atExit(v *value, last ast.Node, st state, f *findings) {
	if v.info.kind == kFile || v.mem || !st.written || st.expl != 0 {
		return // US-exitfile
	}
	if !isExitZero(c.pass.TypesInfo, last) && st.def == 0 {
		return // US-noreturn: a failing exit with nothing deferred
	}
	switch pos := last.Pos(); {
	case !f.exitAt.IsValid() || pos < f.exitAt:
		f.exitAt, f.exitDefer, f.exitCall = pos, st.def >= 1, last.(*ast.ExprStmt).X.(*ast.CallExpr)
	case pos == f.exitAt:
		f.exitDefer = f.exitDefer && st.def >= 1
	}
}

// applyNode applies the events inside node n (those after skipTo, when
// set) to st; false ends the path.
func (c *checker) applyNode(v *value, n ast.Node, skipTo token.Pos, st *state, f *findings) bool {
	lo := sort.Search(len(c.events), func(k int) bool { return c.events[k].pos >= n.Pos() })
	for k := lo; k < len(c.events) && c.events[k].pos < n.End(); k++ {
		ev := &c.events[k]
		if skipTo.IsValid() && ev.pos <= skipTo {
			continue
		}
		if !c.apply(v, ev, st, f) {
			return false
		}
	}
	return true
}

// setMissing records an unfinished exit at pos (a return, or the
// re-creation of the writer): the earliest in the source is reported, as
// "flushed but not closed" only when every path to it flushed.
func (f *findings) setMissing(pos token.Pos, flushed bool) {
	switch {
	case !f.missing.IsValid() || pos < f.missing:
		f.missing, f.missFlush = pos, flushed
	case pos == f.missing:
		f.missFlush = f.missFlush && flushed
	}
}

// earliest returns the earlier of two positions, ignoring NoPos: the
// findings name the first place in the source, whatever the order in which
// the paths were explored.
func earliest(p, q token.Pos) token.Pos {
	if !p.IsValid() || (q.IsValid() && q < p) {
		return q
	}
	return p
}

// destVar returns the variable a writer wrapping another (bufio.NewWriter(w))
// was made over, when it is a plain variable; nil otherwise.
func (c *checker) destVar(v *value) *types.Var {
	if len(v.ctor.Args) == 0 {
		return nil
	}
	id, ok := ast.Unparen(v.ctor.Args[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	d, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	return d
}

// nilDest reports whether the branch of e taken (cond) is one on which the
// writer's destination dest, or the variable alias the path found equal
// to it, is nil: there is nothing to flush to (a Flush would panic), so
// the path is not followed (US-nildest; relic's WriteDirectory(wcd, weod)
// returns on `wcd == weod && weod == nil`).
func (c *checker) nilDest(e ast.Expr, cond bool, dest, alias *types.Var) bool {
	found := false
	errpath.BranchNilTests(c.pass.TypesInfo, e, cond, func(x *types.Var, isNonNil bool) {
		if !isNonNil && (x == dest || alias != nil && x == alias) {
			found = true
		}
	})
	return found
}

// destEqual returns the variable the branch of e taken (cond) finds equal
// to dest (`dest == x` true, `dest != x` false), or alias when it finds
// none.
func (c *checker) destEqual(e ast.Expr, cond bool, dest, alias *types.Var) *types.Var {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || !(b.Op == token.EQL && cond || b.Op == token.NEQ && !cond) {
		return alias
	}
	l, lok := ast.Unparen(b.X).(*ast.Ident)
	r, rok := ast.Unparen(b.Y).(*ast.Ident)
	if !lok || !rok {
		return alias
	}
	lv, _ := c.pass.TypesInfo.Uses[l].(*types.Var)
	rv, _ := c.pass.TypesInfo.Uses[r].(*types.Var)
	switch {
	case lv == dest && rv != nil:
		return rv
	case rv == dest && lv != nil:
		return lv
	}
	return alias
}

// refine updates the set of error variables known to be non-nil after the
// condition e evaluated to cond.
func (c *checker) refine(e ast.Expr, cond bool, nonNil uint64) uint64 {
	errpath.BranchNilTests(c.pass.TypesInfo, e, cond, func(x *types.Var, isNonNil bool) {
		idx, ok := c.errVar[x]
		switch {
		case !ok:
		case isNonNil:
			nonNil |= 1 << idx
		default:
			nonNil &^= 1 << idx
		}
	})
	if c.sentinel == nil { // US-errsentinel
		c.sentinel = errpath.SentinelOnly(c.pass.TypesInfo, c.body)
		if c.sentinel == nil {
			c.sentinel = map[*types.Var]bool{}
		}
	}
	errpath.BranchSentinelTests(c.pass.TypesInfo, e, cond, c.sentinel, func(x *types.Var) {
		if idx, ok := c.errVar[x]; ok {
			nonNil |= 1 << idx
		}
	})
	return nonNil
}

// apply updates st by one event; false ends the path.
func (c *checker) apply(v *value, ev *event, st *state, f *findings) bool {
	switch ev.op {
	case opFail:
		return false
	case opErrDef:
		st.eof &^= 1 << ev.errIdx
		if ev.nonNil {
			st.nonNil |= 1 << ev.errIdx
		} else {
			st.nonNil &^= 1 << ev.errIdx
		}
		return true
	case opRead:
		if ev.buf == v.buf {
			st.readSince = true
		}
		// A read after a Flush is a streaming sync point (US-flushedread).
		if ev.buf == v.buf && st.written && st.expl == 0 && !st.flushed {
			switch {
			case f.readAt == nil || ev.pos < f.readAt.pos:
				f.readAt = ev
				f.readDefer = st.def > 0
			case f.readAt == ev:
				f.readDefer = f.readDefer && st.def > 0
			}
		}
		return true
	}
	if ev.v != v {
		return true
	}
	if ev.deferred {
		switch ev.op {
		case opFinish:
			if v.info.kind == kCSV && ev.level == 2 && ev.method == "Flush" {
				// A checked Flush of a csv.Writer is not a check.
				ev.level = 1
			}
			if v.info.kind == kCSV && ev.method == "Flush" {
				if st.def < 1 {
					st.def, st.defAt = 1, ev.pos
				}
				return true
			}
			if ev.level > st.def {
				st.def = ev.level
				if ev.level == 1 {
					st.defAt = ev.pos
				}
			}
		case opErrCheck:
			if st.def >= 1 && ev.level == 2 {
				st.def = 2
			}
		}
		return true
	}
	switch ev.op {
	case opCreate:
		// As at a return, a file never closed is not reported (its
		// data is in the kernel; the leak is another analyzer's
		// business): report has no message for it (US-neverclosed).
		if v.info.kind != kFile && st.written && st.expl == 0 && st.def == 0 {
			f.setMissing(v.ctor.Pos(), false)
		}
		return false
	case opWrite:
		st.written = true
		st.readSince = false
		if v.info.kind == kBufio || v.info.kind == kCSV || st.explSync {
			st.expl, st.explAt, st.explSync = 0, token.NoPos, false
		}
	case opReset:
		*st = state{nonNil: st.nonNil, def: st.def, defAt: st.defAt}
	case opFlushOnly:
		st.flushed = true
	case opFinish:
		lvl := ev.level
		if v.info.kind == kCSV && ev.method == "Flush" {
			// Flush reports nothing: only Error() checks.
			st.expl, st.explAt = 1, ev.pos
			return true
		}
		if lvl > st.expl || (lvl == st.expl && st.explSync) {
			st.expl = lvl
			st.explAt = ev.pos
			st.explSync = v.info.kind == kFile && ev.method == "Sync"
		}
	case opErrCheck:
		// cw.Error() as a statement drops what it reports.
		if st.expl >= 1 && ev.level == 2 {
			st.expl = 2
		}
	}
	return true
}

// atReturn checks the state at a return statement.
func (c *checker) atReturn(v *value, ret *ast.ReturnStmt, st state, f *findings) {
	if !st.written || !c.success(ret, st) {
		return // US-neverwritten
	}
	final := max(st.expl, st.def)
	switch final {
	case 0:
		if v.readsSeen && !st.readSince {
			// Nobody reads what is lost: the buffer is not read
			// after the last write (a test asserting Buffered()):
			// US-readbefore.
			return
		}
		if v.info.kind != kFile {
			f.setMissing(ret.Pos(), st.flushed)
		}
	case 1:
		if c.errRes < 0 || v.quietErr || v.bestEffort || (v.info.kind == kFile && c.testCode && !closeInTests) {
			return // US-noinfo, US-overbufio, US-besteffort, US-testclose
		}
		if st.expl == 1 {
			f.dropped[st.explAt] = true
		} else if !v.scratch {
			f.deferRets[ret] = true
			f.deferAt = earliest(f.deferAt, st.defAt)
		}
	}
}

// success reports whether ret may report success to the caller
// (errpath.Success), given what the path knows about local error
// variables. unflushed adds one rule of its own: a path on which some
// error is known to be non-nil is handling that failure (returning it,
// logging it, deliberately swallowing it), even when the return does not
// hand the error on; a writer left unfinished there is not the bug.
// A return that reports a failure (US-errorreturn), or whose error cannot be judged (US-unjudged), is no success.
// In a function with an error result, an error the path found equal to
// io.EOF is the end of input, not a failure being handled: the return
// says whether it succeeded (shenwei356/bio's .fai writer breaks out of
// its read loop on io.EOF and returns the index with a nil error). Without
// an error result, io.EOF stays a handled end (a connection the peer
// closed).
func (c *checker) success(ret *ast.ReturnStmt, st state) bool {
	handled := st.nonNil
	if c.sig != nil && errpath.ErrorResult(c.sig) >= 0 {
		handled &^= st.eof
	}
	if handled != 0 {
		return false
	}
	return errpath.Reports(c.pass.TypesInfo, c.sig, ret, c.facts(st)) == errpath.Success
}

// facts is what st knows about the error variables: every local error
// variable (and the named error result) is followed through its
// assignments and the nil tests on the path.
func (c *checker) facts(st state) errpath.Facts {
	return func(v *types.Var) errpath.Fact {
		idx, ok := c.errVar[v]
		switch {
		case !ok:
			return errpath.Unseen
		case st.nonNil&(1<<idx) != 0:
			return errpath.NonNil
		}
		return errpath.MaybeNil
	}
}

// exitName names the exiting call for a message: "os.Exit", "log.Fatalf",
// "logger.Fatal", or "fail (which always ends the process)".
func (c *checker) exitName(call *ast.CallExpr) string {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn != nil && fn.Pkg() != nil && fn.Signature().Recv() == nil && (fn.Pkg().Path() == "os" || fn.Pkg().Path() == "log" || fn.Pkg().Path() == "syscall") {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	if fn != nil && streams.IsMethod(fn, "log", "Logger", fn.Name()) {
		return c.src(call.Fun)
	}
	return c.src(call.Fun) + " (which always ends the process)"
}

func isExitZero(info *types.Info, n ast.Node) bool {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || !streams.IsFunc(streams.Callee(info, call), "os", "Exit") || len(call.Args) != 1 {
		return false
	}
	tv := info.Types[call.Args[0]]
	return tv.Value != nil && constant.Sign(tv.Value) == 0
}
