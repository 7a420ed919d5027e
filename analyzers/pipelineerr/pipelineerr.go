package pipelineerr

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
)

//go:embed doc.go
var docSrc string

// Analyzer reports pipeline and stream errors that nobody handles.
var Analyzer = &analysis.Analyzer{
	Name:      "pipelineerr",
	Doc:       analyzerdoc.Extract(docSrc, "pipelineerr"),
	URL:       streams.DocURL("pipelineerr"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(assertsParams)},
}

// pipelineVar is a *flowrt.Pipeline defined by NewPipeline in a function.
type pipelineVar struct {
	def     *ast.CallExpr
	stmt    ast.Node // the statement (or ValueSpec) that defines it
	fn      ast.Node // the FuncDecl or FuncLit that defines it
	name    string
	waits   map[*ast.CallExpr]bool
	escaped bool
}

// pipeWriter is an *io.PipeWriter defined by io.Pipe in a function.
type pipeWriter struct {
	def     *ast.CallExpr
	name    string
	fn      ast.Node     // the function (FuncDecl or FuncLit) that defines it
	lit     *ast.FuncLit // the one goroutine literal that uses it
	goNode  ast.Node     // the go statement or Go call that starts lit
	closes  map[*ast.CallExpr]bool
	escaped bool // used where the analyzer cannot follow, or outside lit
	// readToEOF: the pipe's reader is returned or given to a consumer that
	// reads until io.EOF (io.ReadAll, io.Copy, an HTTP request body ...).
	readToEOF bool
	// deferClose: a `defer pw.Close()` statement directly in lit's body.
	deferClose *ast.DeferStmt
}

// pipeReader is a *flowrt.Reader made by NewPipe in a function.
type pipeReader struct {
	def     *ast.CallExpr
	name    string
	loop    *ast.RangeStmt // a `range r.All(ctx)` loop
	errSeen bool
	escaped bool
}

type checker struct {
	pass      *analysis.Pass
	cfgs      *ctrlflow.CFGs
	pipelines map[*types.Var]*pipelineVar
	writers   map[*types.Var]*pipeWriter
	ends      map[*types.Var]*pipeWriter // the *io.PipeReader of each pipe
	readers   map[*types.Var]*pipeReader
	stdins    map[*types.Var]stdinPipe // x, err := cmd.StdinPipe()
	flows     map[ast.Node]*errpath.Flow
	asserts   map[*types.Func]map[int]uint8 // this package's assertsParams
}

func run(pass *analysis.Pass) (any, error) {
	suppress.Install(pass)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:      pass,
		cfgs:      pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		pipelines: make(map[*types.Var]*pipelineVar),
		writers:   make(map[*types.Var]*pipeWriter),
		ends:      make(map[*types.Var]*pipeWriter),
		readers:   make(map[*types.Var]*pipeReader),
		stdins:    make(map[*types.Var]stdinPipe),
		flows:     make(map[ast.Node]*errpath.Flow),
	}
	c.asserts = paramfacts.Compute[assertsParams](pass, insp, closers)
	c.checkDeferArgs(insp) // deferarg.go
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.Ident)(nil), (*ast.GoStmt)(nil)}
	insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		anc := stack[:len(stack)-1] // the ancestors of n
		switch n := n.(type) {
		case *ast.CallExpr:
			c.call(n, anc)
		case *ast.Ident:
			c.ident(n, anc)
		case *ast.GoStmt:
			c.goStmt(n, anc)
		}
		return true
	})
	c.finish()
	return nil, nil
}

// ---- calls -----------------------------------------------------------------

func (c *checker) call(call *ast.CallExpr, stack []ast.Node) {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	c.caughtAndDropped(call, fn, stack) // swallowed.go, readeof.go
	switch {
	case streams.IsFunc(fn, "io", "Copy"), streams.IsFunc(fn, "io", "CopyN"), streams.IsFunc(fn, "io", "CopyBuffer"):
		c.ioCopy(call, fn, stack)
		c.halfCopy(call, fn, stack) // halfcopy.go

	case streams.IsFunc(fn, "io", "Pipe"):
		c.defineWriter(call, stack)

	case isWriteToPipe(c.pass.TypesInfo, fn, call):
		c.writeToPipe(call, stack)

	case isStdinPipe(fn):
		if v := definedVar(c.pass.TypesInfo, call, stack, 0); v != nil {
			c.stdins[v] = stdinPipe{cmd: types.ExprString(streams.Receiver(call)), exec: streams.IsMethod(fn, "os/exec", "Cmd", "StdinPipe")}
		}

	case streams.IsMethod(fn, "io", "PipeWriter", "Close"):
		c.closeOnErrorPath(call, stack, false)

	case streams.IsMethod(fn, streams.FlowrtPath, "Writer", "Close"):
		// A flowrt writer's Close returns the stream's error: `return
		// w.Close()` hands it on when the error in hand is the stream's.
		if len(stack) > 0 {
			if _, ok := stack[len(stack)-1].(*ast.ExprStmt); ok {
				c.closeOnErrorPath(call, stack, true)
			}
			c.returnCloseOnErrorPath(call, stack) // returnclose.go
		}

	// A flowrt writer's CloseWithError returns err: only io's lose it.
	case streams.IsMethod(fn, "io", "PipeWriter", "CloseWithError"), streams.IsMethod(fn, "io", "PipeReader", "CloseWithError"):
		if len(call.Args) == 1 && c.closeResultLost(call, stack) {
			recv := types.ExprString(streams.Receiver(call))
			arg := types.ExprString(call.Args[0])
			c.pass.Report(analysis.Diagnostic{
				Pos: call.Pos(),
				End: call.End(),
				Message: fmt.Sprintf("the result of %s.CloseWithError is always nil, so %s is lost here: call %s.CloseWithError(%s) as a statement and report %s itself",
					recv, arg, recv, arg, arg),
				SuggestedFixes: c.splitCloseWithError(call, stack),
			})
		}

	case fn.Pkg() != nil && fn.Pkg().Path() == streams.FlowrtPath:
		c.flowrtCall(call, fn, stack)
	}
}

// inTest reports whether n is in a _test.go file. The rules about errors
// left unchecked stay out of tests: a test pokes an API on purpose and
// judges the outcome by its assertions. The rules about hangs and lost
// pipe errors apply there too.
func (c *checker) inTest(n ast.Node) bool {
	return strings.HasSuffix(c.pass.Fset.File(n.Pos()).Name(), "_test.go")
}

// closeResultLost reports whether the (always nil) result of
// x.CloseWithError(arg) is handed on where arg was meant to go: returned
// from a function whose result somebody receives, sent on a channel, or
// passed to a function. A nil or io.EOF argument loses nothing.
func (c *checker) closeResultLost(call *ast.CallExpr, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	if arg := call.Args[0]; streams.IsNil(info, arg) || isPkgVar(info, arg, "io", "EOF") {
		return false
	}
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.SendStmt:
		return true
	case *ast.CallExpr:
		return p.Fun != call && !c.argHandedOn(call.Args[0], stack[:i+1])
	case *ast.ReturnStmt:
		// The result of a function started by a go statement goes nowhere.
		for j := i - 1; j >= 0; j-- {
			switch fn := stack[j].(type) {
			case *ast.FuncDecl:
				return true
			case *ast.FuncLit:
				if j >= 2 {
					if g, ok := stack[j-2].(*ast.GoStmt); ok && g.Call.Fun == fn {
						return false
					}
				}
				return true
			}
		}
	}
	return false
}

// splitCloseWithError offers, for `return pw.CloseWithError(err)` or
// `errc <- pw.CloseWithError(err)` standing in a block, to call
// CloseWithError as a statement first and return or send err itself. It
// offers nothing when err is not a plain name or field (it would be
// evaluated twice) or the statement is not directly in a block.
func (c *checker) splitCloseWithError(call *ast.CallExpr, stack []ast.Node) []analysis.SuggestedFix {
	arg := call.Args[0]
	if !simpleExpr(arg) || len(stack) < 2 {
		return nil
	}
	stmt, ok := stack[len(stack)-1].(ast.Stmt)
	if !ok {
		return nil
	}
	switch st := stmt.(type) {
	case *ast.ReturnStmt:
	case *ast.SendStmt:
		if st.Value != call {
			return nil
		}
	default:
		return nil
	}
	switch stack[len(stack)-2].(type) {
	case *ast.BlockStmt, *ast.CaseClause:
	default:
		return nil // e.g. the send of a select case
	}
	col := c.pass.Fset.Position(stmt.Pos()).Column
	indent := strings.Repeat("\t", col-1) // gofmt'ed code indents with tabs
	callText := types.ExprString(call)
	argText := types.ExprString(arg)
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Call %s first, then use %s", callText, argText),
		TextEdits: []analysis.TextEdit{
			{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(callText + "\n" + indent)},
			{Pos: call.Pos(), End: call.End(), NewText: []byte(argText)},
		},
	}}
}

func (c *checker) flowrtCall(call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	const p = streams.FlowrtPath
	if c.inTest(call) {
		return // not even the definitions: the Wait and All rules stay out of tests too
	}
	switch {
	case streams.IsMethod(fn, p, "Pipeline", "Wait"):
		if how := discarded(call, stack); how != "" && how != "blank" {
			c.pass.ReportRangef(call, "the error of %s.Wait() is discarded (%s): the first stage error is lost; handle it (if err := %s.Wait(); err != nil { ... })",
				recvName(call), how, recvName(call))
		}
	case streams.IsMethod(fn, p, "Writer", "Send"), streams.IsMethod(fn, p, "Writer", "SendAll"), streams.IsMethod(fn, p, "Writer", "Drain"):
		if how := discarded(call, stack); how != "" && how != "blank" {
			c.pass.ReportRangef(call, "the error of %s.%s is discarded (%s): after a failed %s the stream is closed or destroyed and every later item is lost; return the error (if err := %s; err != nil { return err })",
				recvName(call), fn.Name(), how, fn.Name(), types.ExprString(call))
		}
	case streams.IsMethod(fn, p, "Reader", "Read"):
		c.read(call, stack)
	case streams.IsMethod(fn, p, "Reader", "CloseWithError"):
		c.readerCloseWithError(call, stack) // readerclose.go
	case streams.IsFunc(fn, p, "NewPipeline"):
		if v := definedVar(c.pass.TypesInfo, call, stack, 0); v != nil {
			c.pipelines[v] = &pipelineVar{def: call, stmt: stack[len(stack)-1], fn: innermostFunc(stack),
				name: v.Name(), waits: make(map[*ast.CallExpr]bool)}
		}
	case streams.IsFunc(fn, p, "NewPipe"), streams.IsFunc(fn, p, "NewBytePipe"):
		if v := definedVar(c.pass.TypesInfo, call, stack, 0); v != nil {
			c.readers[v] = &pipeReader{def: call, name: v.Name()}
		}
	}
}

func (c *checker) read(call *ast.CallExpr, stack []ast.Node) {
	recv := recvName(call)
	if how := discarded(call, stack); how != "" {
		if how != "blank" {
			c.pass.ReportRangef(call, "the item and error of %s.Read are discarded (%s): the error is the only end-of-stream signal; check it (v, err := %s.Read(ctx); if err != nil { ... })", recv, how, recv)
		}
		return
	}
	// v, _ := r.Read(ctx)
	if as, ok := stack[len(stack)-1].(*ast.AssignStmt); ok && len(as.Lhs) == 2 && len(as.Rhs) == 1 && isBlank(as.Lhs[1]) {
		c.pass.ReportRangef(as.Lhs[1], "the error of %s.Read is discarded: it is the only way to tell io.EOF, a failed upstream or a cancelled context from a zero item; check it (if err == io.EOF { ... } else if err != nil { return err })", recv)
	}
}

// ioCopy reports a discarded io.Copy, CopyN or CopyBuffer.
func (c *checker) ioCopy(call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	how := discarded(call, stack)
	if how == "" || len(call.Args) < 2 {
		return
	}
	if c.inTest(call) {
		return // a test checks its output; see the doc
	}
	dst, src := call.Args[0], call.Args[1]
	if isDiscard(c.pass.TypesInfo, dst) || isStdStream(c.pass.TypesInfo, dst) {
		return
	}
	if t := c.pass.TypesInfo.TypeOf(dst); isResponseWriter(t) || isPeer(t) {
		if isResponseWriter(t) {
			c.httpCopy(call, fn, how, stack) // httpcopy.go
		}
		return // a peer sees the cut; see the doc
	}
	srcSafe := infallibleReader(c.pass.TypesInfo.TypeOf(src))
	if srcSafe && infallibleWriter(c.pass.TypesInfo.TypeOf(dst)) {
		return
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
		return
	}
	if (how == "statement" || how == "blank") && c.onErrorPath(stack) {
		return // e.g. reading an error response's body into the message
	}
	pipe := streams.IsNamed(c.pass.TypesInfo.TypeOf(dst), "io", "PipeWriter") || streams.IsFlowrtWriter(c.pass.TypesInfo.TypeOf(dst))
	// A copy of memory is one Write, like fmt.Fprint; in a function
	// without an error result nobody could be told.
	if srcSafe && !pipe && cmd == "" && !c.canReturnError(stack) {
		return
	}
	// `_, _ = io.Copy(out, &buf)`: one Write of memory, like fmt.Fprint,
	// whose error the author discarded in writing (cue's dry run into
	// cmd.OutOrStdout(), gh's clone stderr into IO.ErrOut). P-blankmem.
	if how == "blank" && srcSafe && !pipe && cmd == "" {
		return
	}
	// A best-effort digest: the source's own open failure is swallowed
	// in a function that has no error to report, and the destination
	// (a hash, memory) cannot fail.
	if !c.canReturnError(stack) && c.infallibleDest(dst, stack, 0) && c.bestEffortSource(src, stack) {
		return
	}
	// A hash whose sum is only compared: a read error makes the sums
	// differ, the path taken for any mismatch (hashcmp.go).
	if c.comparedDigest(dst, src, stack) {
		return
	}
	// `_, _ = io.Copy(h, r)` into a hash, where no enclosing function
	// could report an error: a written decision that the digest is
	// best-effort (hashcmp.go).
	if how == "blank" && isHash(c.pass.TypesInfo.TypeOf(dst)) && c.nobodyToTell(stack) {
		return
	}
	// A relay in a goroutine that can hand no error anywhere: only a
	// destination that carries the error to its reader has a remedy.
	if !pipe && cmd == "" && c.fireAndForget(stack) {
		return
	}
	// `go io.Copy(ptyMaster, conn)`: a bare go statement relaying a
	// connection, pipe or terminal (relay.go).
	if how == "go" && !pipe && cmd == "" && c.goRelay(fn, call, stack) {
		return
	}
	d := types.ExprString(dst)
	switch {
	case pipe:
		c.pass.ReportRangef(call, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and its reader sees a clean io.EOF; hand the error to the reader (if _, err := io.%s(...); err != nil { %s.CloseWithError(err); ... })",
			fn.Name(), how, d, fn.Name(), d)
	case cmd != "" && !stdin.exec:
		c.pass.ReportRangef(call, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and the process sees a clean end of input; check the error and stop the process, or give %s the source as its stdin so that it reports a failed copy",
			fn.Name(), how, d, cmd)
	case cmd != "":
		c.pass.ReportRangef(call, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and the process sees a clean end of input; check the error, or set %s.Stdin to the source and let %s.Wait() report a failed copy",
			fn.Name(), how, d, cmd, cmd)
	default:
		c.pass.ReportRangef(call, "the result of io.%s is discarded (%s): a failed or short copy leaves %s truncated and nobody knows; check the error (if _, err := io.%s(...); err != nil { ... })",
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
		return
	}
	if (how == "statement" || how == "blank") && c.onErrorPath(stack) {
		return
	}
	pw := types.ExprString(call.Args[0])
	c.pass.ReportRangef(call, "the result of %s is discarded (%s): a failed or short write leaves %s truncated and its reader sees a clean io.EOF; hand the error to the reader (if _, err := %s; err != nil { %s.CloseWithError(err); ... })",
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
// wg.Go(func(){...})) that can hand an error to nobody: it has no
// results, sends no error on a channel and assigns no error to a variable
// declared outside it (or to a field or element).
func (c *checker) fireAndForget(stack []ast.Node) bool {
	info := c.pass.TypesInfo
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl:
			return false
		case *ast.FuncLit:
			var parent, gp ast.Node
			if i >= 1 {
				parent = stack[i-1]
			}
			if i >= 2 {
				gp = stack[i-2]
			}
			if c.goroutineStart(n, parent, gp) == nil {
				return false
			}
			if n.Type.Results != nil && len(n.Type.Results.List) > 0 {
				return false
			}
			return !handsOnError(info, n)
		}
	}
	return false
}

// handsOnError reports whether lit sends an error-carrying value on a
// channel or assigns an error to something that outlives it.
func handsOnError(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
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
				if v, ok := info.Uses[id].(*types.Var); ok && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
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
	flow, ok := c.flows[fn]
	if !ok {
		if g := pathflow.Of(c.cfgs, fn); g != nil {
			flow = errpath.NewFlow(info, fn, g)
		}
		c.flows[fn] = flow
	}
	var fromFlow errpath.Facts
	if flow != nil {
		fromFlow = flow.At(ret)
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

// closeOnErrorPath reports pw.Close() inside `if err != nil { ... }`, of an
// *io.PipeWriter or, with flowrt, of a flowrt writer.
func (c *checker) closeOnErrorPath(call *ast.CallExpr, stack []ast.Node, flowrt bool) {
	recv := streams.Receiver(call)
	if recv == nil || !simpleExpr(recv) {
		return
	}
	// Find the nearest enclosing if (or tagless switch case) whose body holds the call.
	var cond ast.Expr
	var body []ast.Stmt
	var bodyStack []ast.Node // the ancestors of the statements of body
	var init ast.Stmt        // the init statement of the if
	child := ast.Node(call)
	for i := len(stack) - 1; i >= 0 && cond == nil; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return
		case *ast.IfStmt:
			if child == n.Body {
				cond, body, init = n.Cond, n.Body.List, n.Init
				bodyStack = append(stack[:i+1:i+1], n.Body)
			} else if child != n.Else {
				return // in the init or condition
			}
		case *ast.CaseClause:
			if sw, ok := stack[i-2].(*ast.SwitchStmt); ok && sw.Tag == nil && len(n.List) == 1 {
				cond, body = n.List[0], n.Body
				bodyStack = stack[: i+1 : i+1]
			}
		}
		child = stack[i]
	}
	if cond == nil {
		return
	}
	errExpr, excludesEOF := errorInHand(c.pass.TypesInfo, cond)
	if errExpr == nil {
		return
	}
	// When the function compares the error with io.EOF elsewhere, a plain
	// `err != nil` may be the clean end (the other errors handled before).
	if !excludesEOF && c.comparedWithEOF(stack, errExpr) {
		return
	}
	if !flowrt && c.ownWriteError(recv, errExpr, init, bodyStack) {
		return // the pipe's own write failed: the reader is gone (ownwrite.go)
	}
	// A CloseWithError of the same writer earlier in the branch wins.
	recvStr := types.ExprString(recv)
	earlier := false
	for _, s := range body {
		if s.Pos() >= call.Pos() {
			break
		}
		ast.Inspect(s, func(n ast.Node) bool {
			if _, ok := n.(*ast.DeferStmt); ok {
				return false // runs at return, after this Close: Close wins
			}
			if cl, ok := n.(*ast.CallExpr); ok {
				if sel, ok := cl.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "CloseWithError" && types.ExprString(sel.X) == recvStr {
					earlier = true
				}
			}
			return !earlier
		})
	}
	if earlier {
		return
	}
	// The pipe was made here, not in a goroutine, and the branch returns an
	// error: the function gives up the pipe and tells its caller (the reader
	// end usually never reached anyone).
	if id, ok := ast.Unparen(recv).(*ast.Ident); ok && len(body) > 0 {
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		if w := c.writers[v]; w != nil && innermostFunc(stack) == w.fn && c.notSuccess(bodyStack, body[len(body)-1]) {
			return
		}
	}
	errStr := types.ExprString(errExpr)
	sel := call.Fun.(*ast.SelectorExpr)
	fixes := []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Replace with %s.CloseWithError(%s)", recvStr, errStr),
		TextEdits: []analysis.TextEdit{{
			Pos:     sel.Sel.Pos(),
			End:     call.End(),
			NewText: []byte("CloseWithError(" + errStr + ")"),
		}},
	}}
	// A flowrt writer's CloseWithError(io.EOF) destroys the stream (the
	// buffered items are dropped), unlike an io.Pipe's: no fix unless the
	// error cannot be io.EOF.
	if flowrt && !excludesEOF && !c.neverEOF(init, errExpr) {
		fixes = nil
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("%s.Close() on the error path: the reader sees a clean io.EOF after truncated data; use %s.CloseWithError(%s)",
			recvStr, recvStr, errStr),
		SuggestedFixes: fixes,
	})
}

// neverEOF reports whether the init statement of an if assigns the error x
// from a call that never returns io.EOF: a flowrt writer's Send, Drain,
// Close or Err, a pipeline's Wait, a bufio.Scanner's Err.
func (c *checker) neverEOF(init ast.Stmt, x ast.Expr) bool {
	as, ok := init.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	assigned := false
	for _, l := range as.Lhs {
		assigned = assigned || types.ExprString(l) == types.ExprString(x)
	}
	fn := streams.Callee(c.pass.TypesInfo, call)
	if !assigned || fn == nil {
		return false
	}
	for _, m := range []string{"Send", "Drain", "Close", "Err"} {
		if streams.IsMethod(fn, streams.FlowrtPath, "Writer", m) {
			return true
		}
	}
	return streams.IsMethod(fn, streams.FlowrtPath, "Pipeline", "Wait") || streams.IsMethod(fn, "bufio", "Scanner", "Err")
}

// innermostFunc returns the innermost FuncDecl or FuncLit of stack.
func innermostFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

// errorInHand returns X when cond is `X != nil` (or `nil != X`), X of type
// error, possibly followed by `&& X != Y` or `&& !errors.Is(X, Y)`
// conjuncts; otherwise nil. excludesEOF reports whether such a conjunct
// excludes io.EOF.
func errorInHand(info *types.Info, cond ast.Expr) (x ast.Expr, excludesEOF bool) {
	var conj []ast.Expr
	var split func(e ast.Expr)
	split = func(e ast.Expr) {
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
			split(b.X)
			split(b.Y)
			return
		}
		conj = append(conj, ast.Unparen(e))
	}
	split(cond)
	b, ok := conj[0].(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return nil, false
	}
	x = b.X
	if streams.IsNil(info, x) {
		x = b.Y
	} else if !streams.IsNil(info, b.Y) {
		return nil, false
	}
	if !simpleExpr(x) || !errpath.IsError(info.TypeOf(x)) {
		return nil, false
	}
	xs := types.ExprString(x)
	for _, e := range conj[1:] {
		switch e := e.(type) {
		case *ast.BinaryExpr:
			if e.Op != token.NEQ {
				return nil, false
			}
			switch xs {
			case types.ExprString(e.X):
				excludesEOF = excludesEOF || isPkgVar(info, e.Y, "io", "EOF")
			case types.ExprString(e.Y):
				excludesEOF = excludesEOF || isPkgVar(info, e.X, "io", "EOF")
			default:
				return nil, false
			}
		case *ast.UnaryExpr:
			call, ok := ast.Unparen(e.X).(*ast.CallExpr)
			if e.Op != token.NOT || !ok || !streams.IsFunc(streams.Callee(info, call), "errors", "Is") || len(call.Args) != 2 {
				return nil, false
			}
			excludesEOF = excludesEOF || isPkgVar(info, call.Args[1], "io", "EOF")
		default:
			return nil, false
		}
	}
	return x, excludesEOF
}

// comparedWithEOF reports whether the function enclosing stack compares
// the error x with io.EOF (x == io.EOF, x != io.EOF, errors.Is(x, io.EOF)).
func (c *checker) comparedWithEOF(stack []ast.Node, x ast.Expr) bool {
	var body ast.Node
	for i := len(stack) - 1; i >= 0 && body == nil; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			body = fn.Body
		case *ast.FuncDecl:
			body = fn.Body
		}
	}
	if body == nil {
		return false
	}
	info := c.pass.TypesInfo
	xs := types.ExprString(x)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if (types.ExprString(n.X) == xs && isPkgVar(info, n.Y, "io", "EOF")) ||
					(types.ExprString(n.Y) == xs && isPkgVar(info, n.X, "io", "EOF")) {
					found = true
				}
			}
		case *ast.CallExpr:
			if len(n.Args) == 2 && types.ExprString(n.Args[0]) == xs && isPkgVar(info, n.Args[1], "io", "EOF") &&
				streams.IsFunc(streams.Callee(info, n), "errors", "Is") {
				found = true
			}
		}
		return !found
	})
	return found
}

// simpleExpr reports whether e is an identifier or a chain of field selections.
func simpleExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return simpleExpr(e.X)
	}
	return false
}

// discarded says how the results of call are dropped: "statement", "go",
// "defer", "blank" (every result assigned to _), or "" when they are used.
func discarded(call *ast.CallExpr, stack []ast.Node) string {
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return ""
	}
	switch p := stack[i].(type) {
	case *ast.ExprStmt:
		return "statement"
	case *ast.GoStmt:
		if p.Call == call {
			return "go"
		}
	case *ast.DeferStmt:
		if p.Call == call {
			return "defer"
		}
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == call {
			for _, l := range p.Lhs {
				if !isBlank(l) {
					return ""
				}
			}
			return "blank"
		}
	}
	return ""
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

func recvName(call *ast.CallExpr) string {
	if r := streams.Receiver(call); r != nil {
		return types.ExprString(r)
	}
	return "?"
}

// definedVar returns the local variable that result i of call is assigned to
// by a `:=` or `var` declaration (the call being the only right-hand side).
func definedVar(info *types.Info, call *ast.CallExpr, stack []ast.Node, i int) *types.Var {
	if len(stack) == 0 {
		return nil
	}
	var id ast.Expr
	switch p := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		if p.Tok == token.DEFINE && len(p.Rhs) == 1 && p.Rhs[0] == call && i < len(p.Lhs) {
			id = p.Lhs[i]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && i < len(p.Names) {
			id = p.Names[i]
		}
	}
	ident, ok := id.(*ast.Ident)
	if !ok || ident.Name == "_" {
		return nil
	}
	v, _ := info.Defs[ident].(*types.Var)
	if v == nil || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil // package-level or a redeclaration
	}
	return v
}

// ---- identifiers -------------------------------------------------------------

func (c *checker) ident(id *ast.Ident, stack []ast.Node) {
	if len(c.pipelines)+len(c.writers)+len(c.ends)+len(c.readers) == 0 {
		return
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return
	}
	if p := c.pipelines[v]; p != nil {
		c.pipelineUse(p, id, stack)
	}
	if w := c.writers[v]; w != nil {
		c.writerUse(w, id, stack)
	}
	if w := c.ends[v]; w != nil && c.readsToEOF(id, stack) {
		w.readToEOF = true
	}
	if r := c.readers[v]; r != nil {
		c.readerUse(r, id, stack)
	}
}

// methodCall returns the call and method name when id is the receiver of a
// method call id.m(...).
func methodCall(id *ast.Ident, stack []ast.Node) (*ast.CallExpr, string) {
	n := len(stack)
	if n < 2 {
		return nil, ""
	}
	sel, ok := stack[n-1].(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return nil, ""
	}
	call, ok := stack[n-2].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return nil, ""
	}
	return call, sel.Sel.Name
}

func (c *checker) pipelineUse(p *pipelineVar, id *ast.Ident, stack []ast.Node) {
	if call, name := methodCall(id, stack); name != "" {
		if name == "Wait" {
			p.waits[call] = true
		}
		return
	}
	// An argument of one of flowrt's functions (Source, Map, Sink ...).
	if call, ok := stack[len(stack)-1].(*ast.CallExpr); ok && call.Fun != id {
		if fn := streams.Callee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == streams.FlowrtPath {
			return
		}
	}
	p.escaped = true
}

func (c *checker) readerUse(r *pipeReader, id *ast.Ident, stack []ast.Node) {
	call, name := methodCall(id, stack)
	switch name {
	case "":
		r.escaped = true
	case "Err":
		r.errSeen = true
	case "All":
		n := len(stack)
		if n >= 3 {
			if rs, ok := stack[n-3].(*ast.RangeStmt); ok && rs.X == call && singleSeq(c.pass.TypesInfo.TypeOf(call)) {
				r.loop = rs
			}
		}
	}
}

// singleSeq reports whether t is a one-value iterator, func(yield func(T) bool).
func singleSeq(t types.Type) bool {
	sig, ok := types.Unalias(t).Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return false
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	return ok && yield.Params().Len() == 1
}

// ---- io.Pipe writers ---------------------------------------------------------

func (c *checker) defineWriter(call *ast.CallExpr, stack []ast.Node) {
	v := definedVar(c.pass.TypesInfo, call, stack, 1)
	if v == nil {
		return
	}
	var fn ast.Node
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = stack[i]
		}
		if fn != nil {
			break
		}
	}
	if fn == nil {
		return
	}
	w := &pipeWriter{def: call, name: v.Name(), fn: fn, closes: make(map[*ast.CallExpr]bool)}
	c.writers[v] = w
	if r := definedVar(c.pass.TypesInfo, call, stack, 0); r != nil {
		c.ends[r] = w
	}
}

// readsToEOF reports whether the use id of a pipe reader hands it to code
// that reads until io.EOF: a return statement (the caller gets a stream),
// io.ReadAll, io.Copy's source, a ReadFrom method, an HTTP request body.
func (c *checker) readsToEOF(id *ast.Ident, stack []ast.Node) bool {
	switch p := stack[len(stack)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.CallExpr:
		fn := streams.Callee(c.pass.TypesInfo, p)
		if fn == nil {
			return false
		}
		arg := -1
		for i, a := range p.Args {
			if a == id {
				arg = i
			}
		}
		switch {
		case streams.IsFunc(fn, "io", "ReadAll"):
			return arg == 0
		case streams.IsFunc(fn, "io", "Copy"), streams.IsFunc(fn, "io", "CopyBuffer"):
			return arg == 1
		case fn.Name() == "ReadFrom" && fn.Type().(*types.Signature).Recv() != nil:
			return arg == 0
		case streams.IsFunc(fn, "net/http", "Post"), streams.IsMethod(fn, "net/http", "Client", "Post"),
			streams.IsFunc(fn, "net/http", "NewRequest"), streams.IsFunc(fn, "net/http/httptest", "NewRequest"):
			return arg == 2
		case streams.IsFunc(fn, "net/http", "NewRequestWithContext"):
			return arg == 3
		}
	}
	return false
}

// goStmt makes the parameters of `go func(w *io.PipeWriter) {...}(pw)`
// aliases of pw. (The literal is visited before its arguments.)
func (c *checker) goStmt(g *ast.GoStmt, stack []ast.Node) {
	lit, ok := g.Call.Fun.(*ast.FuncLit)
	if !ok || len(c.writers) == 0 {
		return
	}
	params := paramVars(c.pass.TypesInfo, lit)
	for i, arg := range g.Call.Args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok || i >= len(params) || params[i] == nil {
			continue
		}
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		if w := c.writers[v]; w != nil {
			if (w.lit != nil && w.lit != lit) || inLoop(stack, w.fn) {
				w.escaped = true
				continue
			}
			w.lit, w.goNode = lit, g
			c.writers[params[i]] = w
		}
	}
}

func paramVars(info *types.Info, lit *ast.FuncLit) []*types.Var {
	var vs []*types.Var
	for _, f := range lit.Type.Params.List {
		if len(f.Names) == 0 {
			vs = append(vs, nil)
		}
		for _, n := range f.Names {
			v, _ := info.Defs[n].(*types.Var)
			vs = append(vs, v)
		}
	}
	return vs
}

// goroutineStart returns the go statement or Go(...) call of a group with
// a Wait method (errgroup.Group, sync.WaitGroup) that runs lit, whose
// parent in the syntax tree is parent (and grandparent gp).
func (c *checker) goroutineStart(lit *ast.FuncLit, parent, gp ast.Node) ast.Node {
	switch stream.RunsHere(c.pass.TypesInfo, []ast.Node{gp, parent, lit}, 2).How {
	case stream.Go:
		return gp
	case stream.GroupGo:
		return parent
	}
	return nil
}

func (c *checker) writerUse(w *pipeWriter, id *ast.Ident, stack []ast.Node) {
	// Locate the function that defines w in the stack, then the goroutine
	// literal directly inside it (if any).
	fnIdx := -1
	for i, n := range stack {
		if n == w.fn {
			fnIdx = i
		}
	}
	if fnIdx < 0 {
		w.escaped = true // cannot happen: every use is inside the defining function
		return
	}
	litIdx := -1
	for i := fnIdx + 1; i < len(stack); i++ {
		if _, ok := stack[i].(*ast.FuncLit); ok {
			litIdx = i
			break
		}
	}
	n := len(stack)
	if litIdx < 0 {
		// A use in the defining function itself: handing pw to a go func literal
		// as its argument is fine (goStmt saw it); anything else is a use
		// outside the goroutine.
		if call, ok := stack[n-1].(*ast.CallExpr); ok && w.lit != nil && call.Fun == w.lit {
			return
		}
		// Wrapped by a standard constructor that cannot close it
		// (mw := multipart.NewWriter(pw)) before the goroutine starts.
		if call, ok := stack[n-1].(*ast.CallExpr); ok && call.Fun != id && c.writerArg(call, id) {
			return
		}
		w.escaped = true
		return
	}
	lit := stack[litIdx].(*ast.FuncLit)
	if w.lit != nil && w.lit != lit {
		w.escaped = true
		return
	}
	if w.lit == nil {
		var gp ast.Node
		if litIdx >= 2 {
			gp = stack[litIdx-2]
		}
		start := c.goroutineStart(lit, stack[litIdx-1], gp)
		if start == nil || inLoop(stack[:litIdx], w.fn) {
			w.escaped = true // not a goroutine, or one of many
			return
		}
		w.lit, w.goNode = lit, start
	}
	// Nested literals inside the goroutine: only those that run in place
	// (deferred or called immediately).
	for i := litIdx + 1; i < n; i++ {
		inner, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		if !ok || call.Fun != inner {
			w.escaped = true
			return
		}
	}
	if call, name := methodCall(id, stack); call != nil {
		switch name {
		case "Close", "CloseWithError":
			w.closes[call] = true
			if n < 5 {
				return
			}
			if d, ok := stack[n-3].(*ast.DeferStmt); ok && name == "Close" && d.Call == call &&
				stack[n-4] == w.lit.Body && stack[n-5] == w.lit {
				w.deferClose = d
			}
			return
		case "Write":
			return
		}
		w.escaped = true
		return
	}
	// An argument of a standard-library function whose parameter cannot close it.
	if call, ok := stack[n-1].(*ast.CallExpr); ok && call.Fun != id {
		if c.writerArg(call, id) {
			return
		}
	}
	w.escaped = true
}

// inLoop reports whether the innermost node of stack is inside a loop
// within fn.
func inLoop(stack []ast.Node, fn ast.Node) bool {
	for i := len(stack) - 1; i >= 0 && stack[i] != fn; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// ---- end of package ------------------------------------------------------------

// sortedByDef returns the values of m in source order of their definitions
// (map order would make the order of reports vary between runs).
func sortedByDef[T any](m map[*types.Var]T, def func(T) token.Pos) []T {
	vs := make([]T, 0, len(m))
	for _, v := range m {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return def(vs[i]) < def(vs[j]) })
	return vs
}

func (c *checker) finish() {
	for _, p := range sortedByDef(c.pipelines, func(p *pipelineVar) token.Pos { return p.def.Pos() }) {
		if p.escaped {
			continue
		}
		if len(p.waits) == 0 {
			c.pass.ReportRangef(p.def, "pipeline %s is never waited for: its first stage error is lost and its stage goroutines may leak; call %s.Wait() and handle its error", p.name, p.name)
			continue
		}
		c.checkWaitPaths(p)
	}
	for _, r := range sortedByDef(c.readers, func(r *pipeReader) token.Pos { return r.def.Pos() }) {
		if !r.escaped && r.loop != nil && !r.errSeen {
			c.pass.ReportRangef(r.loop.X, "%s.All ends the same way on a clean end of stream and on a failure, and %s.Err() is never checked: check it after the loop (if err := %s.Err(); err != nil { ... })", r.name, r.name, r.name)
		}
	}
	seen := make(map[*pipeWriter]bool)
	for _, w := range sortedByDef(c.writers, func(w *pipeWriter) token.Pos { return w.def.Pos() }) {
		if seen[w] {
			continue
		}
		seen[w] = true
		if w.escaped || w.lit == nil {
			continue
		}
		c.checkWriterPaths(w)
		c.checkDeferredClose(w)
	}
}

// checkDeferredClose reports, in a goroutine that defers pw.Close(), an
// `if err != nil { ...; return }` branch that only logs err: the deferred
// Close then hands the reader a clean io.EOF after truncated data.
func (c *checker) checkDeferredClose(w *pipeWriter) {
	if w.deferClose == nil {
		return
	}
	info := c.pass.TypesInfo
	ast.Inspect(w.lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if n.Pos() < w.deferClose.End() || len(n.Body.List) == 0 {
				return true
			}
			errExpr, excludesEOF := errorInHand(info, n.Cond)
			if errExpr == nil {
				return true
			}
			ret, ok := n.Body.List[len(n.Body.List)-1].(*ast.ReturnStmt)
			if !ok || c.notSuccess([]ast.Node{w.lit, n, n.Body}, ret) || !onlyLogged(info, n.Body, errExpr) {
				return true
			}
			if !excludesEOF && c.comparedWithEOF([]ast.Node{w.lit}, errExpr) {
				return true
			}
			if c.ownWriteErrorIf(w.name, errExpr, n, w.lit.Body) {
				return true // the pipe's own write failed: the reader is gone (ownwrite.go)
			}
			e := types.ExprString(errExpr)
			c.pass.ReportRangef(ret, "this error path returns with %s in hand and the deferred %s.Close() gives the reader a clean io.EOF after truncated data; call %s.CloseWithError(%s) before returning",
				e, w.name, w.name, e)
		}
		return true
	})
}

// onlyLogged reports whether body uses err only as an argument of logging
// and formatting calls (log, slog, fmt.Print*, a logger's Print/Error/Warn
// ... methods), and closes, sends or stores nothing: the error reaches no
// one who could stop the reader from trusting the data.
func onlyLogged(info *types.Info, body *ast.BlockStmt, err ast.Expr) bool {
	es := types.ExprString(err)
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt:
			ok = false
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				if strings.Contains(types.ExprString(r), es) {
					ok = false
				}
			}
		case *ast.CallExpr:
			if sel, isSel := n.Fun.(*ast.SelectorExpr); isSel && strings.HasPrefix(sel.Sel.Name, "Close") {
				ok = false // closes something: maybe the pipe, maybe through a wrapper
				return false
			}
			usesErr := false
			for _, a := range n.Args {
				if strings.Contains(types.ExprString(a), es) {
					usesErr = true
				}
			}
			if usesErr && !isLogCall(info, n) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func isLogCall(info *types.Info, call *ast.CallExpr) bool {
	fn := streams.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "log", "log/slog":
		return true
	case "fmt":
		return strings.HasPrefix(fn.Name(), "Print") || strings.HasPrefix(fn.Name(), "Fprint") || strings.HasPrefix(fn.Name(), "Sprint")
	}
	if fn.Type().(*types.Signature).Recv() == nil || fn.Pkg().Path() == "testing" {
		return false // t.Error and t.Fatal report the failure: not just a log
	}
	for _, p := range []string{"Print", "Log", "Error", "Warn", "Info", "Debug"} {
		if strings.HasPrefix(fn.Name(), p) {
			return true
		}
	}
	return false
}

// checkWaitPaths reports a path from the definition of p to a return that
// reports success (returns no non-nil error) without calling p.Wait.
func (c *checker) checkWaitPaths(p *pipelineVar) {
	g := pathflow.Of(c.cfgs, p.fn)
	if g == nil {
		return
	}
	at, ok := pathflow.Locate(g)[p.stmt]
	if !ok {
		return
	}
	info := c.pass.TypesInfo
	sig := errpath.Signature(info, p.fn)
	reportsSuccess := func(ret *ast.ReturnStmt) bool {
		facts := c.facts(p.fn, errpath.Enclosing(p.fn, ret), ret)
		return errpath.Reports(info, sig, ret, facts) == errpath.Success
	}
	at.Index++ // after the definition
	if ret := firstReturn(at, containsCall(p.waits), reportsSuccess); ret != nil {
		c.reportUnwaited(p, ret)
	}
}

// containsCall returns a predicate telling whether a CFG node contains one
// of calls (also inside a function literal, such as a deferred closure or
// a goroutine started there).
func containsCall(calls map[*ast.CallExpr]bool) func(ast.Node) bool {
	return func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && calls[call] {
				found = true
			}
			return !found
		})
		return found
	}
}

// firstReturn returns a return statement reachable from at on a path with
// no node for which stop holds, and for which want (if set) holds; or nil.
// Paths that end in panic, log.Fatal or os.Exit return nothing.
func firstReturn(at pathflow.Point, stop func(ast.Node) bool, want func(*ast.ReturnStmt) bool) *ast.ReturnStmt {
	var found *ast.ReturnStmt
	pathflow.Walk(at, struct{}{}, pathflow.Walker[struct{}]{
		Node: func(_ *cfg.Block, n ast.Node, s struct{}) (struct{}, bool) {
			return s, found == nil && !stop(n)
		},
		Exit: func(b *cfg.Block, _ struct{}) {
			if found != nil || !pathflow.IsReturn(b) {
				return
			}
			if ret := b.Return(); want == nil || want(ret) {
				found = ret
			}
		},
	})
	return found
}

func (c *checker) reportUnwaited(p *pipelineVar, ret *ast.ReturnStmt) {
	pos, end := ret.Pos(), ret.End()
	if c.pass.Fset.File(pos) != c.pass.Fset.File(end) || ret.Results == nil {
		end = pos + 1 // a synthetic return at the closing brace
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: pos,
		End: end,
		Message: fmt.Sprintf("this path returns without %s.Wait(): the pipeline's stage goroutines may still run and their error is lost; call %s.Wait() and handle its error before returning",
			p.name, p.name),
	})
}

// checkWriterPaths reports a path through the goroutine w.lit that reaches its
// end without closing w.
func (c *checker) checkWriterPaths(w *pipeWriter) {
	g := c.cfgs.FuncLit(w.lit)
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	if len(w.closes) == 0 {
		if !w.readToEOF {
			return // the reader may read a known amount or a framed stream
		}
		c.pass.ReportRangef(w.goNode, "the io.PipeWriter %s written by this goroutine is never closed: the reader blocks forever; defer %s.Close() (and use %s.CloseWithError(err) on failure)", w.name, w.name, w.name)
		return
	}
	ret := firstReturn(pathflow.Point{Block: g.Blocks[0]}, containsCall(w.closes), func(ret *ast.ReturnStmt) bool {
		return !c.afterOwnWriteFailed(w, ret)
	})
	if ret == nil {
		return
	}
	pos := ret.Pos()
	end := ret.End()
	if ret.Results == nil && pos == w.lit.Body.Rbrace {
		end = pos + 1 // the implicit return at the closing brace
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: pos,
		End: end,
		Message: fmt.Sprintf("this path leaves the io.PipeWriter %s open when the goroutine ends: the reader blocks forever; close it on every path (defer %s.Close(), and %s.CloseWithError(err) on failure)",
			w.name, w.name, w.name),
	})
}
