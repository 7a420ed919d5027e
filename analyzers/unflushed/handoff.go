package unflushed

import (
	"fmt"
	"go/ast"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A writer passed through an io.Writer parameter stays the caller's to
// finish: the callee can write to it but cannot Flush or Close it, unless
// it converts the value back to something that can. assertsParams records
// the functions that do so: dockertest's (vendored moby)
// (*BufioWriterPool).NewWriteCloserWrapper(buf, w io.Writer) returns a
// wrapper whose Close does w.(io.WriteCloser).Close(), so CompressStream's
// gzip writer passed there is handed on.
//
// pipelineerr has a broader fact of the same name for pipe writers (any
// store, return or hand-off to `any` counts there). unflushed keeps its
// own narrow one: a store or a return is what json.NewEncoder(w) does
// with its writer, and counting it would hand on every encoder's writer.

// Bits of assertsParams: what the callee may call on the value.
const (
	mayClose uint8 = 1 << iota
	mayFlush
)

// assertsParams is the fact of a function that type-asserts the value
// passed for some of its parameters of a Write-only-ish interface type
// (io.Writer, an interface with Write but neither Close nor Flush) to an
// interface type with Close or Flush — the parameter itself, a local copy
// of it, also inside a func literal of the function, in a type assertion
// or a type switch — or passes it to a function with this fact.
// Assertions to concrete types (w.(*os.File) to find a terminal,
// bufio.NewWriterSize's w.(*Writer)) do not count.
type assertsParams struct {
	Params map[int]uint8 // parameter index -> mayClose|mayFlush
}

func (*assertsParams) AFact() {}

func (f *assertsParams) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(f.Params)) {
		var ms []string
		if f.Params[k]&mayClose != 0 {
			ms = append(ms, "Close")
		}
		if f.Params[k]&mayFlush != 0 {
			ms = append(ms, "Flush")
		}
		fmt.Fprintf(&b, " %d:%s", k, strings.Join(ms, ","))
	}
	return "assertsParams(" + strings.TrimSpace(b.String()) + ")"
}

// finishBits returns the mayClose/mayFlush bits of an interface type t
// with Close and/or Flush methods; 0 for any other type.
func finishBits(t types.Type) uint8 {
	if t == nil {
		return 0
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return 0
	}
	var bits uint8
	if hasMethod(iface, "Close") {
		bits |= mayClose
	}
	if hasMethod(iface, "Flush") {
		bits |= mayFlush
	}
	return bits
}

// writeParam reports whether a parameter of type t may receive a tracked
// writer that the callee cannot finish without an assertion: an interface
// with Write but without Close or without Flush.
func writeParam(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || !hasMethod(iface, "Write") {
		return false
	}
	return !hasMethod(iface, "Close") || !hasMethod(iface, "Flush")
}

// switchBits returns the bits of the interface case types of a type switch.
func switchBits(info *types.Info, ts *ast.TypeSwitchStmt) uint8 {
	var bits uint8
	for _, s := range ts.Body.List {
		if cc, ok := s.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				bits |= finishBits(info.TypeOf(e))
			}
		}
	}
	return bits
}

// assertCand is a function of the package with Write-interface parameters.
type assertCand struct {
	fn      *types.Func
	decl    *ast.FuncDecl
	aliases map[*types.Var]int // a parameter or a local copy -> parameter index
	hits    map[int]uint8
	passes  []assertPass
}

// assertPass: parameter param is passed as argument arg of callee.
type assertPass struct {
	callee *types.Func
	arg    int
	param  int
}

// handoffs computes the assertsParams facts of the package's functions, to
// a fixed point, and exports them. It does nothing (nil) unless the
// package asserts something to an interface with Close or Flush, or a
// dependency has such a fact: the common case costs one filtered walk of
// the type assertions.
func handoffs(pass *analysis.Pass, insp *inspector.Inspector) map[*types.Func]map[int]uint8 {
	info := pass.TypesInfo
	found := false
	for n := range insp.Root().Preorder((*ast.TypeAssertExpr)(nil), (*ast.TypeSwitchStmt)(nil)) {
		switch n := n.Node().(type) {
		case *ast.TypeAssertExpr:
			found = n.Type != nil && finishBits(info.TypeOf(n.Type)) != 0
		case *ast.TypeSwitchStmt:
			found = switchBits(info, n) != 0
		}
		if found {
			break
		}
	}
	if !found {
		for _, f := range pass.AllObjectFacts() {
			if _, ok := f.Fact.(*assertsParams); ok {
				found = true
				break
			}
		}
	}
	if !found {
		return nil
	}
	var cands []*assertCand
	for n := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := n.Node().(*ast.FuncDecl)
		fn, _ := info.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		cd := &assertCand{fn: fn, decl: decl, aliases: make(map[*types.Var]int)}
		for i := 0; i < sig.Params().Len(); i++ {
			t := sig.Params().At(i).Type()
			if sig.Variadic() && i == sig.Params().Len()-1 {
				continue
			}
			if writeParam(t) {
				cd.aliases[sig.Params().At(i)] = i
			}
		}
		if len(cd.aliases) > 0 {
			cands = append(cands, cd)
		}
	}
	for _, cd := range cands {
		for range 3 {
			before := len(cd.aliases)
			scanAsserts(info, cd)
			if len(cd.aliases) == before {
				break
			}
		}
	}
	out := make(map[*types.Func]map[int]uint8)
	imported := func(fn *types.Func) map[int]uint8 {
		if fn.Pkg() == pass.Pkg {
			return out[fn]
		}
		var f assertsParams
		if pass.ImportObjectFact(fn, &f) {
			return f.Params
		}
		return nil
	}
	for range 8 {
		changed := false
		for _, cd := range cands {
			got := maps.Clone(cd.hits)
			for _, p := range cd.passes {
				if b := imported(p.callee)[p.arg]; b != 0 {
					if got == nil {
						got = make(map[int]uint8)
					}
					got[p.param] |= b
				}
			}
			if len(got) > 0 && !maps.Equal(got, out[cd.fn]) {
				out[cd.fn] = got
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, params := range out {
		pass.ExportObjectFact(fn, &assertsParams{Params: params})
	}
	return out
}

// scanAsserts records, for each use of a parameter of cd (or of a local
// copy), an assertion to a finisher (hits), a hand-off to another
// function's parameter (passes), or a copy into a local (a new alias).
func scanAsserts(info *types.Info, cd *assertCand) {
	cd.hits = nil
	cd.passes = nil
	ast.PreorderStack(cd.decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, _ := info.Uses[id].(*types.Var)
		param, ok := cd.aliases[v]
		if !ok {
			return true
		}
		var e ast.Expr = id
		i := len(stack) - 1
		for ; i >= 0; i-- {
			p, ok := stack[i].(*ast.ParenExpr)
			if !ok {
				break
			}
			e = p
		}
		if i < 0 {
			return true
		}
		hit := func(b uint8) {
			if b == 0 {
				return
			}
			if cd.hits == nil {
				cd.hits = make(map[int]uint8)
			}
			cd.hits[param] |= b
		}
		switch p := stack[i].(type) {
		case *ast.TypeAssertExpr:
			if p.Type != nil {
				hit(finishBits(info.TypeOf(p.Type)))
			} else if i >= 2 {
				if ts, ok := stack[i-2].(*ast.TypeSwitchStmt); ok {
					hit(switchBits(info, ts))
				}
			}
		case *ast.CallExpr:
			fn := streams.Callee(info, p)
			if fn == nil || fn.Pkg() == nil || p.Fun == e {
				break
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
				break // an interface method: its implementations are unknown
			}
			for k, a := range p.Args {
				if a == e && k < sig.Params().Len() && !(sig.Variadic() && k >= sig.Params().Len()-1) {
					cd.passes = append(cd.passes, assertPass{callee: fn.Origin(), arg: k, param: param})
				}
			}
		case *ast.AssignStmt:
			if len(p.Lhs) != len(p.Rhs) {
				break
			}
			for k, r := range p.Rhs {
				if r == e {
					alias(info, cd, p.Lhs[k], param)
				}
			}
		case *ast.ValueSpec:
			if len(p.Names) != len(p.Values) {
				break
			}
			for k, val := range p.Values {
				if val == e {
					alias(info, cd, p.Names[k], param)
				}
			}
		}
		return true
	})
}

// alias records lhs, a local variable of an interface type assigned the
// value of parameter param, as a copy of it.
func alias(info *types.Info, cd *assertCand, lhs ast.Expr, param int) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() || v.Pos() < cd.decl.Body.Pos() || v.Pos() >= cd.decl.Body.End() {
		return
	}
	if !types.IsInterface(v.Type()) {
		return
	}
	if _, seen := cd.aliases[v]; !seen {
		cd.aliases[v] = param
	}
}
