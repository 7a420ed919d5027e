package writeafterclose

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
)

// A close in the last iteration of a counted loop
//
//	for i := 0; i < n; i++ {
//		w.Write(b)
//		if i == n-1 {
//			w.Close()
//		}
//	}
//
// is not followed by another iteration: the back edge after it leads to
// the loop's exit. The analyzer knows a loop's last iteration when the
// loop counts with an index it can read (for i := a; i < n; i++, the
// mirror image counting down, for i := range n, for i := range slice) and
// neither the index nor the bound changes in the body; the close is in
// the last iteration when, on every path to it within the iteration, a
// branch was taken whose condition says so (i == n-1, i+1 == n,
// i >= n-1, the else of i < n-1, a `last := i == len(xs)-1` flag):
// WS-lastiter.

// countedLoop is what the analyzer knows of a loop's index.
type countedLoop struct {
	stmt ast.Stmt // *ast.ForStmt or *ast.RangeStmt
	init ast.Node // the CFG node that starts the loop afresh
	// restart holds, for a loop without an init statement (i := 0; for ;
	// i < n; i++), the CFG nodes outside the loop that give the index a
	// value: each of them starts the loop afresh.
	restart map[ast.Node]bool
	iv      *types.Var // the index
	up      bool       // counts up (else down)
	last    affine     // the index's value in the last iteration
}

// affine is base+off, where base is an expression (nil for a constant)
// and lenOf says the base is len(base).
type affine struct {
	base  ast.Expr
	lenOf bool
	off   int64
}

// affineOf reads e as base+constant.
func (c *checker) affineOf(e ast.Expr, depth int) (affine, bool) {
	e = ast.Unparen(e)
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
		if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
			return affine{off: v}, true
		}
		return affine{}, false
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD && e.Op != token.SUB {
			break
		}
		if k, ok := c.constInt(e.Y); ok {
			a, ok := c.affineOf(e.X, depth)
			if !ok {
				return affine{}, false
			}
			if e.Op == token.SUB {
				k = -k
			}
			a.off += k
			return a, true
		}
		if k, ok := c.constInt(e.X); ok && e.Op == token.ADD {
			a, ok := c.affineOf(e.Y, depth)
			if !ok {
				return affine{}, false
			}
			a.off += k
			return a, true
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) == 1 {
			if b, ok := c.info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
				return affine{base: ast.Unparen(e.Args[0]), lenOf: true}, true
			}
		}
	case *ast.Ident:
		// n := len(xs); last := n-1: read through locals assigned once.
		if v := c.local(e); v != nil && depth < 4 {
			if info := c.vars[v]; info != nil && info.def != nil && info.assigns == 1 && info.param == 0 && !info.untracked {
				if a, ok := c.affineOf(info.def, depth+1); ok {
					return a, true
				}
			}
		}
	}
	return affine{base: e}, true
}

func (c *checker) constInt(e ast.Expr) (int64, bool) {
	tv, ok := c.info.Types[ast.Unparen(e)]
	if !ok || tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
}

// sameExpr reports whether a and b denote the same value: the same
// locals, fields, constants and builtin len.
func (c *checker) sameExpr(a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	switch a := a.(type) {
	case *ast.Ident:
		b, ok := b.(*ast.Ident)
		if !ok {
			return false
		}
		oa, ob := c.info.Uses[a], c.info.Uses[b]
		return oa != nil && oa == ob
	case *ast.SelectorExpr:
		b, ok := b.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		oa, ob := c.info.Uses[a.Sel], c.info.Uses[b.Sel]
		return oa != nil && oa == ob && c.sameExpr(a.X, b.X)
	case *ast.StarExpr:
		b, ok := b.(*ast.StarExpr)
		return ok && c.sameExpr(a.X, b.X)
	}
	return false
}

// equal reports whether a and b are the same value; sure is false when
// the analyzer cannot tell (two different expressions with the same
// offset, such as n-1 and len(xs)-1 for an n it cannot read).
func (c *checker) equal(a, b affine) (eq, sure bool) {
	switch {
	case a.base == nil && b.base == nil:
		return a.off == b.off, true
	case a.base == nil || b.base == nil:
		return false, true
	case a.lenOf == b.lenOf && c.sameExpr(a.base, b.base):
		return a.off == b.off, true
	}
	return a.off == b.off, false
}

// restarts reports whether the CFG node n starts loop l afresh.
func (l *countedLoop) restarts(n ast.Node) bool {
	return n == l.init || l.restart[n]
}

// countedLoop reads the index of a loop in the function body root, or
// returns nil.
func (c *checker) countedLoop(s ast.Stmt, root *ast.BlockStmt) *countedLoop {
	switch s := s.(type) {
	case *ast.ForStmt:
		return c.forLoop(s, root)
	case *ast.RangeStmt:
		return c.rangeLoop(s)
	}
	return nil
}

func (c *checker) forLoop(s *ast.ForStmt, root *ast.BlockStmt) *countedLoop {
	if s.Cond == nil || s.Post == nil {
		return nil
	}
	var l *countedLoop
	if s.Init == nil {
		// for ; i < n; i++: the index comes from the post statement, and
		// the loop starts afresh wherever the index gets a value.
		var x ast.Expr
		switch p := s.Post.(type) {
		case *ast.IncDecStmt:
			x = p.X
		case *ast.AssignStmt:
			if len(p.Lhs) == 1 {
				x = p.Lhs[0]
			}
		}
		iv := c.local(x)
		if iv == nil {
			return nil
		}
		restart, ok := c.assignments(root, iv, s)
		if !ok {
			return nil
		}
		l = &countedLoop{stmt: s, restart: restart, iv: iv}
	} else {
		init, ok := s.Init.(*ast.AssignStmt)
		if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return nil
		}
		iv := c.local(init.Lhs[0])
		if iv == nil {
			return nil
		}
		l = &countedLoop{stmt: s, init: init, iv: iv}
	}
	iv := l.iv
	isIV := func(e ast.Expr) bool { return c.local(e) == iv }
	switch p := s.Post.(type) {
	case *ast.IncDecStmt:
		if !isIV(p.X) {
			return nil
		}
		l.up = p.Tok == token.INC
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 || !isIV(p.Lhs[0]) {
			return nil
		}
		if k, ok := c.constInt(p.Rhs[0]); !ok || k != 1 || (p.Tok != token.ADD_ASSIGN && p.Tok != token.SUB_ASSIGN) {
			return nil
		}
		l.up = p.Tok == token.ADD_ASSIGN
	default:
		return nil
	}
	cond, ok := ast.Unparen(s.Cond).(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	op, bound := cond.Op, cond.Y
	if !isIV(cond.X) {
		if !isIV(cond.Y) {
			return nil
		}
		op, bound = mirror(op), cond.X
	}
	b, ok := c.affineOf(bound, 0)
	if !ok {
		return nil
	}
	switch {
	case l.up && (op == token.LSS || op == token.NEQ):
		b.off--
	case l.up && op == token.LEQ:
	case !l.up && (op == token.GTR || op == token.NEQ):
		b.off++
	case !l.up && op == token.GEQ:
	default:
		return nil
	}
	l.last = b
	if !c.invariant(s.Body, iv, b) {
		return nil
	}
	return l
}

func (c *checker) rangeLoop(s *ast.RangeStmt) *countedLoop {
	if s.Key == nil {
		return nil
	}
	iv := c.local(s.Key)
	if iv == nil {
		return nil
	}
	l := &countedLoop{stmt: s, init: s.X, iv: iv, up: true}
	t := c.info.TypeOf(s.X)
	if t == nil {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			b, ok := c.affineOf(s.X, 0)
			if !ok {
				return nil
			}
			b.off--
			l.last = b
		case u.Info()&types.IsString != 0:
			// i == len(s)-1 is the last byte: the last iteration.
			l.last = affine{base: ast.Unparen(s.X), lenOf: true, off: -1}
		default:
			return nil
		}
	case *types.Slice:
		l.last = affine{base: ast.Unparen(s.X), lenOf: true, off: -1}
	case *types.Array, *types.Pointer:
		// len of an array, or of a pointer to one, is a constant.
		arr, ok := u.(*types.Array)
		if p, isPtr := u.(*types.Pointer); isPtr {
			arr, ok = p.Elem().Underlying().(*types.Array)
		}
		if !ok {
			return nil
		}
		l.last = affine{off: arr.Len() - 1}
	default:
		return nil
	}
	if !c.invariant(s.Body, iv, l.last) {
		return nil
	}
	return l
}

// assignments returns the statements of root outside the loop s that give
// v a value (i := 0, i = 0, var i int, i++), all of them CFG nodes; ok is
// false when v gets a value in a way that is no CFG node of its own (a
// range clause) or is assigned in a function literal (which invariant
// rejects as well). A select's comm statement (case i = <-c:) is a node
// that runs before any case is chosen: counting it restarts too often,
// which only loses the last-iteration knowledge.
func (c *checker) assignments(root *ast.BlockStmt, v *types.Var, s ast.Stmt) (map[ast.Node]bool, bool) {
	nodes := make(map[ast.Node]bool)
	ok := true
	is := func(e ast.Expr) bool { return e != nil && c.local(e) == v }
	ast.Inspect(root, func(n ast.Node) bool {
		if !ok || n == s {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.AssignStmt:
					ok = ok && !slices.ContainsFunc(m.Lhs, is)
				case *ast.IncDecStmt:
					ok = ok && !is(m.X)
				}
				return ok
			})
			return false
		case *ast.AssignStmt:
			if slices.ContainsFunc(n.Lhs, is) {
				nodes[n] = true
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				nodes[n] = true
			}
		case *ast.DeclStmt:
			if gd, isGen := n.Decl.(*ast.GenDecl); isGen && gd.Tok == token.VAR {
				for _, spec := range gd.Specs {
					for _, name := range spec.(*ast.ValueSpec).Names {
						if c.info.Defs[name] == v {
							nodes[n] = true
						}
					}
				}
			}
		case *ast.RangeStmt:
			if is(n.Key) || is(n.Value) {
				ok = false
			}
		}
		return true
	})
	return nodes, ok
}

func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// invariant reports whether the body changes neither the index nor the
// variables the last value is made of.
func (c *checker) invariant(body *ast.BlockStmt, iv *types.Var, last affine) bool {
	vars := map[*types.Var]bool{iv: true}
	if last.base != nil {
		ast.Inspect(last.base, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v := c.local(id); v != nil {
					vars[v] = true
				}
			}
			return true
		})
	}
	root := func(e ast.Expr) *types.Var {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			default:
				return c.local(e)
			}
		}
	}
	changed := false
	ast.Inspect(body, func(n ast.Node) bool {
		if changed {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if v := root(l); v != nil && vars[v] {
					changed = true
				}
			}
		case *ast.IncDecStmt:
			if v := root(n.X); v != nil && vars[v] {
				changed = true
			}
		case *ast.UnaryExpr:
			if v := root(n.X); n.Op == token.AND && v != nil && vars[v] {
				changed = true
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e != nil && n.Tok == token.ASSIGN {
					if v := root(e); v != nil && vars[v] {
						changed = true
					}
				}
			}
		}
		return true
	})
	if changed {
		return false
	}
	for v := range vars {
		if info := c.vars[v]; info != nil && info.untracked {
			return false // assigned in a function literal, or its address taken
		}
	}
	return true
}

// impliesLast reports whether cond, known to be whenTrue, says that loop l
// is in its last iteration.
func (c *checker) impliesLast(cond ast.Expr, whenTrue bool, l *countedLoop, depth int) bool {
	if depth > 4 {
		return false
	}
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.impliesLast(e.X, !whenTrue, l, depth+1)
		}
	case *ast.Ident:
		// last := i == len(xs)-1; if last { ... }
		if v := c.local(e); v != nil {
			if info := c.vars[v]; info != nil && info.def != nil && info.assigns == 1 && info.param == 0 && !info.untracked {
				return c.impliesLast(info.def, whenTrue, l, depth+1)
			}
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			if whenTrue {
				return c.impliesLast(e.X, true, l, depth+1) || c.impliesLast(e.Y, true, l, depth+1)
			}
			return false
		case token.LOR:
			if !whenTrue {
				return c.impliesLast(e.X, false, l, depth+1) || c.impliesLast(e.Y, false, l, depth+1)
			}
			return false
		}
		return c.compareImpliesLast(e, whenTrue, l)
	}
	return false
}

// compareImpliesLast reads `i+a OP b` for the loop's index i.
func (c *checker) compareImpliesLast(e *ast.BinaryExpr, whenTrue bool, l *countedLoop) bool {
	op := e.Op
	if !whenTrue {
		switch op {
		case token.EQL:
			op = token.NEQ
		case token.NEQ:
			op = token.EQL
		case token.LSS:
			op = token.GEQ
		case token.GEQ:
			op = token.LSS
		case token.GTR:
			op = token.LEQ
		case token.LEQ:
			op = token.GTR
		default:
			return false
		}
	}
	x, okx := c.affineOf(e.X, 0)
	y, oky := c.affineOf(e.Y, 0)
	if !okx || !oky {
		return false
	}
	isIV := func(a affine) bool {
		id, ok := a.base.(*ast.Ident)
		return ok && !a.lenOf && c.local(id) == l.iv
	}
	switch {
	case isIV(x):
	case isIV(y):
		x, y, op = y, x, mirror(op)
	default:
		return false
	}
	// i OP y.off-x.off+y.base
	y.off -= x.off
	switch {
	case op == token.EQL:
	case l.up && op == token.GEQ, !l.up && op == token.LEQ:
	case l.up && op == token.GTR:
		y.off++
	case !l.up && op == token.LSS:
		y.off--
	default:
		return false
	}
	eq, _ := c.equal(y, l.last)
	return eq
}

// lastIterations returns the counted loops around the node at p whose
// last iteration p is in on every path.
func (c *checker) lastIterations(b *body, p pathflow.Point, pos token.Pos) []*countedLoop {
	var loops []*countedLoop
	var root *ast.BlockStmt
	switch fn := b.fn.(type) {
	case *ast.FuncDecl:
		root = fn.Body
	case *ast.FuncLit:
		root = fn.Body
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() || len(loops) >= 8 {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			var body *ast.BlockStmt
			if f, ok := n.(*ast.ForStmt); ok {
				body = f.Body
			} else {
				body = n.(*ast.RangeStmt).Body
			}
			if pos >= body.Pos() && pos < body.End() {
				if l := c.countedLoop(n.(ast.Stmt), root); l != nil {
					loops = append(loops, l)
				}
			}
		}
		return true
	})
	if len(loops) == 0 {
		return nil
	}
	// switch i { case n-1: ... }: the case value stands for i == n-1.
	tagOf := make(map[ast.Expr]ast.Expr)
	ast.Inspect(loops[0].stmt, func(n ast.Node) bool {
		if sw, ok := n.(*ast.SwitchStmt); ok && sw.Tag != nil {
			for _, cc := range sw.Body.List {
				for _, e := range cc.(*ast.CaseClause).List {
					tagOf[e] = sw.Tag
				}
			}
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	isBody := func(blk *cfg.Block) int {
		if blk.Kind != cfg.KindForBody && blk.Kind != cfg.KindRangeBody {
			return -1
		}
		for j, l := range loops {
			if blk.Stmt == l.stmt {
				return j
			}
		}
		return -1
	}
	sol := pathflow.ForwardEdges(b.g, true,
		func(from, to *cfg.Block, out pathflow.Bits) pathflow.Bits {
			cond, whenTrue, ok := pathflow.Cond(from, to)
			if !ok {
				return out
			}
			if tag, ok := tagOf[cond]; ok {
				cond = &ast.BinaryExpr{X: tag, OpPos: cond.Pos(), Op: token.EQL, Y: cond}
			}
			for j, l := range loops {
				if c.impliesLast(cond, whenTrue, l, 0) {
					out = out.With(j)
				}
			}
			return out
		},
		func(blk *cfg.Block, in pathflow.Bits) pathflow.Bits {
			if j := isBody(blk); j >= 0 {
				in &^= 1 << uint(j)
			}
			return in
		},
		func(n ast.Node, in pathflow.Bits) pathflow.Bits {
			for j, l := range loops {
				if l.restarts(n) {
					in &^= 1 << uint(j)
				}
			}
			return in
		})
	at := sol.Before(p)
	var last []*countedLoop
	for j, l := range loops {
		if at.Has(j) {
			last = append(last, l)
		}
	}
	return last
}
