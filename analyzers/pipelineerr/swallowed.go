package pipelineerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// Errors that are caught and then thrown away (issue 13): the error of a
// stream operation is tested, only logged or counted, and the function goes
// on to report success. The data is lost as surely as with a discarded
// error, and no errcheck-like tool says anything: the error was "checked".
// Node's equivalent is an 'error' listener that logs and lets pipeline()
// resolve. Two shapes share the search for the branch (errBranchOf):
//
//   - P-swallowed: the branch logs and carries on (falls through, continue,
//     break), and a return that reports success is reachable from it.
//   - P-readeof (readeof.go): a read's branch ends the loop (break) or
//     returns success, and io.EOF is told apart nowhere: a truncated input
//     is taken for a complete one.

// streamOp is a call whose error the two rules follow, and what a failure
// of it loses.
type streamOp struct {
	read bool   // a read whose io.EOF is the clean end
	lost string // what is lost when the failure is swallowed
}

// streamOpOf classifies call, or reports false.
func (c *checker) streamOpOf(call *ast.CallExpr, fn *types.Func, stack []ast.Node) (streamOp, bool) {
	switch fn.Name() {
	case "Send", "SendAll", "Drain", "Close", "Wait", "Read", "Decode", "Copy", "CopyN", "CopyBuffer", "Write", "WriteString", "Flush":
	default:
		return streamOp{}, false // most calls: no need to look further
	}
	const p = streams.FlowrtPath
	switch {
	case streams.IsMethod(fn, p, "Writer", "Send"), streams.IsMethod(fn, p, "Writer", "SendAll"), streams.IsMethod(fn, p, "Writer", "Drain"):
		return streamOp{lost: "the stream is closed or destroyed, and every item from the failed one on is lost"}, true
	case streams.IsMethod(fn, p, "Writer", "Close"):
		return streamOp{lost: "the stream had failed: its reader did not get every item"}, true
	case streams.IsMethod(fn, p, "Pipeline", "Wait"):
		return streamOp{lost: "a stage failed: the pipeline's output is incomplete"}, true
	case streams.IsMethod(fn, p, "Reader", "Read"):
		// The input of a Sink or Transform literal: the pipeline hands
		// the upstream stage's error to Wait, whatever this stage does.
		if id, ok := ast.Unparen(streams.Receiver(call)).(*ast.Ident); ok {
			if v, _ := c.pass.TypesInfo.Uses[id].(*types.Var); c.stageParam(v, stack, "Sink", "Transform") {
				return streamOp{}, false
			}
		}
		return streamOp{read: true, lost: "the stream failed: its remaining items are lost"}, true
	case streams.IsMethod(fn, "encoding/json", "Decoder", "Decode") && !inLoop(stack, innermostFunc(stack)) && c.decodesMemory(call, stack):
		return streamOp{}, false // PS-probedecode
	case streams.IsMethod(fn, "encoding/csv", "Reader", "Read"), streams.IsMethod(fn, "encoding/json", "Decoder", "Decode"):
		return streamOp{read: true, lost: "the input is truncated or malformed from there on"}, true
	case streams.IsFunc(fn, "io", "Copy"), streams.IsFunc(fn, "io", "CopyN"), streams.IsFunc(fn, "io", "CopyBuffer"):
		if len(call.Args) < 2 {
			return streamOp{}, false
		}
		info := c.pass.TypesInfo
		dst, src := call.Args[0], call.Args[1]
		t := info.TypeOf(dst)
		if isDiscard(info, dst) || isStdStream(info, dst) || isPeer(t) || isResponseWriter(t) ||
			infallibleReader(info.TypeOf(src)) && infallibleWriter(t) {
			return streamOp{}, false // as for a discarded copy (ioCopy, httpcopy.go)
		}
		return streamOp{lost: types.ExprString(dst) + " is left truncated"}, true
	case streams.IsMethod(fn, "os", "File", "Write"), streams.IsMethod(fn, "os", "File", "WriteString"):
		return streamOp{lost: types.ExprString(streams.Receiver(call)) + " is left without the data"}, true
	case streams.IsMethod(fn, "bufio", "Writer", "Flush"):
		return streamOp{lost: "the buffered data never reaches its destination"}, true
	case streams.IsMethod(fn, "compress/gzip", "Writer", "Close"), streams.IsMethod(fn, "archive/zip", "Writer", "Close"),
		streams.IsMethod(fn, "archive/tar", "Writer", "Close"), streams.IsMethod(fn, "compress/zlib", "Writer", "Close"):
		return streamOp{lost: "the archive or compressed stream is left without its end"}, true
	case isByteRead(fn) && inLoop(stack, innermostFunc(stack)):
		return streamOp{read: true, lost: "the input is truncated from there on"}, true // outside a loop: a header of a known size (PS-header)
	}
	return streamOp{}, false
}

// decodesMemory reports whether call, dec.Decode(&v), decodes from a
// reader over bytes already in memory (json.NewDecoder(r) with r a
// bytes.Reader, bytes.Buffer or strings.Reader, inline or assigned once to
// dec). One Decode of such a document, outside a loop, is a probe: nothing
// can truncate it, so its failure says the bytes are not of that shape,
// and what the function does then is a decision about the data (helm's
// RetryingRoundTripper hands on a 5xx body that is not a Kubernetes error).
// PS-probedecode.
func (c *checker) decodesMemory(call *ast.CallExpr, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	dec := ast.Unparen(streams.Receiver(call))
	if id, ok := dec.(*ast.Ident); ok {
		v, _ := info.Uses[id].(*types.Var)
		fn := innermostFunc(stack)
		if v == nil || fn == nil {
			return false
		}
		dec = locals.Only(info, fn, v)
	}
	mk, ok := dec.(*ast.CallExpr)
	if !ok || len(mk.Args) != 1 || !streams.IsFunc(streams.Callee(info, mk), "encoding/json", "NewDecoder") {
		return false
	}
	return infallibleReader(info.TypeOf(mk.Args[0]))
}

// isByteRead reports whether fn is a Read([]byte) (int, error) method: an
// io.Reader's.
func isByteRead(fn *types.Func) bool {
	sig := fn.Signature()
	if fn.Name() != "Read" || sig.Recv() == nil || sig.Params().Len() != 1 || sig.Results().Len() != 2 {
		return false
	}
	s, ok := sig.Params().At(0).Type().Underlying().(*types.Slice)
	return ok && types.Identical(s.Elem(), types.Typ[types.Byte]) &&
		types.Identical(sig.Results().At(0).Type(), types.Typ[types.Int]) && errpath.IsError(sig.Results().At(1).Type())
}

// stageParam reports whether v is a parameter of the innermost function
// literal of stack, passed to one of flowrt's stage constructors ctors.
// PS-stageinput: the upstream stage's error reaches Wait.
func (c *checker) stageParam(v *types.Var, stack []ast.Node, ctors ...string) bool {
	for i := len(stack) - 1; i >= 1; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		if v == nil || v.Pos() < lit.Type.Pos() || v.Pos() >= lit.Type.End() {
			return false
		}
		outer, ok := stack[i-1].(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := streams.Callee(c.pass.TypesInfo, outer)
		for _, name := range ctors {
			if streams.IsFunc(fn, streams.FlowrtPath, name) {
				return true
			}
		}
		return false
	}
	return false
}

// errBranch is the `if err != nil { ... }` that handles the error of a call.
type errBranch struct {
	assign      *ast.AssignStmt // the call's assignment
	ifStmt      *ast.IfStmt
	err         ast.Expr // the error tested
	excludesEOF bool     // the condition excludes io.EOF
	fn          ast.Node // the innermost function
	// bodyStack is the ancestors of the statements of the body.
	bodyStack []ast.Node
}

// errBranchOf finds the branch that tests the error call assigns: the if
// whose init is the assignment, or the first if after it in the same block
// that tests the error variable (not assigned again on the way).
func (c *checker) errBranchOf(call *ast.CallExpr, stack []ast.Node) *errBranch {
	info := c.pass.TypesInfo
	if len(stack) < 2 {
		return nil
	}
	as, ok := stack[len(stack)-1].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call {
		return nil
	}
	errID, ok := ast.Unparen(as.Lhs[len(as.Lhs)-1]).(*ast.Ident)
	if !ok {
		return nil
	}
	errVar, ok := info.ObjectOf(errID).(*types.Var)
	if !ok || !errpath.IsError(errVar.Type()) {
		return nil
	}
	tests := func(ifs *ast.IfStmt) (ast.Expr, bool, bool) {
		x, excl := errorInHand(info, ifs.Cond)
		id, ok := ast.Unparen(x).(*ast.Ident)
		return x, excl, ok && info.Uses[id] == errVar
	}
	var ifs *ast.IfStmt
	var ancestors []ast.Node // of ifs
	if p, ok := stack[len(stack)-2].(*ast.IfStmt); ok && p.Init == as {
		ifs, ancestors = p, stack[:len(stack)-2]
	} else {
		list := stmtList(stack[len(stack)-2])
		k := stmtIndex(list, as)
		if k < 0 {
			return nil
		}
		for _, s := range list[k+1 : min(len(list), k+6)] {
			if is, ok := s.(*ast.IfStmt); ok && is.Init == nil {
				if _, _, ok := tests(is); ok {
					ifs, ancestors = is, stack[:len(stack)-1]
					break
				}
			}
			if assigns(info, s, errVar, false) != nil {
				return nil
			}
		}
	}
	if ifs == nil {
		return nil
	}
	x, excl, ok := tests(ifs)
	if !ok || len(ifs.Body.List) == 0 {
		return nil
	}
	bodyStack := append(ancestors[:len(ancestors):len(ancestors)], ifs, ifs.Body)
	return &errBranch{assign: as, ifStmt: ifs, err: x, excludesEOF: excl, fn: innermostFunc(stack), bodyStack: bodyStack}
}

// successReturn returns a return statement of b.fn reachable from the start
// of b's body that reports success: a nil (or unjudged-as-failure) error by
// errpath's rule, or true as the last result of a function that reports
// with a bool. Functions that can report neither have nobody to tell
// (PS-nobody); a return that mentions the error hands it on
// (PS-laterfailure).
func (c *checker) successReturn(b *errBranch) *ast.ReturnStmt {
	info := c.pass.TypesInfo
	sig := errpath.Signature(info, b.fn)
	if sig == nil || sig.Results().Len() == 0 {
		return nil
	}
	var want func(*ast.ReturnStmt) bool
	if errpath.ErrorResult(sig) >= 0 {
		want = func(ret *ast.ReturnStmt) bool {
			// A return that mentions the error hands it on: on the
			// path from the branch it is not nil, whatever the
			// facts merged over every path say.
			if usesExpr(ret, b.err) {
				return false
			}
			return errpath.Reports(info, sig, ret, c.facts(b.fn, errpath.Enclosing(b.fn, ret), ret)) == errpath.Success
		}
	} else if last := sig.Results().At(sig.Results().Len() - 1).Type(); types.Identical(last, types.Typ[types.Bool]) {
		want = func(ret *ast.ReturnStmt) bool {
			if len(ret.Results) != sig.Results().Len() {
				return false
			}
			id, ok := ast.Unparen(ret.Results[len(ret.Results)-1]).(*ast.Ident)
			return ok && info.Uses[id] == types.Universe.Lookup("true")
		}
	} else {
		return nil
	}
	f := c.pathsOf(b.fn)
	if f == nil {
		return nil
	}
	for _, blk := range f.CFG.Blocks {
		if blk.Live && blk.Kind == cfg.KindIfThen && blk.Stmt == b.ifStmt {
			return typestate.FirstReturn(f, pathflow.Point{Block: blk}, false, func(ast.Node) bool { return false }, func(e typestate.Exit) bool { return want(e.Return) })
		}
	}
	return nil
}

// bodyEnd says how the body of an error branch ends: "return", "break",
// "continue", "exit" (panic, log.Fatal, os.Exit, goto, fallthrough: not
// followed) or "" (it falls off its end).
func (c *checker) bodyEnd(body *ast.BlockStmt) string {
	switch s := body.List[len(body.List)-1].(type) {
	case *ast.ReturnStmt:
		return "return"
	case *ast.BranchStmt:
		switch s.Tok.String() {
		case "break":
			return "break"
		case "continue":
			return "continue"
		}
		return "exit"
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && c.noReturn(call) {
			return "exit"
		}
	case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt, *ast.ForStmt, *ast.RangeStmt:
		if leaves([]ast.Stmt{s}) {
			return "exit" // a branch inside decides: not followed
		}
	}
	return ""
}

// noReturn reports whether call never returns: panic, os.Exit, log.Fatal*,
// log.Panic*, a logger's Fatal*/Panic* method, t.Fatal*.
func (c *checker) noReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		return c.pass.TypesInfo.Uses[id] == types.Universe.Lookup("panic")
	}
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if streams.IsFunc(fn, "os", "Exit") {
		return true
	}
	name := fn.Name()
	return len(name) >= 5 && (name[:5] == "Fatal" || name[:5] == "Panic")
}

// caughtAndDropped checks the error branch of a stream operation: the
// read rule first (readeof.go), then the swallowed one.
func (c *checker) caughtAndDropped(call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	op, ok := c.streamOpOf(call, fn, stack)
	if !ok || c.inTest(call) {
		return
	}
	b := c.errBranchOf(call, stack)
	if b == nil || !onlyLogged(c.pass.TypesInfo, b.ifStmt.Body, b.err) {
		return // PS-decision
	}
	end := c.bodyEnd(b.ifStmt.Body)
	if op.read && c.readTakenForEOF(call, b, end) {
		return
	}
	if end == "return" || end == "exit" {
		return // the function returns on that path, or does not go on (PS-quietstop)
	}
	if setsState(c.pass.TypesInfo, b.ifStmt.Body, b.err) {
		return // a fallback: the branch decides what the failure means (PS-fallback)
	}
	ret := c.successReturn(b)
	if ret == nil {
		return
	}
	what := "logged"
	if !usesExpr(b.ifStmt.Body, b.err) {
		what = "counted or ignored"
	}
	carry := map[string]string{"": "goes on", "continue": "goes on with the next one", "break": "leaves the loop"}[end]
	c.report(ruleSwallowed, call, nil,
		"the error of %s is only %s, then the function %s and reports success (line %d): %s, and the caller is told all went well; return the error, or store it where the caller sees it",
		callText(call), what, carry, c.pass.Fset.Position(ret.Pos()).Line, op.lost)
}

// setsState reports whether body assigns a variable, field or element
// other than the error itself with =: it resets a decoded target, picks a
// default, records a flag. That is a decision about what the failure means
// (a union type's UnmarshalJSON probing a variant: `if err :=
// dec.Decode(&u.X); err != nil { u.X = nil }`), not the log or counter
// (x++, x += n) the rule is about.
func setsState(info *types.Info, body *ast.BlockStmt, err ast.Expr) bool {
	errText := types.ExprString(err)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN {
				return true
			}
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && (id.Name == "_" || info.Uses[id] == nil) {
					continue
				}
				if types.ExprString(l) != errText {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// usesExpr reports whether n mentions the expression e.
func usesExpr(n ast.Node, e ast.Expr) bool {
	es := types.ExprString(e)
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && !found && types.ExprString(x) == es {
			found = true
		}
		return !found
	})
	return found
}

// callText is the call's function and arguments, shortened: io.Copy(dst,
// src), w.Send(ctx, v), cr.Read().
func callText(call *ast.CallExpr) string {
	s := types.ExprString(call)
	if len(s) > 60 {
		s = types.ExprString(call.Fun) + "(...)"
	}
	return s
}
