package writeafterclose

import (
	"go/ast"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

type state struct {
	alive   pathflow.Bits // watch[i] not reassigned since the close
	closed  pathflow.Bits // wrapper watch[i] closed explicitly
	flushed pathflow.Bits // wrapper watch[i] (bufio, csv) flushed, nothing written since
	pending pathflow.Bits // deferred writes into the closed value, to run at return
	last    uint8         // loops[j] is in its last iteration: its back edge leads out
}

// checkBody reports the writes after close in one function body.
func (c *checker) checkBody(b *body) {
	if !c.mayClose(b.fn) || !c.prepare(b) {
		return
	}
	// Every close of a tracked variable, in order.
	type closeAt struct {
		p   pathflow.Point
		k   int // index in the node's events
		e   event
		blk *cfg.Block
	}
	var closes []closeAt
	var deferredWrites []*event
	for n, evs := range b.evs {
		for k := range evs {
			e := &evs[k]
			switch {
			case e.kind == evClose && c.tracked(e.v, b.fn):
				p, _ := c.paths(b).Locate(n)
				closes = append(closes, closeAt{p: p, k: k, e: *e})
			case e.kind == evWrite && e.deferred:
				if len(deferredWrites) < 64 {
					e.idx = len(deferredWrites)
					deferredWrites = append(deferredWrites, e)
				}
			}
		}
	}
	if len(closes) == 0 {
		return
	}
	sort.Slice(closes, func(i, j int) bool {
		if closes[i].e.pos != closes[j].e.pos {
			return closes[i].e.pos < closes[j].e.pos
		}
		return closes[i].k < closes[j].k
	})
	// Deferred writes registered on some path, bound to the current value
	// of their target.
	var regSol *pathflow.Solution
	if len(deferredWrites) > 0 {
		kill := func(in pathflow.Bits, v *types.Var) pathflow.Bits {
			for _, d := range deferredWrites {
				if d.v == v {
					in &^= 1 << uint(d.idx)
				}
			}
			return in
		}
		regSol = pathflow.Forward(b.g, false,
			func(blk *cfg.Block, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.enter[blk] {
					in = kill(in, e.v)
				}
				return in
			},
			func(n ast.Node, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.evs[n] {
					switch {
					case e.kind == evKill:
						in = kill(in, e.v)
					case e.kind == evWrite && e.deferred && e.idx >= 0:
						in = in.With(e.idx)
					}
				}
				return in
			})
	}
	// Wrappers closed explicitly on every path.
	var wrapVars []*types.Var
	for _, cl := range closes {
		for _, w := range c.wrappersOf(cl.e.v) {
			if !slices.Contains(wrapVars, w) && len(wrapVars) < 64 {
				wrapVars = append(wrapVars, w)
			}
		}
	}
	var closedSol, flushedSol *pathflow.Solution
	if len(wrapVars) > 0 {
		// A range loop's key or value assigned at the loop head is
		// another value: it is neither flushed nor closed.
		killAtEntry := func(blk *cfg.Block, in pathflow.Bits) pathflow.Bits {
			for _, e := range b.enter[blk] {
				if i := slices.Index(wrapVars, e.v); i >= 0 {
					in &^= 1 << uint(i)
				}
			}
			return in
		}
		// Flushed, with nothing written since: a bufio or csv Flush
		// writes nothing then.
		flushedSol = pathflow.Forward(b.g, true, killAtEntry,
			func(n ast.Node, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.evs[n] {
					if i := slices.Index(wrapVars, e.v); i >= 0 {
						in = idleStep(e, in, i, noopFlush(e.v))
					}
				}
				return in
			})
		closedSol = pathflow.Forward(b.g, true, killAtEntry,
			func(n ast.Node, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.evs[n] {
					i := slices.Index(wrapVars, e.v)
					if i < 0 {
						continue
					}
					switch {
					case e.kind == evClose && !e.deferred:
						in = in.With(i)
					case e.kind == evKill:
						in &^= 1 << uint(i)
					}
				}
				return in
			})
	}

	for _, cl := range closes {
		c.search(b, cl.p, cl.k, cl.e, deferredWrites, regSol, wrapVars, closedSol, flushedSol)
	}
}

// noopFlush reports whether a Flush of w writes nothing when nothing was
// written since the last one (bufio, and csv on top of it; not gzip or
// zlib, whose Flush always writes a sync block).
func noopFlush(w *types.Var) bool {
	k := stream.Of(w.Type())
	return k != nil && (k.Family == stream.Buffer || k.Family == stream.Table)
}

// idleStep applies the event e of wrapper i to the set of wrappers that
// are flushed with nothing written since.
func idleStep(e event, in pathflow.Bits, i int, noop bool) pathflow.Bits {
	switch {
	case e.kind == evWrite && !e.deferred && e.flush && noop:
		return in.With(i)
	case e.kind == evWrite && !e.deferred, e.kind == evKill:
		return in &^ (1 << uint(i))
	}
	return in
}

// search walks forward from the close cl (event k of the node at p) and
// reports the writes into the closed value.
func (c *checker) search(b *body, p pathflow.Point, k int, cl event, deferredWrites []*event, regSol *pathflow.Solution, wrapVars []*types.Var, closedSol, flushedSol *pathflow.Solution) {
	v := cl.v
	watch := append([]*types.Var{v}, c.wrappersOf(v)...)
	if len(watch) > 64 {
		watch = watch[:64]
	}
	var init state
	init.alive = 1<<uint(len(watch)) - 1
	if len(watch) == 64 {
		init.alive = ^pathflow.Bits(0)
	}
	// Events of the close's node before it happened already.
	node := p.Block.Nodes[p.Index]
	evs := b.evs[node]
	if regSol != nil {
		reg := regSol.Before(p)
		for _, d := range deferredWrites {
			if d.v == v && reg.Has(d.idx) && d.pos != cl.pos {
				init.pending = init.pending.With(d.idx)
			}
		}
	}
	if closedSol != nil {
		before := closedSol.Before(p)
		flushed := flushedSol.Before(p)
		for i, w := range watch[1:] {
			if j := slices.Index(wrapVars, w); j >= 0 && before.Has(j) {
				init.closed = init.closed.With(i + 1)
			}
			if j := slices.Index(wrapVars, w); j >= 0 && flushed.Has(j) {
				init.flushed = init.flushed.With(i + 1)
			}
		}
	}
	noop := make([]bool, len(watch))
	for i, w := range watch {
		noop[i] = i > 0 && noopFlush(w)
	}
	// pw.CloseWithError(tw.Close()): tw closed in the same node, first.
	for _, e := range evs[:k] {
		if wi := slices.Index(watch, e.v); wi > 0 {
			if e.kind == evClose && !e.deferred {
				init.closed = init.closed.With(wi)
			}
			init.flushed = idleStep(e, init.flushed, wi, noop[wi])
		}
	}
	if cl.deferred && init.pending == 0 {
		return // a deferred close runs last but for the defers before it
	}
	// CloseWithError(err) with an error that may be non-nil destroys the
	// stream and tells the reader why.
	destroyed := false
	if cl.errArg != nil {
		facts := errpath.Guarded(c.info, errpath.Enclosing(b.fn, cl.errArg), cl.errArg.Pos())
		destroyed = errpath.Expr(c.info, cl.errArg, facts) != errpath.Success
	}
	// Which returns report success matters only to deferred writes; then
	// the function's error variables are followed along each path from
	// the close (`if err != nil { f.Close() }; return err` fails there):
	// a return that reports a failure (WS-errorreturn), or whose error
	// cannot be judged (WS-unjudged), runs them harmlessly.
	followErrs := len(deferredWrites) > 0 && !destroyed
	var loops []*countedLoop
	if !cl.deferred {
		loops = c.lastIterations(b, p, cl.pos)
		init.last = 1<<uint(len(loops)) - 1
	}
	line := c.pass.Fset.Position(cl.pos).Line

	ancestors := make([][]*types.Var, len(watch))
	for i, w := range watch {
		ancestors[i] = c.ancestors(w)
	}
	step := func(e event, s state) (state, bool) {
		wi := slices.Index(watch, e.v)
		switch e.kind {
		case evKill, evTouch:
			if wi >= 0 && e.kind == evKill {
				s.alive &^= 1 << uint(wi)
				s.flushed &^= 1 << uint(wi)
			}
			for i := range watch {
				if slices.Contains(ancestors[i], e.v) {
					s.alive &^= 1 << uint(i)
				}
			}
		case evOpaque:
			// x.b.f: the call may change x.b through another pointer;
			// after a lock or a channel operation, another goroutine
			// may have changed x.f (WS-fieldchanged).
			for i, w := range watch {
				if d := c.depth(w); d > 1 || d == 1 && e.sync {
					s.alive &^= 1 << uint(i)
				}
			}
		case evClose:
			if wi > 0 && !e.deferred {
				s.closed = s.closed.With(wi)
			}
		case evWrite:
			if wi > 0 {
				s.flushed = idleStep(e, s.flushed, wi, noop[wi])
			}
			if e.v != v || cl.deferred || !s.alive.Has(0) {
				break
			}
			if e.via != nil {
				vi := slices.Index(watch, e.via)
				if vi < 0 || !s.alive.Has(vi) || (e.viaClose && s.closed.Has(vi)) || (e.flush && s.flushed.Has(vi)) {
					break
				}
			}
			if e.deferred {
				if e.idx >= 0 {
					s.pending = s.pending.With(e.idx)
				}
				break
			}
			c.report(e, cl, line, false)
		}
		if cl.deferred {
			return s, true
		}
		return s, s.alive != 0 || s.pending != 0
	}
	pol := typestate.Policy[state]{
		Errs: followErrs,
		Enter: func(blk *cfg.Block, s state) (state, bool) {
			if s.last != 0 && (blk.Kind == cfg.KindForBody || blk.Kind == cfg.KindRangeBody) {
				for j, l := range loops {
					if s.last&(1<<uint(j)) != 0 && blk.Stmt == l.stmt {
						return s, false // the last iteration is over
					}
				}
			}
			ok := true
			for _, e := range b.enter[blk] {
				if s, ok = step(e, s); !ok {
					return s, false
				}
			}
			return s, true
		},
		Step: func(n ast.Node, s state) (state, bool) {
			for j, l := range loops {
				if l.restarts(n) {
					s.last &^= 1 << uint(j) // the loop starts afresh
				}
			}
			ok := true
			for _, e := range b.evs[n] {
				if s, ok = step(e, s); !ok {
					return s, false
				}
			}
			return s, true
		},
		Exit: func(e typestate.Exit, s state) {
			if !followErrs || e.Kind != typestate.Return {
				// Without deferred writes there is nothing to run at a
				// return; after CloseWithError(err) the reader was
				// told: the deferred writes that finish the stream on
				// this error path have nothing left to save
				// (WS-destroyed).
				return
			}
			if c.errorReturn(b, e.Return, e.Errs) {
				// A return that reports an error has told the
				// caller the output is no good.
				return
			}
			for _, d := range deferredWrites {
				if !s.pending.Has(d.idx) {
					continue
				}
				if d.via != nil && d.viaClose {
					if vi := slices.Index(watch, d.via); vi >= 0 && s.closed.Has(vi) {
						continue
					}
				}
				if d.via != nil && d.flush {
					if vi := slices.Index(watch, d.via); vi >= 0 && s.flushed.Has(vi) {
						continue // an idle bufio writer's Flush writes nothing (WS-idleflush)
					}
				}
				c.report(*d, cl, line, true)
			}
		},
	}
	s := init
	for _, e := range evs[k+1:] {
		var ok bool
		if s, ok = step(e, s); !ok {
			return
		}
	}
	typestate.CheckAfter(c.paths(b), node, s, pol)
}

// errorReturn reports whether the return statement ret may
// report a failure to the caller (errpath: Failure, or Unknown, to stay
// silent when unsure): `return ..., err` where err is non-nil on the path
// (inside `if err != nil { ... }`, after err = fmt.Errorf(...)), `return
// ..., fmt.Errorf(...)`, a sentinel, a concrete error value. facts are
// what the path knows of the function's error variables; nil: what
// errpath.Flow knows on every path to the return.
func (c *checker) errorReturn(b *body, ret *ast.ReturnStmt, facts errpath.Facts) bool {
	sig := errpath.Signature(c.info, b.fn)
	if errpath.ErrorResult(sig) < 0 {
		return false
	}
	if facts == nil {
		if flow := c.paths(b).Errors(); flow != nil {
			facts = flow.At(ret)
		}
	}
	return errpath.Reports(c.info, sig, ret, facts) != errpath.Success
}

// paths returns the path engine over b's function, made when first
// asked.
func (c *checker) paths(b *body) *typestate.Func {
	if b.paths == nil {
		b.paths = typestate.NewFunc(c.info, b.fn, b.g)
	}
	return b.paths
}
