package unflushed

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// Finishing wrappers: a type that holds a standard encoder in a field and
// whose Close hands back the error of finishing it (goreleaser's
// targz.Archive: `if err := a.tw.Close(); err != nil { return err }; return
// a.gw.Close()`) is itself a writer that must be closed, with its error
// checked. A value of such a type made in a function by a constructor that
// returns the concrete type is tracked like an encoder.

// finishesFields is the fact of a method `Close() error` whose every return
// is the error of finishing a writer held in a field of its receiver: a
// standard encoder's Close (gzip, zlib, flate, tar, zip), a bufio.Writer's
// Flush, or the Close of another type with this fact. An error path
// (`if err := a.tw.Close(); err != nil { return err }`) hands back such an
// error too.
type finishesFields struct {
	Writers []string // the finished writers' types, innermost first: "tar.Writer"
}

func (*finishesFields) AFact() {}

func (f *finishesFields) String() string {
	return "finishesFields(" + strings.Join(f.Writers, ", ") + ")"
}

// finishMethod returns the method that finishes the writer type
// pkgPath.name of the stream table that a wrapper's Close may hand back:
// an encoder's Close, a buffer's Flush.
func finishMethod(pkgPath, name string) (string, bool) {
	k := stream.Lookup(pkgPath, name)
	if k == nil || (k.Family != stream.Encoder && k.Family != stream.Buffer) {
		return "", false
	}
	return k.Duty.Method(), true
}

// wrappers holds the finishing wrappers known in a pass.
type wrappers struct {
	pass  *analysis.Pass
	local map[*types.Func][]string // Close methods of this package with the fact
	any   bool                     // some fact is known: calls are worth a look
	ctors map[*ast.CallExpr]ctorInfo
}

// newWrappers computes the facts of the package's Close methods, to a
// fixed point (a wrapper of a wrapper), and exports them.
func newWrappers(pass *analysis.Pass, insp *inspector.Inspector) *wrappers {
	w := &wrappers{pass: pass, local: make(map[*types.Func][]string), ctors: make(map[*ast.CallExpr]ctorInfo)}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*finishesFields); ok {
			w.any = true
			break
		}
	}
	errType := types.Universe.Lookup("error").Type()
	type cand struct {
		fn   *types.Func
		decl *ast.FuncDecl
		recv *types.Var
	}
	var cands []cand
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if decl.Recv == nil || decl.Name.Name != "Close" || decl.Body == nil || len(decl.Recv.List) != 1 || len(decl.Recv.List[0].Names) != 1 {
			continue
		}
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		recv, _ := pass.TypesInfo.Defs[decl.Recv.List[0].Names[0]].(*types.Var)
		if fn == nil || recv == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), errType) {
			continue
		}
		cands = append(cands, cand{fn, decl, recv})
	}
	for round := 0; round < 4; round++ {
		changed := false
		for _, cd := range cands {
			if _, done := w.local[cd.fn]; done {
				continue
			}
			if ws, ok := w.finishes(cd.decl.Body, cd.recv); ok {
				w.local[cd.fn] = ws
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, ws := range w.local {
		pass.ExportObjectFact(fn, &finishesFields{Writers: ws})
		w.any = true
	}
	return w
}

// closeFact returns the writers that the Close method of t (or *t)
// finishes, when it has the fact.
func (w *wrappers) closeFact(t types.Type) ([]string, bool) {
	if types.IsInterface(t) {
		return nil, false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Close")
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil, false
	}
	fn = fn.Origin()
	if fn.Pkg() == w.pass.Pkg {
		ws, ok := w.local[fn]
		return ws, ok
	}
	var f finishesFields
	if fn.Pkg() != nil && w.pass.ImportObjectFact(fn, &f) {
		return f.Writers, true
	}
	return nil, false
}

// finishing reports whether e is `recv.f.Close()` (or `recv.f.Flush()` of
// a bufio.Writer) of a field, at any depth, whose type is a finishable
// writer or a type with the fact; it returns the writers finished.
func (w *wrappers) finishing(e ast.Expr, recv *types.Var) ([]string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	if streams.IsFunc(streams.Callee(w.pass.TypesInfo, call), "errors", "Join") {
		return w.joined(call, recv)
	}
	if len(call.Args) != 0 {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	info := w.pass.TypesInfo
	// sel.X must be a field selection rooted at recv.
	x := ast.Unparen(sel.X)
	field, ok := x.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	for root := ast.Expr(field); ; {
		s, ok := ast.Unparen(root).(*ast.SelectorExpr)
		if !ok {
			id, ok := ast.Unparen(root).(*ast.Ident)
			if !ok || info.Uses[id] != recv {
				return nil, false
			}
			break
		}
		if sl, ok := info.Selections[s]; !ok || sl.Kind() != types.FieldVal {
			return nil, false
		}
		root = s.X
	}
	t := info.TypeOf(x)
	if t == nil {
		return nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		if n, ok := types.Unalias(p.Elem()).(*types.Named); ok && n.Obj().Pkg() != nil {
			if m, ok := finishMethod(n.Obj().Pkg().Path(), n.Obj().Name()); ok {
				if sel.Sel.Name != m {
					return nil, false
				}
				return []string{n.Obj().Pkg().Name() + "." + n.Obj().Name()}, true
			}
		}
	}
	if sel.Sel.Name != "Close" {
		return nil, false
	}
	return w.closeFact(t)
}

// joined reports whether call, errors.Join(...), has finishing calls among
// its arguments (errors.Join(a.tw.Close(), a.gw.Close()), the if-chain
// written as one expression): Join is nil only when every argument is, so
// it hands back each finishing error, whatever else it joins. It returns
// the writers finished.
func (w *wrappers) joined(call *ast.CallExpr, recv *types.Var) ([]string, bool) {
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	var ws []string
	for _, a := range call.Args {
		if more, ok := w.finishing(a, recv); ok {
			for _, s := range more {
				if !slices.Contains(ws, s) {
					ws = append(ws, s)
				}
			}
		}
	}
	return ws, len(ws) > 0
}

// finishes reports whether every return of a Close body hands back the
// error of finishing a field of recv (and at least one does); it returns
// the writers finished.
func (w *wrappers) finishes(body *ast.BlockStmt, recv *types.Var) ([]string, bool) {
	info := w.pass.TypesInfo
	var ws []string
	add := func(more []string) {
		for _, s := range more {
			if !slices.Contains(ws, s) {
				ws = append(ws, s)
			}
		}
	}
	ok, success := true, false
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			if more, fin := w.finishing(n.Results[0], recv); fin {
				add(more)
				success = true
				return false
			}
			if more, fin := w.errorPath(n.Results[0], stack, recv); fin {
				add(more)
				return false
			}
			ok = false
			return false
		}
		return true
	})
	_ = info
	if !ok || !success {
		return nil, false
	}
	return ws, true
}

// errorPath reports whether result, returned inside `if err != nil`, is
// err itself (or a call wrapping it: fmt.Errorf("...: %w", err)), where
// err was assigned a finishing call in the if's init or in the statement
// just before the if.
func (w *wrappers) errorPath(result ast.Expr, stack []ast.Node, recv *types.Var) ([]string, bool) {
	info := w.pass.TypesInfo
	var ifs *ast.IfStmt
	var block ast.Node
	for i := len(stack) - 1; i >= 1; i-- {
		if s, ok := stack[i].(*ast.IfStmt); ok {
			ifs, block = s, stack[i-1]
			break
		}
		if _, ok := stack[i].(*ast.FuncLit); ok {
			return nil, false
		}
	}
	if ifs == nil {
		return nil, false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return nil, false
	}
	errID, ok := ast.Unparen(cond.X).(*ast.Ident)
	if !ok || !streams.IsNil(info, cond.Y) {
		return nil, false
	}
	errObj := info.Uses[errID]
	if errObj == nil {
		return nil, false
	}
	mentions := false
	ast.Inspect(result, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == errObj {
			mentions = true
		}
		return !mentions
	})
	if !mentions {
		return nil, false
	}
	assignedFrom := func(s ast.Stmt) ([]string, bool) {
		as, ok := s.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return nil, false
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || info.ObjectOf(id) != errObj {
			return nil, false
		}
		return w.finishing(as.Rhs[0], recv)
	}
	if ifs.Init != nil {
		return assignedFrom(ifs.Init)
	}
	if b, ok := block.(*ast.BlockStmt); ok {
		for k, s := range b.List {
			if s == ifs && k > 0 {
				return assignedFrom(b.List[k-1])
			}
		}
	}
	return nil, false
}

// wrapperCtor reports whether call is a function (of any package, the
// wrapper's own included) that returns a finishing wrapper as its concrete
// type (T or *T, optionally with an error): the value it makes is a
// tracked writer.
func (w *wrappers) wrapperCtor(call *ast.CallExpr) (ctorInfo, bool) {
	fn := streams.Callee(w.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return ctorInfo{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		return ctorInfo{}, false
	}
	res := sig.Results()
	switch {
	case res.Len() == 1:
	case res.Len() == 2 && types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()):
	default:
		return ctorInfo{}, false
	}
	t := res.At(0).Type()
	named := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		named = p.Elem()
	}
	n, ok := types.Unalias(named).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ctorInfo{}, false
	}
	if _, std := finishMethod(n.Obj().Pkg().Path(), n.Obj().Name()); std {
		return ctorInfo{}, false
	}
	ws, ok := w.closeFact(t)
	if !ok {
		return ctorInfo{}, false
	}
	return ctorInfo{
		kind:    kEncoder,
		typ:     n.Obj().Pkg().Name() + "." + n.Obj().Name(),
		trailer: "the end of its " + joinAnd(ws),
	}, true
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
