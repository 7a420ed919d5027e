package pipelineerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// ioCopy reports a discarded io.Copy, CopyN or CopyBuffer.
func (c *checker) ioCopy(call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	how := discarded(call, stack)
	if how == "" || len(call.Args) < 2 {
		return
	}
	if c.inTest(call) {
		return // a test checks its output; see the doc (PS-tests)
	}
	dst, src := call.Args[0], call.Args[1]
	if isDiscard(c.pass.TypesInfo, dst) || isStdStream(c.pass.TypesInfo, dst) {
		return // PS-discard
	}
	if t := c.pass.TypesInfo.TypeOf(dst); isResponseWriter(t) || isPeer(t) {
		if isResponseWriter(t) {
			c.httpCopy(call, fn, how, stack) // httpcopy.go
		}
		return // a peer sees the cut; see the doc (PS-peer)
	}
	srcSafe := infallibleReader(c.pass.TypesInfo.TypeOf(src))
	if srcSafe && infallibleWriter(c.pass.TypesInfo.TypeOf(dst)) {
		return // PS-memory
	}
	// Feeding a child process from memory (os/exec's StdinPipe example):
	// the copy fails only if the process stops reading, and cmd.Wait
	// reports how it ended.
	var stdin stdinPipe
	if id, ok := ast.Unparen(dst).(*ast.Ident); ok {
		if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
			stdin = c.stdins[v]
		}
	}
	cmd := stdin.cmd
	if cmd != "" && srcSafe {
		return // PS-stdinmem
	}
	if (how == "statement" || how == "blank") && c.onErrorPath(stack) {
		return // e.g. reading an error response's body into the message (PS-errorpath)
	}
	pipe := streams.IsNamed(c.pass.TypesInfo.TypeOf(dst), "io", "PipeWriter") || streams.IsFlowrtWriter(c.pass.TypesInfo.TypeOf(dst))
	// A copy of memory is one Write, like fmt.Fprint; in a function
	// without an error result nobody could be told.
	if srcSafe && !pipe && cmd == "" && !c.canReturnError(stack) {
		return // PS-memnoerr
	}
	// `_, _ = io.Copy(out, &buf)`: one Write of memory, like fmt.Fprint,
	// whose error the author discarded in writing (cue's dry run into
	// cmd.OutOrStdout(), gh's clone stderr into IO.ErrOut). PS-blankmem.
	if how == "blank" && srcSafe && !pipe && cmd == "" {
		return
	}
	// A best-effort digest: the source's own open failure is swallowed
	// in a function that has no error to report, and the destination
	// (a hash, memory) cannot fail.
	if !c.canReturnError(stack) && c.infallibleDest(dst, stack, 0) && c.bestEffortSource(src, stack) {
		return // PS-digest
	}
	// A hash whose sum is only compared: a read error makes the sums
	// differ, the path taken for any mismatch (hashcmp.go).
	if c.comparedDigest(dst, src, stack) {
		return // PS-hashcmp
	}
	// `_, _ = io.Copy(h, r)` into a hash, where no enclosing function
	// could report an error: a written decision that the digest is
	// best-effort (hashcmp.go).
	if how == "blank" && isHash(c.pass.TypesInfo.TypeOf(dst)) && c.nobodyToTell(stack) {
		return // PS-blankhash
	}
	// A relay in a goroutine that can hand no error anywhere: only a
	// destination that carries the error to its reader has a remedy.
	if !pipe && cmd == "" && c.fireAndForget(stack) {
		return // PS-fireforget
	}
	// `go io.Copy(ptyMaster, conn)`: a bare go statement relaying a
	// connection, pipe or terminal (relay.go).
	if how == "go" && !pipe && cmd == "" && c.goRelay(fn, call, stack) {
		return // PS-gorelay
	}
	// A copy out of a pseudo-terminal master, in any statement: it ends
	// with EIO whenever the child exits (PS-pty, relay.go).
	if !pipe && cmd == "" && c.ptyCopy(fn, call, stack) {
		return
	}
	d := types.ExprString(dst)
	switch {
	case pipe:
		c.report(ruleCopyDropped, call, nil, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and its reader sees a clean io.EOF; hand the error to the reader (if _, err := io.%s(...); err != nil { %s.CloseWithError(err); ... })",
			fn.Name(), how, d, fn.Name(), d)
	case cmd != "" && !stdin.exec:
		c.report(ruleCopyDropped, call, nil, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and the process sees a clean end of input; check the error and stop the process, or give %s the source as its stdin so that it reports a failed copy",
			fn.Name(), how, d, cmd)
	case cmd != "":
		c.report(ruleCopyDropped, call, nil, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and the process sees a clean end of input; check the error, or set %s.Stdin to the source and let %s.Wait() report a failed copy",
			fn.Name(), how, d, cmd, cmd)
	default:
		c.report(ruleCopyDropped, call, nil, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and nobody knows; check the error (if _, err := io.%s(...); err != nil { ... })",
			fn.Name(), how, d, fn.Name())
	}
}

// stdinPipe is the writer end of a child's stdin: cmd is the command's
// expression, exec tells whether it is an *exec.Cmd (whose Stdin field is
// the remedy).
type stdinPipe struct {
	cmd  string
	exec bool
}

// isStdinPipe reports whether fn is (*exec.Cmd).StdinPipe or a method of
// the same name and shape on a wrapper of it (hugo's hexec.Runner):
// StdinPipe() (io.WriteCloser, error).
func isStdinPipe(fn *types.Func) bool {
	if fn.Name() != "StdinPipe" {
		return false
	}
	sig := fn.Signature()
	if sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 2 {
		return false
	}
	return streams.IsNamed(sig.Results().At(0).Type(), "io", "WriteCloser") && errpath.IsError(sig.Results().At(1).Type())
}

// isWriteToPipe reports whether call is x.WriteTo(pw), an io.WriterTo's
// method (WriteTo(io.Writer) (int64, error)) writing into an
// *io.PipeWriter: a copy like io.Copy.
func isWriteToPipe(info *types.Info, fn *types.Func, call *ast.CallExpr) bool {
	if fn.Name() != "WriteTo" || len(call.Args) != 1 {
		return false
	}
	sig := fn.Signature()
	if sig.Recv() == nil || sig.Params().Len() != 1 || sig.Results().Len() != 2 ||
		!types.Identical(sig.Results().At(0).Type(), types.Typ[types.Int64]) || !errpath.IsError(sig.Results().At(1).Type()) {
		return false
	}
	return streams.IsNamed(info.TypeOf(call.Args[0]), "io", "PipeWriter")
}

// writeToPipe reports x.WriteTo(pw) whose result is discarded: when it
// fails, the pipe's reader gets a clean io.EOF after truncated data (etcd's
// snapshot stream: the reader then loops on empty reads). Memory cannot
// fail to be read, so a WriteTo of a bytes.Buffer fails only when the
// reader went away: not reported.
func (c *checker) writeToPipe(call *ast.CallExpr, stack []ast.Node) {
	how := discarded(call, stack)
	if how == "" || c.inTest(call) {
		return
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || infallibleReader(c.pass.TypesInfo.TypeOf(sel.X)) {
		return // PS-writetomem
	}
	if (how == "statement" || how == "blank") && c.onErrorPath(stack) {
		return
	}
	pw := types.ExprString(call.Args[0])
	c.report(rulePipeWrite, call, nil, "the result of %s is discarded (%s): a failed or short write leaves %s truncated and its reader sees a clean io.EOF; hand the error to the reader (if _, err := %s; err != nil { %s.CloseWithError(err); ... })",
		types.ExprString(call), how, pw, types.ExprString(call), pw)
}

// canReturnError reports whether the function around the node whose
// ancestors are stack has an error result (a goroutine literal's results go
// nowhere, but errgroup's func() error reaches Wait).
func (c *checker) canReturnError(stack []ast.Node) bool {
	sig := errpath.Signature(c.pass.TypesInfo, innermostFunc(stack))
	return sig == nil || errpath.ErrorResult(sig) >= 0
}

// fireAndForget reports whether the innermost function around the node
// whose ancestors are stack is a goroutine literal (go func(){...}(),
// wg.Go(func(){...})), a func() literal returned for callers that run it
// only in a goroutine (goroutineTask), or a function that only ever runs
// as a goroutine (goOnly), that can hand an error to nobody: it has no results, sends no
// error on a channel and assigns no error to a variable declared outside
// it (or to a field or element).
func (c *checker) fireAndForget(stack []ast.Node) bool {
	info := c.pass.TypesInfo
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl:
			if n.Type.Results != nil && len(n.Type.Results.List) > 0 || !c.goOnly(n) {
				return false
			}
			return !handsOnError(info, n, n.Body)
		case *ast.FuncLit:
			if c.litStart(stack, i) == nil && !c.goroutineTask(n, stack[:i]) {
				return false
			}
			if n.Type.Results != nil && len(n.Type.Results.List) > 0 {
				return false
			}
			return !handsOnError(info, n, n.Body)
		}
	}
	return false
}

// handsOnError reports whether fn (a FuncLit or FuncDecl with the given
// body) sends an error-carrying value on a channel or assigns an error to
// something that outlives it.
func handsOnError(info *types.Info, fn ast.Node, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SendStmt:
			if t := info.TypeOf(n.Chan); t == nil {
				found = true // cannot tell
			} else if ch, ok := t.Underlying().(*types.Chan); ok && carriesError(ch.Elem()) {
				found = true // errc <- nil too: the channel is for errors
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for _, l := range n.Lhs {
				if !carriesError(info.TypeOf(l)) {
					continue
				}
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					found = true // a field, an element, *p
					continue
				}
				if v, ok := info.Uses[id].(*types.Var); ok && (v.Pos() < fn.Pos() || v.Pos() >= fn.End()) {
					found = true // a captured variable
				}
			}
		}
		return !found
	})
	return found
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// carriesError reports whether t is an error or a struct with an error
// field.
func carriesError(t types.Type) bool {
	if t == nil {
		return false
	}
	if types.Implements(t, errorType) {
		return true
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for f := range st.Fields() {
			if types.Implements(f.Type(), errorType) {
				return true
			}
		}
	}
	return false
}

// onErrorPath reports whether the statement whose ancestors are stack
// belongs to a block that ends by returning an error (errpath: Failure, or
// Unknown, to stay silent when unsure): that path has already told its
// caller that the work failed.
func (c *checker) onErrorPath(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	list := stmtList(stack[len(stack)-2])
	return len(list) > 0 && c.notSuccess(stack[:len(stack)-1], list[len(list)-1]) || c.fallsIntoFailure(stack)
}

// fallsIntoFailure reports whether every path from the statement stack[len(stack)-1]
// falls off the end of its block, and of the if/else, switch or select arm,
// or bare block around it, level by level, into a block that ends in a
// return that does not report success, with no return or branch statement
// on the way (nomad's api: the error body read in the two arms of an if,
// the failure returned after it). A loop body stops the climb: falling off
// it goes round again.
func (c *checker) fallsIntoFailure(stack []ast.Node) bool {
	i := len(stack) - 1 // the statement
	for i >= 1 {
		list := stmtList(stack[i-1])
		k := stmtIndex(list, stack[i])
		if k < 0 {
			return false
		}
		rest := list[k+1:]
		if n := len(rest); n > 0 {
			if ret, ok := rest[n-1].(*ast.ReturnStmt); ok {
				return !leaves(rest[:n-1]) && c.notSuccess(stack[:i], ret)
			}
		}
		if leaves(rest) {
			return false
		}
		// Falls off the end of stack[i-1]: find the statement it ends.
		j := i - 1
		switch stack[j].(type) {
		case *ast.CaseClause, *ast.CommClause:
			j -= 2 // the switch or select (above its body block)
			if j < 0 {
				return false
			}
			switch stack[j].(type) {
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			default:
				return false
			}
		case *ast.BlockStmt:
			if j < 1 {
				return false
			}
			switch p := stack[j-1].(type) {
			case *ast.IfStmt:
				j--
				for j >= 1 {
					if outer, ok := stack[j-1].(*ast.IfStmt); ok && outer.Else == stack[j] {
						j-- // else if
						continue
					}
					break
				}
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				// a bare block: the statement itself
			case *ast.LabeledStmt:
				if p.Stmt != stack[j] {
					return false
				}
			default:
				return false // a loop body, a function body ...
			}
		default:
			return false
		}
		for j >= 1 {
			if l, ok := stack[j-1].(*ast.LabeledStmt); ok && l.Stmt == stack[j] {
				j--
				continue
			}
			break
		}
		i = j
	}
	return false
}

// leaves reports whether one of stmts contains a return or a branch
// statement (break, continue, goto, fallthrough) outside function
// literals: a path that may leave before the end of the block.
func leaves(stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt, *ast.BranchStmt:
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// stmtList returns the statements of a block, case clause or select
// clause, and nil for any other node.
func stmtList(n ast.Node) []ast.Stmt {
	switch b := n.(type) {
	case *ast.BlockStmt:
		return b.List
	case *ast.CaseClause:
		return b.Body
	case *ast.CommClause:
		return b.Body
	}
	return nil
}

// notSuccess reports whether s is a return statement that does not report
// success to the caller (errpath.Reports is Failure or Unknown), given the
// ancestors of s (outermost first).
func (c *checker) notSuccess(stack []ast.Node, s ast.Stmt) bool {
	ret, ok := s.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	fn := innermostFunc(stack)
	sig := errpath.Signature(c.pass.TypesInfo, fn)
	if sig == nil {
		return false
	}
	full := append(stack[:len(stack):len(stack)], ret)
	return errpath.Reports(c.pass.TypesInfo, sig, ret, c.facts(fn, full, ret)) != errpath.Success
}

// facts is what is known about the error variables at ret in fn, whose
// ancestors are stack: what the function's CFG establishes (errpath.Flow,
// solved once per function, only when asked), and the enclosing
// `if err != nil` (errpath.Guarded) for variables the flow does not follow.
func (c *checker) facts(fn ast.Node, stack []ast.Node, ret *ast.ReturnStmt) errpath.Facts {
	info := c.pass.TypesInfo
	var fromFlow errpath.Facts
	if paths := c.pathsOf(fn); paths != nil && paths.Errors() != nil {
		fromFlow = paths.Errors().At(ret)
	}
	guarded := errpath.Guarded(info, stack, ret.Pos())
	return func(v *types.Var) errpath.Fact {
		if guarded != nil && guarded(v) == errpath.NonNil {
			return errpath.NonNil
		}
		if fromFlow != nil {
			return fromFlow(v)
		}
		return errpath.Unseen
	}
}

// isDiscard reports whether e is io.Discard (or io/ioutil.Discard, the
// same writer under its old name).
func isDiscard(info *types.Info, e ast.Expr) bool {
	return isPkgVar(info, e, "io", "Discard") || isPkgVar(info, e, "io/ioutil", "Discard")
}

// isStdStream reports whether e is os.Stdout or os.Stderr: like fmt.Print,
// a copy to the process's own output is not expected to be checked.
func isStdStream(info *types.Info, e ast.Expr) bool {
	return isPkgVar(info, e, "os", "Stdout") || isPkgVar(info, e, "os", "Stderr")
}

func isPkgVar(info *types.Info, e ast.Expr, pkg, name string) bool {
	v := streams.PackageVar(info, e)
	return v != nil && v.Name() == name && v.Pkg().Path() == pkg
}

// isPeer reports whether t is a connection to a peer (net.Conn, tls.Conn,
// an SSH session or channel ...): it has a RemoteAddr or a CloseWrite
// method. A copy into a peer that fails is seen by the peer as a broken or
// closed connection.
func isPeer(t types.Type) bool {
	if t == nil {
		return false
	}
	for _, m := range []string{"RemoteAddr", "CloseWrite"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m)
		if _, ok := obj.(*types.Func); ok {
			return true
		}
	}
	return false
}

// infallibleWriter reports whether writes to a value of type t cannot fail.
func infallibleWriter(t types.Type) bool {
	if memWriter(t) || streams.IsNamed(t, "hash", "Hash") || streams.IsNamed(t, "hash", "Hash32") || streams.IsNamed(t, "hash", "Hash64") {
		return true
	}
	// A type whose Write (and ReadFrom) is a promoted method of an
	// embedded bytes.Buffer or strings.Builder.
	return promoted(t, "Write", memWriter, true) && promoted(t, "ReadFrom", memWriter, false)
}

// isHash reports whether t is a hash: it has Write and one of Sum([]byte)
// []byte, Sum32() uint32, Sum64() uint64 (hash.Hash, hash.Hash32,
// hash.Hash64, xxhash's Digest, a project's Hasher interface). A hash's
// Write never returns an error (hash.Hash's contract).
func isHash(t types.Type) bool {
	if t == nil {
		return false
	}
	if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Write"); obj == nil {
		return false
	}
	byteSlice := types.NewSlice(types.Typ[types.Byte])
	for name, res := range map[string]types.Type{"Sum": byteSlice, "Sum32": types.Typ[types.Uint32], "Sum64": types.Typ[types.Uint64]} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Signature()
		if sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), res) {
			return true
		}
	}
	return false
}

// infallibleDest reports whether the destination e cannot fail: its type
// cannot (infallibleWriter, a hash), or it is a local variable of the
// enclosing functions every value assigned to which cannot, or a composite
// literal (or its address) whose field values all cannot
// (&crlfReplacer{w: h}).
func (c *checker) infallibleDest(e ast.Expr, stack []ast.Node, depth int) bool {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if t := info.TypeOf(e); infallibleWriter(t) || isHash(t) {
		return true
	}
	if depth > 3 {
		return false
	}
	switch x := e.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.AND && c.infallibleDest(x.X, stack, depth+1)
	case *ast.CompositeLit:
		if len(x.Elts) == 0 {
			return false
		}
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if !c.infallibleDest(el, stack, depth+1) {
				return false
			}
		}
		return true
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok || v.IsField() {
			return false
		}
		// The outermost function of stack holds every assignment to a
		// local of an enclosing function.
		var body ast.Node
		for _, n := range stack {
			if fd, ok := n.(*ast.FuncDecl); ok {
				body = fd.Body
				break
			}
		}
		if body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
			return false
		}
		vals, ok := locals.Values(info, body, v)
		if !ok || len(vals) == 0 {
			return false
		}
		for _, val := range vals {
			if !c.infallibleDest(val, stack, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// bestEffortSource reports whether src is a local of the innermost
// function around stack, defined as `src, err := open(...)` where err is
// blank or answered by a bare `if err != nil { return }` (or continue)
// right after: the function gives up on this source without a word, so
// it does not report the source's read errors either.
func (c *checker) bestEffortSource(src ast.Expr, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(src).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	var body *ast.BlockStmt
	switch fn := innermostFunc(stack).(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		list := stmtList(n)
		for k, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
				continue
			}
			if lid, ok := as.Lhs[0].(*ast.Ident); !ok || info.Defs[lid] != v {
				continue
			}
			eid, ok := as.Lhs[1].(*ast.Ident)
			if !ok {
				return false
			}
			if eid.Name == "_" {
				found = true
				return false
			}
			if k+1 < len(list) {
				if is, ok := list[k+1].(*ast.IfStmt); ok && is.Init == nil && is.Else == nil && len(is.Body.List) == 1 {
					x, nonNilIfTrue, ok := errpath.NilTest(info, is.Cond)
					if ok && nonNilIfTrue && x == info.Defs[eid] && quietExit(is.Body.List[0]) {
						found = true
					}
				}
			}
			return false
		}
		return true
	})
	return found
}

// quietExit reports whether s is a bare `return` or `continue`.
func quietExit(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return len(s.Results) == 0
	case *ast.BranchStmt:
		return s.Tok == token.CONTINUE && s.Label == nil
	}
	return false
}

func memWriter(t types.Type) bool {
	return streams.IsNamed(t, "bytes", "Buffer") || streams.IsNamed(t, "strings", "Builder")
}

func memReader(t types.Type) bool {
	return streams.IsNamed(t, "bytes", "Buffer") || streams.IsNamed(t, "bytes", "Reader") || streams.IsNamed(t, "strings", "Reader")
}

// infallibleReader reports whether reads from a value of type t cannot fail
// (other than with io.EOF, which io.Copy absorbs).
func infallibleReader(t types.Type) bool {
	if memReader(t) {
		return true
	}
	return promoted(t, "Read", memReader, true) && promoted(t, "WriteTo", memReader, false)
}

// promoted reports whether the method name of t is declared by a type for
// which is holds (reached through embedding); when t has no such method,
// it reports !must.
func promoted(t types.Type, name string, is func(types.Type) bool, must bool) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return !must && obj == nil
	}
	recv := fn.Signature().Recv()
	return recv != nil && is(recv.Type())
}
