package unflushed

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/stream"
)

// Writers held in a struct field. A type that makes a buffering or
// encoding writer in its constructor and keeps it in an unexported field
// owns it: only its package can reach the field, so the package must
// finish it somewhere — usually in the type's Close or Flush method. A
// field that is assigned a writer of the stream table, written to, and
// never finished anywhere in the package (no x.f.Flush() for a buffer, no
// x.f.Close() for an encoder) loses the tail of everything written to it.
//
// The rule is flow-insensitive and stays silent on anything it cannot
// see: an exported or embedded field, a field also assigned something
// that is not a constructor call of the table (a parameter: the writer is
// someone else's), or any use of the field but as a method call's
// receiver, a constructor's left-hand side, or an argument to a parameter
// whose interface type cannot finish it (io.Writer). Files are not
// followed (their data is in the kernel once written).

// fieldWriter is what the package does with one field.
type fieldWriter struct {
	kind     *stream.Kind
	ctor     *ast.CallExpr // the first constructor call assigned to the field
	written  bool
	finished bool
	escaped  bool
}

// checkFieldWriters reports the writer fields of the package that are
// written to and never finished.
func checkFieldWriters(pass *analysis.Pass, insp *inspector.Inspector) {
	info := pass.TypesInfo
	fields := make(map[*types.Var]*fieldWriter)
	var order []*types.Var
	field := func(obj types.Object) *fieldWriter {
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() || v.Exported() || v.Embedded() || v.Pkg() != pass.Pkg {
			return nil
		}
		if fw, ok := fields[v]; ok {
			return fw
		}
		sk := stream.Of(v.Type())
		if sk == nil {
			fields[v] = nil
			return nil
		}
		if k, ok := trackedKind(sk); !ok || k == kFile {
			fields[v] = nil
			return nil
		}
		fw := &fieldWriter{kind: sk}
		fields[v] = fw
		order = append(order, v)
		return fw
	}
	// assigned records that e is assigned to the field.
	assigned := func(fw *fieldWriter, e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "nil" {
			return
		}
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			fw.escaped = true
			return
		}
		ci, ok := ctorOf(info, call)
		if !ok || ci.sk != fw.kind {
			fw.escaped = true
			return
		}
		if d := ci.dest; d >= 0 && d < len(call.Args) && isDiscard(info, call.Args[d]) {
			fw.escaped = true // nothing to lose
			return
		}
		if fw.ctor == nil {
			fw.ctor = call
		}
	}
	for cur := range insp.Root().Preorder((*ast.SelectorExpr)(nil), (*ast.CompositeLit)(nil)) {
		if testFile(pass, cur.Node().Pos()) {
			continue
		}
		if lit, ok := cur.Node().(*ast.CompositeLit); ok {
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue // positional: the field, if any, is seen below as unknown
				}
				if id, ok := kv.Key.(*ast.Ident); ok {
					if fw := field(info.Uses[id]); fw != nil {
						assigned(fw, kv.Value)
					}
				}
			}
			if len(lit.Elts) > 0 {
				if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
					if st, ok := underStruct(info.TypeOf(lit)); ok {
						for f := range st.Fields() {
							if fw := field(f); fw != nil {
								fw.escaped = true
							}
						}
					}
				}
			}
			continue
		}
		sel := cur.Node().(*ast.SelectorExpr)
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			continue
		}
		fw := field(s.Obj())
		if fw == nil {
			continue
		}
		// Climb the parentheses to what the field is used in.
		child := ast.Node(sel)
		parent := cur.Parent()
		for {
			if _, ok := parent.Node().(*ast.ParenExpr); !ok {
				break
			}
			child, parent = parent.Node(), parent.Parent()
		}
		switch p := parent.Node().(type) {
		case *ast.SelectorExpr: // x.f.M
			call, ok := parent.Parent().Node().(*ast.CallExpr)
			if !ok || call.Fun != p {
				fw.escaped = true // a method value: called who knows when
				continue
			}
			switch name := p.Sel.Name; {
			case name == fw.kind.Duty.Method():
				fw.finished = true
			case fw.kind.IsWrite(name):
				fw.written = true
			}
		case *ast.AssignStmt:
			lhs := -1
			for i, l := range p.Lhs {
				if l == child {
					lhs = i
				}
			}
			if lhs < 0 || len(p.Lhs) != len(p.Rhs) {
				fw.escaped = true // read into another variable, or a tuple
				continue
			}
			assigned(fw, p.Rhs[lhs])
		case *ast.CallExpr:
			if !writesOnly(info, p, child) {
				fw.escaped = true
				continue
			}
			fw.written = true
		default:
			fw.escaped = true // returned, stored, compared, its address taken...
		}
	}
	for _, v := range order {
		fw := fields[v]
		if fw.ctor == nil || !fw.written || fw.finished || fw.escaped {
			continue
		}
		owner := fieldOwner(pass.Pkg, v)
		msg := fmt.Sprintf("%s in field %s.%s is written to but nothing in the package flushes it: its tail is lost; call x.%s.Flush() in %s's Close or Flush method and check its error",
			fw.kind.Short, owner, v.Name(), v.Name(), owner)
		if fw.kind.Duty.Method() == "Close" {
			msg = fmt.Sprintf("%s in field %s.%s is written to but nothing in the package closes it: the output lacks %s; call x.%s.Close() in %s's Close method and check its error",
				fw.kind.Short, owner, v.Name(), fw.kind.Loses, v.Name(), owner)
		}
		pass.Report(analysis.Diagnostic{Pos: fw.ctor.Pos(), End: fw.ctor.End(), Category: ruleField, Message: msg})
	}
}

// writesOnly reports whether arg, an argument of call, goes to a parameter
// of an interface type without the methods that finish a writer (io.Writer,
// fmt.Fprintf's): the callee can only write into it.
func writesOnly(info *types.Info, call *ast.CallExpr, arg ast.Node) bool {
	if call.Fun == arg {
		return false
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false // a conversion
	}
	for i, a := range call.Args {
		if a != arg {
			continue
		}
		var t types.Type
		switch {
		case i < sig.Params().Len()-1 || !sig.Variadic() && i < sig.Params().Len():
			t = sig.Params().At(i).Type()
		case sig.Variadic():
			t = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
		default:
			return false
		}
		iface, ok := t.Underlying().(*types.Interface)
		return ok && !iface.Empty() && !hasMethod(iface, "Flush") && !hasMethod(iface, "Close")
	}
	return false
}

// fieldOwner names the struct type that declares field v, for messages.
func fieldOwner(pkg *types.Package, v *types.Var) string {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for f := range st.Fields() {
				if f == v {
					return tn.Name()
				}
			}
		}
	}
	return "its type"
}
