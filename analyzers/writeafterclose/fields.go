package writeafterclose

import (
	"go/ast"
	"go/types"
	"slices"
	"sort"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// maxPath is how deep a chain of fields is followed: a.b.c.f.
const maxPath = 3

// fieldKey names a chain of fields of a local: base.path[0]...path[n-1].
type fieldKey struct {
	base *types.Var
	path [maxPath]*types.Var
	n    int
}

// last returns the last field of the chain.
func (k fieldKey) last() *types.Var { return k.path[k.n-1] }

// parent returns the chain without its last field (n == 0: the base).
func (k fieldKey) parent() fieldKey {
	k.n--
	k.path[k.n] = nil
	return k
}

// with returns the chain with f in place of its last field.
func (k fieldKey) with(f *types.Var) fieldKey {
	k.path[k.n-1] = f
	return k
}

// fieldPath reads e as a chain of fields of a local (x.f, x.b.f), at most
// maxPath deep, with no embedded-field promotion on the way (WS-fieldpath).
func (c *checker) fieldPath(e ast.Expr) (fieldKey, bool) {
	var fields []*types.Var
	for {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			break
		}
		s, ok := c.info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 || len(fields) == maxPath {
			return fieldKey{}, false
		}
		f, ok := s.Obj().(*types.Var)
		if !ok {
			return fieldKey{}, false
		}
		fields = append(fields, f)
		e = sel.X
	}
	base := c.local(e)
	if base == nil || len(fields) == 0 {
		return fieldKey{}, false
	}
	k := fieldKey{base: base, n: len(fields)}
	for i, f := range fields {
		k.path[len(fields)-1-i] = f
	}
	return k, true
}

// keyVar returns the synthetic variable standing for a chain of fields.
func (c *checker) keyVar(k fieldKey) *types.Var {
	if k.n == 0 {
		return k.base
	}
	v := c.synth[k]
	if v == nil {
		name := k.base.Name()
		for _, f := range k.path[:k.n] {
			name += "." + f.Name()
		}
		v = types.NewVar(k.last().Pos(), c.pass.Pkg, name, k.last().Type())
		c.synth[k] = v
		c.synthOf[v] = k
	}
	return v
}

// pathVar returns the synthetic variable for the chain e, or nil.
func (c *checker) pathVar(e ast.Expr) *types.Var {
	if k, ok := c.fieldPath(e); ok {
		return c.keyVar(k)
	}
	return nil
}

// ancestors returns the base local and the shorter chains of a synthetic
// variable (for x.b.f: x and x.b), whose change ends its watch.
func (c *checker) ancestors(v *types.Var) []*types.Var {
	k, ok := c.synthOf[v]
	if !ok {
		return nil
	}
	var as []*types.Var
	for k.n > 0 {
		k = k.parent()
		as = append(as, c.keyVar(k))
	}
	return as
}

// depth returns the number of fields of a synthetic variable (0 for a
// local).
func (c *checker) depth(v *types.Var) int {
	return c.synthOf[v].n
}

// ref returns the variable e denotes: a local, or x.f of a local x whose
// field f is a stream (or wraps one, or is wrapped).
func (c *checker) ref(e ast.Expr) *types.Var {
	if v := c.local(e); v != nil {
		return v
	}
	k, ok := c.fieldPath(e)
	if !ok {
		return nil
	}
	field := k.last()
	t := field.Type()
	_, wraps := c.fieldWraps[field]
	if !wraps && !c.wrappedField(field) {
		if types.IsInterface(t) && !streams.IsNamed(t, "net", "Conn") || !isTarget(t) {
			return nil
		}
	}
	return c.keyVar(k)
}

func (c *checker) wrappedField(f *types.Var) bool {
	for _, b := range c.fieldWraps {
		if b == f {
			return true
		}
	}
	return false
}

// wrapsOf returns the variable a wrapper writes into, or nil.
func (c *checker) wrapsOf(x *types.Var) *types.Var {
	if k, ok := c.synthOf[x]; ok {
		if b := c.fieldWraps[k.last()]; b != nil {
			return c.keyVar(k.with(b))
		}
		return nil
	}
	if info := c.vars[x]; info != nil {
		return info.wraps
	}
	return nil
}

// wrappersOf returns the wrappers that write into v.
func (c *checker) wrappersOf(v *types.Var) []*types.Var {
	k, ok := c.synthOf[v]
	if !ok {
		return c.wrappers[v]
	}
	ws := slices.Clone(c.wrappers[v]) // locals: bw := bufio.NewWriter(x.f)
	for a, b := range c.fieldWraps {
		if b == k.last() {
			ws = append(ws, c.keyVar(k.with(a)))
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Name() < ws[j].Name() })
	return ws
}

// innermost returns the stream at the bottom of a chain of standard
// constructors, tar.NewWriter(gzip.NewWriter(f)) -> f, and the kinds of
// the anonymous writers in between ("gzip").
func (c *checker) innermost(e ast.Expr) (ast.Expr, string) {
	var through []string
	for range 4 {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			break
		}
		kind := wrapperKind(streams.Callee(c.info, call))
		if kind == "" {
			break
		}
		through = append(through, kind)
		e = call.Args[0]
	}
	return e, strings.Join(through, ", ")
}

// fieldTarget returns the variable standing for x.f when x.f is a stream
// whose Close ends writing, for a wrapper around it.
func (c *checker) fieldTarget(e ast.Expr) *types.Var {
	k, ok := c.fieldPath(e)
	if !ok {
		return nil
	}
	t := k.last().Type()
	if types.IsInterface(t) && !streams.IsNamed(t, "net", "Conn") || !isTarget(t) {
		return nil
	}
	return c.keyVar(k)
}

// baseOf returns the local whose field v stands for, or nil.
func (c *checker) baseOf(v *types.Var) *types.Var {
	if k, ok := c.synthOf[v]; ok {
		return k.base
	}
	return nil
}

// noteFieldWrap records field a = ctor(field b).
func (c *checker) noteFieldWrap(a, b *types.Var) {
	if old, seen := c.fieldWraps[a]; seen && old != b {
		c.fieldWraps[a] = nil
		return
	}
	c.fieldWraps[a] = b
}

func (c *checker) vi(v *types.Var) *varInfo {
	info := c.vars[v]
	if info == nil {
		info = new(varInfo)
		c.vars[v] = info
	}
	return info
}
