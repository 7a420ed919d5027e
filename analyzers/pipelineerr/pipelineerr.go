package pipelineerr

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
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
	stdins    map[*types.Var]stdinPipe      // x, err := cmd.StdinPipe()
	paths     map[ast.Node]*typestate.Func  // the path engine over each function, once needed
	asserts   map[*types.Func]map[int]uint8 // this package's assertsParams
	// goOnlyFuncs: the package's functions used only as go statements'
	// callees (relay.go), computed when first needed.
	goOnlyFuncs map[*types.Func]bool
	// goroutineTasks: the func() results of the package's functions that
	// every caller runs only in a goroutine (tasks.go), when first needed.
	goroutineTasks map[taskResult]bool
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
		paths:     make(map[ast.Node]*typestate.Func),
	}
	c.asserts = paramfacts.Compute[assertsParams](pass, insp, closers)
	if streams.FactsOnly() {
		return nil, nil
	}
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

	case streams.IsMethod(fn, "io", "PipeWriter", "Close"), declaredPipeClose(fn):
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
				Pos:      call.Pos(),
				End:      call.End(),
				Category: ruleCloseValue,
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
// pipe errors apply there too. PS-tests.
func (c *checker) inTest(n ast.Node) bool {
	return strings.HasSuffix(c.pass.Fset.File(n.Pos()).Name(), "_test.go")
}

// closeResultLost reports whether the (always nil) result of
// x.CloseWithError(arg) is handed on where arg was meant to go: returned
// from a function whose result somebody receives, sent on a channel, or
// passed to a function. A nil or io.EOF argument loses nothing, nor does
// the result of a function started by a go statement (PS-closevalueok).
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
		if how := discarded(call, stack); how != "" && how != "blank" { // PS-blankdecision
			c.report(ruleWaitDropped, call, nil, "the error of %s.Wait() is discarded (%s): the first stage error is lost; handle it (if err := %s.Wait(); err != nil { ... })",
				recvName(call), how, recvName(call))
		}
	case streams.IsMethod(fn, p, "Writer", "Send"), streams.IsMethod(fn, p, "Writer", "SendAll"), streams.IsMethod(fn, p, "Writer", "Drain"):
		if how := discarded(call, stack); how != "" && how != "blank" {
			c.report(ruleSendDropped, call, nil, "the error of %s.%s is discarded (%s): after a failed %s the stream is closed or destroyed and every later item is lost; return the error (if err := %s; err != nil { return err })",
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
		// The All rule covers the readers made here only: a stage's
		// input reports its upstream's error to Wait (PS-allstage).
		if v := definedVar(c.pass.TypesInfo, call, stack, 0); v != nil {
			c.readers[v] = &pipeReader{def: call, name: v.Name()}
		}
	}
}

func (c *checker) read(call *ast.CallExpr, stack []ast.Node) {
	recv := recvName(call)
	if how := discarded(call, stack); how != "" {
		if how != "blank" {
			c.report(ruleReadDropped, call, nil, "the item and error of %s.Read are discarded (%s): the error is the only end-of-stream signal; check it (v, err := %s.Read(ctx); if err != nil { ... })", recv, how, recv)
		}
		return
	}
	// v, _ := r.Read(ctx)
	if as, ok := stack[len(stack)-1].(*ast.AssignStmt); ok && len(as.Lhs) == 2 && len(as.Rhs) == 1 && isBlank(as.Lhs[1]) {
		c.report(ruleReadDropped, as.Lhs[1], nil, "the error of %s.Read is discarded: it is the only way to tell io.EOF, a failed upstream or a cancelled context from a zero item; check it (if err == io.EOF { ... } else if err != nil { return err })", recv)
	}
}

// declaredPipeClose reports whether fn is the Close method of a kind the
// user declared with the CloseWithError duty (-streams=pkg.T:CloseWithError):
// like an *io.PipeWriter's, its reader learns of a failure only through
// CloseWithError.
func declaredPipeClose(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || fn.Name() != "Close" || !stream.HasDeclared() {
		return false
	}
	k := stream.Of(recv.Type())
	return k != nil && k.Declared && k.Duty == stream.CloseWithError
}
