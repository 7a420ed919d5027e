// Package errpath holds the one judgment the flowvet catalog rests on for
// error paths (design.md, "Two judgments the catalog rests on"):
//
//	A path that returns a non-nil error has told its caller that the work
//	failed. The duty (flush, close, wait, report) is on the paths that
//	report success.
//
// [Reports] classifies a return statement by what its error result tells
// the caller: [Failure] (certainly a non-nil error), [Success] (nil, or a
// value that is nil when the work it stands for succeeded), or [Unknown].
// Analyzers that put a duty on the success paths report only on Success;
// analyzers that excuse a failing path excuse Failure and, to stay silent
// when unsure, Unknown too.
//
// What the caller knows about local error variables on the path to the
// return comes in as [Facts]: unflushed carries them in the state of its
// own path search; [Flow] computes them for a whole function from its CFG
// (a must data-flow problem: [Flow.At], what pipelineerr uses), and
// carries them along one path of a walk from a point ([Flow.BeforePoint],
// [Flow.Step], [Flow.Edge]: the typestate engine does, for the walks that
// ask for Exit.Errs); [Guarded] reads them from the enclosing
// `if err != nil` when only the syntax is at hand.
//
// The rule, for the error result e of the function (its last result of
// type error) after parentheses:
//
//   - no error result: Success (the caller cannot be told of a failure
//     through the results).
//   - `nil`: Success.
//   - a value of a concrete (non-interface) type, such as &PathError{...},
//     MyErr{...} or a variable of type *MyErr: Failure. Converted to the
//     error interface it is never nil, even when it holds a nil pointer.
//   - a package-level variable (io.EOF, ErrClosed): Failure, a sentinel.
//   - a local variable: what Facts says; NonNil is Failure, MaybeNil is
//     Success (`err := w.Flush(); return err`), Unseen is Unknown.
//   - a call of fmt.Errorf or errors.New: Failure.
//   - ctx.Err() of a context (a receiver with Done and Deadline): Failure;
//     it is returned when the context is done, and is non-nil then.
//   - a call of another method named Err or Error (scanner.Err(),
//     cw.Error()), Close, Flush or Sync, or of a function whose name ends
//     in "OrNil": Success; these report a state that is nil when all went
//     well.
//   - a call of a function whose name contains "err", "wrap" or "fail"
//     (newError, wrapErr, fail): Failure, a constructor of errors by name.
//   - any other call with a local error variable known to be non-nil
//     among its arguments (errors.Join(err), annotate(err, ...)):
//     Failure.
//   - any other call: Success; its error is nil when the call succeeded
//     (`return w.Close()`). The same holds for `return f()` where f
//     returns all of the function's results.
//   - a bare return: the named error result, as a local variable.
//   - anything else (a field, an index, a type assertion, a receive):
//     Unknown.
//
// One more fact a caller may add ([SentinelOnly], [BranchSentinelTests];
// unflushed does): a local error variable assigned only from an `Err()
// error` method and compared only with sentinels (`err == io.EOF`,
// `errors.Is(err, io.EOF)`), never with nil, is non-nil where it is not
// the sentinel (html.Tokenizer.Err() after an ErrorToken).
//
// Decisions where the three earlier private versions disagreed:
//
//   - `return err` with nothing known about err: pipelineerr called it a
//     failure, unflushed a success, writeafterclose a success unless an
//     enclosing `if err != nil` said otherwise. It is Unknown: with the
//     caller's knowledge it becomes Failure (guarded, or assigned a
//     certain error) or Success (followed and possibly nil).
//     writeafterclose and backpressure now take that knowledge from Flow
//     (writeafterclose followed an err only when every value assigned to
//     it was nil or a call's; backpressure took only a literal nil for a
//     success).
//   - `return cw.Error()`, `return sc.Err()`: pipelineerr took any name
//     containing "err" as a constructor; these accessors return nil on
//     success, so they are Success.
//   - `return f()` of several results: unflushed said it could not tell,
//     pipelineerr success. It is a call like any other: Success.
//   - `return ctx.Err()`: unflushed and pipelineerr took it for a
//     constructor by name (a failure), which is right for a context and
//     only for a context.
//   - a value of a concrete error type (`return short(n)` where short
//     returns *shortWrite; `var e *MyErr; return e`): unflushed and
//     pipelineerr took it for a possible success. It is never a nil
//     error: Failure.
//   - a bare return of a named error result: unflushed followed the
//     variable; pipelineerr took it for a success in one rule and "not
//     judged" in another. It is the variable, as the Facts know it.
//   - the error result is the last result of type error (pipelineerr
//     looked at every result of type error).
//   - `return <-errc` (writeafterclose took every unary expression as
//     non-nil): Unknown; a goroutine's error is nil when it succeeded.
//   - a path on which some error is known to be non-nil but the return
//     does not hand it on (`log.Print(err); return nil`): the return
//     itself is Success. unflushed additionally treats such a path as
//     handling the failure (see its doc); pipelineerr reports exactly that
//     shape for pipe writers, so the rule stays with the analyzer.
package errpath

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// Verdict is what a return statement tells its caller about the work.
type Verdict uint8

const (
	// Unknown: the error returned may or may not be nil and nothing
	// says which is normal. Stay silent either way.
	Unknown Verdict = iota
	// Success: the return may report success (a nil error, or no error
	// result): the duty applies on this path.
	Success
	// Failure: the return certainly reports a non-nil error.
	Failure
)

func (v Verdict) String() string {
	switch v {
	case Success:
		return "Success"
	case Failure:
		return "Failure"
	}
	return "Unknown"
}

// Fact is what a caller knows about a local error variable at a return.
type Fact uint8

const (
	// Unseen: the caller does not follow the variable.
	Unseen Fact = iota
	// MaybeNil: the caller follows the variable on this path and it is
	// not known to be non-nil (err := f(), or the err == nil branch).
	MaybeNil
	// NonNil: certainly non-nil on this path (inside `if err != nil`, or
	// after err = fmt.Errorf(...)).
	NonNil
)

// Facts tells what the caller knows about v on the path to the return.
// A nil Facts knows nothing.
type Facts func(v *types.Var) Fact

var errorType = types.Universe.Lookup("error").Type()

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool {
	return t != nil && types.Identical(t, errorType)
}

// ErrorResult returns the index of sig's error result (the last result of
// type error), or -1.
func ErrorResult(sig *types.Signature) int {
	if sig == nil {
		return -1
	}
	for i := sig.Results().Len() - 1; i >= 0; i-- {
		if IsError(sig.Results().At(i).Type()) {
			return i
		}
	}
	return -1
}

// Signature returns the signature of a *ast.FuncDecl or *ast.FuncLit, or
// nil.
func Signature(info *types.Info, fn ast.Node) *types.Signature {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
			sig, _ := obj.Type().(*types.Signature)
			return sig
		}
	case *ast.FuncLit:
		sig, _ := info.TypeOf(fn).(*types.Signature)
		return sig
	}
	return nil
}

// Reports classifies ret, a return statement of a function with signature
// sig, by what it tells the caller (see the package doc for the rule).
// facts may be nil.
func Reports(info *types.Info, sig *types.Signature, ret *ast.ReturnStmt, facts Facts) Verdict {
	i := ErrorResult(sig)
	if i < 0 {
		return Success
	}
	n := sig.Results().Len()
	switch len(ret.Results) {
	case 0:
		r := sig.Results().At(i)
		if r.Name() == "" || r.Name() == "_" {
			return Unknown // not valid Go: a bare return needs named results
		}
		return fromFact(r, facts)
	case n:
		return Expr(info, ret.Results[i], facts)
	case 1:
		// return f(), f returning all the results.
		if call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr); ok {
			return callVerdict(info, call, facts)
		}
	}
	return Unknown
}

// Expr classifies an expression of type error by whether it is certainly
// non-nil (Failure), nil or nil on success (Success), or neither
// (Unknown). It is the rule Reports applies to the error result.
func Expr(info *types.Info, e ast.Expr, facts Facts) Verdict {
	e = ast.Unparen(e)
	tv, ok := info.Types[e]
	if !ok {
		return Unknown
	}
	if tv.IsNil() {
		return Success
	}
	if tv.Type != nil && !types.IsInterface(tv.Type) {
		// A concrete value converted to error is never a nil interface.
		return Failure
	}
	switch e := e.(type) {
	case *ast.Ident:
		return identVerdict(info, e, facts)
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && isPackageVar(v) {
			return Failure // io.EOF, os.ErrClosed
		}
	case *ast.CallExpr:
		return callVerdict(info, e, facts)
	}
	return Unknown
}

func identVerdict(info *types.Info, id *ast.Ident, facts Facts) Verdict {
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return Unknown
	}
	if isPackageVar(v) {
		return Failure // a sentinel
	}
	return fromFact(v, facts)
}

func fromFact(v *types.Var, facts Facts) Verdict {
	if facts == nil {
		return Unknown
	}
	switch facts(v) {
	case NonNil:
		return Failure
	case MaybeNil:
		return Success
	}
	return Unknown
}

func isPackageVar(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

func callVerdict(info *types.Info, call *ast.CallExpr, facts Facts) Verdict {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		// A conversion to an interface type: as good as its operand.
		if len(call.Args) == 1 {
			return Expr(info, call.Args[0], facts)
		}
		return Unknown
	}
	if fn := streams.Callee(info, call); fn != nil {
		if streams.IsErrorConstructor(fn) {
			return Failure
		}
		name := fn.Name()
		if name == "Err" && isContext(fn) {
			// ctx.Err() is returned when the context is done: it is
			// non-nil then (case <-ctx.Done(): return ctx.Err()).
			return Failure
		}
		switch name {
		case "Err", "Error", "Close", "Flush", "Sync":
			return Success // the state of a reader, writer or scanner
		}
		if strings.HasSuffix(name, "OrNil") {
			return Success // multierror's ErrorOrNil
		}
		if l := strings.ToLower(name); strings.Contains(l, "err") || strings.Contains(l, "wrap") || strings.Contains(l, "fail") {
			return Failure
		}
	}
	if facts != nil {
		for _, a := range call.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && facts(v) == NonNil {
					return Failure // errors.Join(err), annotate(err, ...)
				}
			}
		}
	}
	return Success
}

// isContext reports whether fn is a method of a context: its receiver has
// Done and Deadline methods (context.Context, or a type that implements it).
func isContext(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	for _, m := range []string{"Done", "Deadline"} {
		if obj, _, _ := types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), m); obj == nil {
			return false
		}
	}
	return true
}

// Guarded returns the Facts that the syntax around a node establishes:
// NonNil for each error variable v such that the node lies in the body of
// an `if v != nil` (also as the first conjunct of &&, or `nil != v`), in
// the else branch of `if v == nil`, or in a `case v != nil:` of a tagless
// switch, within the innermost function, and v is not assigned in that
// branch before at. Every other variable is Unseen.
//
// stack holds the ancestors of the node, outermost first (as an
// ast.Inspect stack or an inspector cursor's path); it may end with the
// node itself. at is the node's position.
func Guarded(info *types.Info, stack []ast.Node, at token.Pos) Facts {
	var guarded []*types.Var
	for i := len(stack) - 1; i >= 0; i-- {
		var child ast.Node
		if i+1 < len(stack) {
			child = stack[i+1]
		}
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			i = -1 // stop: the innermost function
		case *ast.IfStmt:
			var branch ast.Node
			var want token.Token
			switch {
			case child != nil && child == ast.Node(n.Body):
				branch, want = n.Body, token.NEQ
			case child != nil && child == n.Else:
				branch, want = n.Else, token.EQL
			default:
				continue
			}
			for _, v := range nilTests(info, n.Cond, want) {
				if !assignedBefore(info, branch, v, at) {
					guarded = append(guarded, v)
				}
			}
		case *ast.CaseClause:
			if i < 2 || child == nil || len(n.List) != 1 {
				continue
			}
			sw, ok := stack[i-2].(*ast.SwitchStmt)
			if !ok || sw.Tag != nil {
				continue
			}
			for _, v := range nilTests(info, n.List[0], token.NEQ) {
				if !assignedBefore(info, n, v, at) {
					guarded = append(guarded, v)
				}
			}
		}
	}
	if len(guarded) == 0 {
		return nil
	}
	return func(v *types.Var) Fact {
		for _, g := range guarded {
			if g == v {
				return NonNil
			}
		}
		return Unseen
	}
}

// nilTests returns the error variables v such that cond being true means
// v != nil (want NEQ: `v != nil`, or a && chain with it) or, for want EQL,
// cond being false means v != nil (`v == nil`, or a || chain with it).
func nilTests(info *types.Info, cond ast.Expr, want token.Token) []*types.Var {
	var out []*types.Var
	BranchNilTests(info, cond, want == token.NEQ, func(v *types.Var, nonNil bool) {
		if nonNil && IsError(v.Type()) {
			out = append(out, v)
		}
	})
	return out
}

// assignedBefore reports whether v is assigned (=, :=, op=, or taken the
// address of) inside n before position at.
func assignedBefore(info *types.Info, n ast.Node, v *types.Var, at token.Pos) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found || x == nil || x.Pos() >= at {
			return false
		}
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// Enclosing returns the chain of nodes from root down to n, outermost
// first and n last (the stack Guarded takes), or nil when n is not inside
// root. A node that is not in the tree but lies inside it (the return
// go/cfg synthesizes at a closing brace) gets the chain of the innermost
// nodes that contain its position.
func Enclosing(root, n ast.Node) []ast.Node {
	var path []ast.Node
	ast.Inspect(root, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		path = append(path, x)
		return x != n
	})
	return path
}

// BranchNilTests calls decided for every variable whose nil-ness the
// branch of cond taken when cond is whenTrue decides: go/cfg keeps
// `err != nil && err != io.EOF` as one condition, so on its true branch
// every conjunct holds (err non-nil), and on the false branch of
// `err == nil || x` every disjunct fails.
func BranchNilTests(info *types.Info, cond ast.Expr, whenTrue bool, decided func(v *types.Var, nonNil bool)) {
	chain := token.LAND
	if !whenTrue {
		chain = token.LOR
	}
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		e = ast.Unparen(e)
		if b, ok := e.(*ast.BinaryExpr); ok && b.Op == chain {
			walk(b.X)
			walk(b.Y)
			return
		}
		if v, nonNilIfTrue, ok := NilTest(info, e); ok {
			decided(v, nonNilIfTrue == whenTrue)
		}
	}
	walk(cond)
}

// NilTest reports whether cond is a nil test of a variable, `x != nil` or
// `x == nil` (either operand first, parenthesized or not), and whether x
// is non-nil when cond is true.
func NilTest(info *types.Info, cond ast.Expr) (x *types.Var, nonNilIfTrue, ok bool) {
	b, isBin := ast.Unparen(cond).(*ast.BinaryExpr)
	if !isBin || (b.Op != token.EQL && b.Op != token.NEQ) {
		return nil, false, false
	}
	l, r := ast.Unparen(b.X), ast.Unparen(b.Y)
	if streams.IsNil(info, l) {
		l, r = r, l
	}
	id, isID := l.(*ast.Ident)
	if !isID || !streams.IsNil(info, r) {
		return nil, false, false
	}
	v, isVar := info.Uses[id].(*types.Var)
	if !isVar {
		return nil, false, false
	}
	return v, b.Op == token.NEQ, true
}
