package unflushed

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A file is written only through its write methods or by a hand-off to a
// writer. handlesParams is the fact of a function that uses the file passed
// for some of its parameters only as a handle: its descriptor, name, status
// or mode (Fd, Name, Stat, Chmod, Chown, Sync, SyscallConn, Truncate, Seek
// — a reflink clone does ioctl(dst.Fd(), FICLONE, src.Fd())), a nil test, a
// type assertion whose result is used the same way, or a hand-off to a
// function with this fact. Passing a file there is no write, and does not
// hand the file on either: its Close stays the caller's (issue 17: a
// created file handed to an ioctl clone helper counted as written).
type handlesParams struct {
	paramfacts.Indexes
}

func (*handlesParams) AFact() {}

func (f *handlesParams) String() string {
	var b strings.Builder
	for _, k := range f.Params {
		fmt.Fprintf(&b, " %d", k)
	}
	return "handlesParams(" + strings.TrimSpace(b.String()) + ")"
}

// handleMethods are the methods of *os.File that do not write its content.
var handleMethods = map[string]bool{
	"Fd": true, "Name": true, "Stat": true, "Chmod": true, "Chown": true,
	"Sync": true, "SyscallConn": true, "Truncate": true, "Seek": true,
}

// handleParam reports whether a parameter of type t may receive a file:
// *os.File, or an interface type that *os.File implements.
func handleParam(t types.Type) bool {
	if streams.IsNamed(t, "os", "File") {
		_, ptr := types.Unalias(t).(*types.Pointer)
		return ptr
	}
	iface, ok := types.Unalias(t).Underlying().(*types.Interface)
	return ok && hasMethod(iface, "Write")
}

// computeHandles finds the package's functions that use some of their
// parameters only as handles, to a fixed point, and exports their facts.
// Only packages that import os can take a file's descriptor.
// US-handles.
func computeHandles(pass *analysis.Pass, insp *inspector.Inspector) map[*types.Func]map[int]uint8 {
	if !slices.ContainsFunc(pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "os" }) {
		return nil
	}
	type cand struct {
		fn   *types.Func
		decl *ast.FuncDecl
	}
	var cands []cand
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if decl.Body == nil || fn == nil {
			continue
		}
		for p := range fn.Signature().Params().Variables() {
			if handleParam(p.Type()) {
				cands = append(cands, cand{fn, decl})
				break
			}
		}
	}
	local := make(map[*types.Func]map[int]uint8)
	for changed := true; changed; {
		changed = false
		for _, cd := range cands {
			params := cd.fn.Signature().Params()
			for k := range params.Len() {
				if local[cd.fn][k] != 0 || !handleParam(params.At(k).Type()) {
					continue
				}
				if onlyHandled(pass, local, cd.decl.Body, params.At(k)) {
					if local[cd.fn] == nil {
						local[cd.fn] = make(map[int]uint8)
					}
					local[cd.fn][k] = 1
					changed = true
				}
			}
		}
	}
	for fn, m := range local {
		f := new(handlesParams)
		f.SetBits(m)
		pass.ExportObjectFact(fn, f)
	}
	return local
}

// onlyHandled reports whether every use of p in body (and of the locals a
// type assertion of p defines) is a handle use (handlesParams).
func onlyHandled(pass *analysis.Pass, local map[*types.Func]map[int]uint8, body *ast.BlockStmt, p *types.Var) bool {
	info := pass.TypesInfo
	vars := map[types.Object]bool{p: true}
	ok := true
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !ok || !isID || !vars[info.Uses[id]] {
			return ok
		}
		i, child := parenParent(append(slices.Clip(stack), id), id)
		if i < 0 {
			ok = false
			return false
		}
		switch parent := stack[i].(type) {
		case *ast.SelectorExpr:
			if i >= 1 {
				if call, isCall := stack[i-1].(*ast.CallExpr); isCall && call.Fun == parent && handleMethods[parent.Sel.Name] {
					return true
				}
			}
		case *ast.BinaryExpr:
			if (parent.Op == token.EQL || parent.Op == token.NEQ) && (streams.IsNil(info, parent.X) || streams.IsNil(info, parent.Y)) {
				return true
			}
		case *ast.TypeAssertExpr:
			// x := p.(T), x, ok := p.(T); not a type switch, whose
			// clauses have a variable each.
			if i >= 1 && parent.Type != nil {
				if as, isAssign := stack[i-1].(*ast.AssignStmt); isAssign && len(as.Rhs) == 1 && as.Rhs[0] == parent {
					if lid, isID := as.Lhs[0].(*ast.Ident); isID {
						if lid.Name == "_" {
							return true
						}
						if obj := info.ObjectOf(lid); obj != nil {
							vars[obj] = true
							return true
						}
					}
				}
			}
		case *ast.CallExpr:
			fn := streams.Callee(info, parent)
			for k, a := range parent.Args {
				if a == child && fn != nil && !parent.Ellipsis.IsValid() && paramfacts.Of[handlesParams](pass, local, fn)[k] != 0 {
					return true
				}
			}
		}
		ok = false
		return false
	})
	return ok
}

// calleeHandles reports whether call passes its argument k to a parameter
// that the callee uses only as a handle (handlesParams).
func (c *checker) calleeHandles(call *ast.CallExpr, k int) bool {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil || call.Ellipsis.IsValid() {
		return false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return false // T.M(recv, args): the indexes shift
		}
	}
	return paramfacts.Of[handlesParams](c.pass, c.handles, fn)[k] != 0
}

// childOutput reports whether lhs, the target of an assignment or a key of
// a composite literal of a file, is the Stdout or Stderr field of an
// exec.Cmd: the child process writes the file through its own descriptor,
// and its writes are not this function's (cmd.Stdout = f; cmd.Run()).
// US-childwrites.
func childOutput(info *types.Info, lhs ast.Expr, lit *ast.CompositeLit) bool {
	var name string
	switch e := ast.Unparen(lhs).(type) {
	case *ast.SelectorExpr:
		if !streams.IsNamed(info.TypeOf(e.X), "os/exec", "Cmd") {
			return false
		}
		name = e.Sel.Name
	case *ast.Ident:
		if lit == nil || !streams.IsNamed(info.TypeOf(lit), "os/exec", "Cmd") {
			return false
		}
		name = e.Name
	default:
		return false
	}
	return name == "Stdout" || name == "Stderr"
}
