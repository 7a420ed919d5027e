package unflushed

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

func (c *checker) check(calls []*ast.CallExpr) {
	info := c.pass.TypesInfo
	c.errRes = errpath.ErrorResult(c.sig)
	c.byObj = make(map[*types.Var]*value)
	c.bufs = make(map[*types.Var]bool)
	c.errVar = make(map[*types.Var]int)
	if c.errRes >= 0 {
		if r := c.sig.Results().At(c.errRes); r.Name() != "" {
			c.errVar[r] = 0
		}
	}

	// 1. The tracked values: constructor results assigned to a local.
	multi := make(map[*types.Var]bool)
	for _, call := range calls {
		ci, ok := ctorOf(info, call)
		if !ok {
			ci, ok = c.freshCalls[call]
		}
		wrapper := false
		if !ok {
			ci, wrapper = c.wrapCtors[call]
		}
		obj := c.assignedLocal(call)
		if obj == nil {
			continue
		}
		if _, dup := c.byObj[obj]; dup {
			multi[obj] = true
			continue
		}
		v := &value{obj: obj, ctor: call, info: ci, wrapper: wrapper}
		if dest := v.dest(); dest != nil {
			v.quietErr, v.buf = c.target(dest)
			t := info.TypeOf(dest)
			v.mem = streams.IsNamed(t, "bytes", "Buffer") || streams.IsNamed(t, "strings", "Builder")
			if isDiscard(info, dest) {
				continue // nothing to lose (US-discard)
			}
		}
		if fn := streams.Callee(info, call); !ci.fresh && testFile(c.pass, call.Pos()) && strings.TrimSuffix(c.pass.Pkg.Path(), "_test") == fn.Pkg().Path() {
			// The writer's own tests put it in partial states; the rest of
			// its package uses it like any importer (a declared kind, a
			// finishing wrapper made by its package's constructor):
			// US-ownpkgtests.
			continue
		}
		if ci.kind == kFile && len(call.Args) > 0 && c.kernelPath(call.Args[0], 0) {
			continue // /proc, /sys, /dev: the write itself succeeds or fails
		}
		c.byObj[obj] = v
		c.values = append(c.values, v)
	}
	for obj := range multi {
		c.byObj[obj].escaped = true
	}
	c.markScratch()
	for _, v := range c.values {
		v.bestEffort = c.bestEffort(v)
	}
	for _, v := range c.values {
		if v.buf != nil {
			c.bufs[v.buf] = true
		}
	}
	if len(c.bufs) > 0 {
		observed, opaque := c.observedBufs()
		for _, v := range c.values {
			v.unobserved = v.buf != nil && !observed[v.buf]
			v.readsSeen = v.buf != nil && !opaque[v.buf]
		}
	}
	// A writer over another tracked writer with a sticky error.
	for _, v := range c.values {
		if id, ok := ast.Unparen(v.dest()).(*ast.Ident); ok {
			if w, ok := c.byObj[c.localVar(id)]; ok && w.info.kind != kFile {
				v.quietErr = true
			}
		}
	}
	if len(c.values) == 0 {
		return
	}

	// 2. The events, in source order.
	c.aliases = make(map[types.Object][]*value)
	c.asserted = make(map[types.Object]bool)
	c.holders = make(map[*types.Var][]*value)
	c.collect()
	if len(c.built) > 0 {
		c.followBuilt()
	}
	if len(c.holders) > 0 {
		c.returnedHolders()
	}
	// A writer stored in an interface variable that is type-asserted
	// (w.(*bufio.Writer)) may be finished through the assertion.
	for obj, vs := range c.aliases {
		if c.asserted[obj] {
			for _, v := range vs {
				v.escaped = true
			}
		}
	}
	sort.SliceStable(c.events, func(i, j int) bool { return c.events[i].pos < c.events[j].pos })
	for _, v := range c.values {
		if c.partialInTest(v) {
			v.escaped = true
		}
	}

	// 3. Walk the paths of each value.
	for _, v := range c.values {
		if v.escaped {
			continue
		}
		c.search(v)
	}
}

// partialInTest reports whether v is a compressor (gzip, zlib, flate) in a
// _test.go file that the function Flushes and never Closes, not even on an
// error path or deferred: a sync-flushed partial stream made on purpose, to
// test how a decoder takes a stream without its end (pdfcpu's
// flatePartialFlushTestData). The same for a tar writer whose Flush has its
// error checked: an archive left without its end-of-archive blocks on
// purpose (podman image's makeLayerGoroutine, containers/storage#1729).
// Outside tests, and in a test that never Flushes, the missing Close stays
// reported.
// Project-shaped: US-partialtest.
func (c *checker) partialInTest(v *value) bool {
	if v.info.kind != kEncoder || !strings.HasSuffix(c.pass.Fset.File(v.ctor.Pos()).Name(), "_test.go") {
		return false
	}
	fn := streams.Callee(c.pass.TypesInfo, v.ctor)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	var checkedOnly bool // only a Flush with its error checked counts
	switch fn.Pkg().Path() {
	case "compress/gzip", "compress/zlib", "compress/flate":
	case "archive/tar":
		checkedOnly = true
	default:
		return false
	}
	flushed := false
	for _, ev := range c.events {
		if ev.v != v {
			continue
		}
		switch ev.op {
		case opFlushOnly:
			if !checkedOnly || ev.level == 2 {
				flushed = true
			}
		case opFinish:
			return false
		}
	}
	return flushed
}

// assignedLocal returns the local variable that call's result is assigned
// to (x := ctor(), x, err := ctor(), var x = ctor(), x = ctor()), or nil.
func (c *checker) assignedLocal(call *ast.CallExpr) *types.Var {
	var lhs ast.Expr
	switch p := c.parents[call].(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == call && len(p.Lhs) >= 1 {
			lhs = p.Lhs[0]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && ast.Unparen(p.Values[0]) == call && len(p.Names) >= 1 {
			lhs = p.Names[0]
		}
	case *ast.ParenExpr:
		return nil
	}
	id, ok := lhs.(*ast.Ident)
	if !ok {
		return nil
	}
	return c.localVar(id)
}

// localVar returns the variable id denotes if it is declared inside the
// function body, else nil.
func (c *checker) localVar(id *ast.Ident) *types.Var {
	obj, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || obj.IsField() || obj.Pos() < c.body.Pos() || obj.Pos() >= c.body.End() {
		return nil
	}
	return obj
}

// target classifies the writer a constructor wraps: quiet when it is
// memory (bytes.Buffer, strings.Builder, io.Discard) or a *bufio.Writer
// (its error is sticky and surfaces at its own Flush); buf when it is a
// local bytes.Buffer (&buf, or a *bytes.Buffer variable).
func (c *checker) target(arg ast.Expr) (quiet bool, buf *types.Var) {
	arg = ast.Unparen(arg)
	t := c.pass.TypesInfo.TypeOf(arg)
	if streams.IsNamed(t, "bufio", "Writer") {
		// A bufio.Writer keeps the first write error and returns it from
		// every later Write and from Flush: whoever flushes it sees it.
		return true, nil
	}
	if streams.IsNamed(t, "bytes", "Buffer") || streams.IsNamed(t, "strings", "Builder") {
		quiet = true
		var id *ast.Ident
		if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
			id, _ = ast.Unparen(u.X).(*ast.Ident)
		} else {
			id, _ = arg.(*ast.Ident)
		}
		if id != nil && streams.IsNamed(t, "bytes", "Buffer") {
			buf = c.localVar(id)
		}
	}
	return quiet, buf
}

// observedBufs returns the tracked buffers whose content may be read: every
// use other than its definition, &buf (or buf) as the destination of a
// tracked writer's constructor, and a size query or reset (Len, Cap,
// Available, Grow, Reset). opaque: the buffers with a use that may read
// the content without an opRead event (any use but those, the receiver
// of Bytes, String, WriteTo and of the writing methods; or any use in a
// func literal, a defer or a go statement).
// US-unreadbuf.
func (c *checker) observedBufs() (observed, opaque map[*types.Var]bool) {
	info := c.pass.TypesInfo
	ctorArg := make(map[ast.Expr]bool)
	for _, v := range c.values {
		if dest := v.dest(); dest != nil {
			a := ast.Unparen(dest)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = ast.Unparen(u.X)
			}
			ctorArg[a] = true
		}
	}
	observed = make(map[*types.Var]bool)
	opaque = make(map[*types.Var]bool)
	astwalk.Inspect(c.body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj, _ := info.ObjectOf(id).(*types.Var)
		if obj == nil || !c.bufs[obj] || info.Defs[id] != nil {
			return true
		}
		for _, a := range stack[:len(stack)-1] {
			switch a.(type) {
			case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
				opaque[obj] = true
			}
		}
		if ctorArg[id] {
			return true
		}
		if sel, call := methodCall(stack); call != nil {
			switch sel.Sel.Name {
			case "Len", "Cap", "Available", "Grow", "Reset":
				return true
			case "Bytes", "String", "WriteTo", "Write", "WriteString", "WriteByte", "WriteRune":
			default:
				opaque[obj] = true
			}
		} else {
			opaque[obj] = true
		}
		observed[obj] = true
		return true
	}, nil)
	return observed, opaque
}

// isDiscard reports whether e is io.Discard (or io/ioutil.Discard, the
// same writer under its old name).
func isDiscard(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && (v.Pkg().Path() == "io" || v.Pkg().Path() == "io/ioutil") && v.Name() == "Discard"
}

// collect walks the body once and records the events of every tracked
// value, every read of a tracked buffer and every assignment to an error
// variable.
func (c *checker) collect() {
	info := c.pass.TypesInfo
	astwalk.Inspect(c.body, func(n ast.Node, stack []ast.Node) bool {
		if ta, ok := n.(*ast.TypeAssertExpr); ok {
			if id, ok := ast.Unparen(ta.X).(*ast.Ident); ok {
				if obj := info.Uses[id]; obj != nil {
					c.asserted[obj] = true
				}
			}
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if isTestFailure(info, call) && !inClosure(stack) {
				c.events = append(c.events, event{pos: call.Pos(), op: opFail})
			}
			return true
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj, _ := info.ObjectOf(id).(*types.Var)
		if obj == nil {
			return true
		}
		// Closure context: none, the body of a deferred func literal, or
		// another closure.
		deferred, closure := false, false
		for i := len(stack) - 2; i >= 1; i-- {
			if lit, ok := stack[i].(*ast.FuncLit); ok {
				if closure || deferred {
					closure = true
					break
				}
				if call, ok := stack[i-1].(*ast.CallExpr); ok && call.Fun == lit && i >= 2 {
					if _, ok := stack[i-2].(*ast.DeferStmt); ok {
						deferred = true
						continue
					}
				}
				closure = true
				break
			}
		}
		if deferred && closure {
			deferred = false
		}

		if v, ok := c.byObj[obj]; ok {
			// A file mentioned in a func literal that only runs while
			// the function runs (litWrites) and only writes it there.
			followed := closure && v.info.kind == kFile && c.followedLit(stack)
			if info.Defs[id] != nil || (len(stack) >= 2 && isLHS(stack[len(stack)-2], id)) {
				// The definition, or an assignment to the variable.
				if followed {
					v.escaped = true
					return true
				}
				if p := c.assignOf(stack); p != nil && c.isCtorAssign(p, v) {
					c.events = append(c.events, event{pos: v.ctor.Pos(), op: opCreate, v: v})
				} else if info.Defs[id] == nil {
					v.escaped = true
				}
				return true
			}
			if closure {
				if followed {
					c.litWrites(v, id, stack)
				} else {
					v.escaped = true
				}
				return true
			}
			c.use(v, id, stack, deferred)
			return true
		}
		if closure || deferred {
			return true
		}
		if c.bufs[obj] {
			if sel, call := methodCall(stack); call != nil {
				switch sel.Sel.Name {
				case "Bytes", "String", "Len", "WriteTo":
					if sel.Sel.Name == "Len" && c.splitOffset(obj, stack) {
						break // US-splitoffset
					}
					c.events = append(c.events, event{pos: call.Pos(), op: opRead, buf: obj, call: call, method: sel.Sel.Name})
				}
			}
		}
		if errpath.IsError(obj.Type()) && obj.Pos() >= c.body.Pos() && obj.Pos() < c.body.End() {
			if _, ok := c.errVar[obj]; !ok && len(c.errVar) < 64 {
				c.errVar[obj] = len(c.errVar)
			}
		}
		if idx, ok := c.errVar[obj]; ok {
			if info.Defs[id] != nil || (len(stack) >= 2 && isLHS(stack[len(stack)-2], id)) {
				c.events = append(c.events, event{pos: id.Pos(), op: opErrDef, errIdx: idx, nonNil: c.assignsNonNil(stack, id)})
			}
		}
		return true
	}, nil)
}

// inClosure reports whether the top of stack is inside a func literal
// nested in the body.
func inClosure(stack []ast.Node) bool {
	for _, n := range stack[1:] {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// isTestFailure reports whether call marks a test as failed or skipped
// (t.Error, t.Errorf, t.Fatal, t.Fatalf, t.Fail, t.FailNow, t.Skip...).
func isTestFailure(info *types.Info, call *ast.CallExpr) bool {
	fn := streams.Callee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "testing" {
		return false
	}
	switch fn.Name() {
	case "Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow", "Skip", "Skipf", "SkipNow":
		sig := fn.Type().(*types.Signature)
		return sig.Recv() != nil
	}
	return false
}

// assignsNonNil reports whether the assignment whose left-hand side id is
// on top of stack assigns a certainly non-nil error (errpath.Failure: a
// composite literal or its address, fmt.Errorf, errors.New, a sentinel).
func (c *checker) assignsNonNil(stack []ast.Node, id *ast.Ident) bool {
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != len(as.Rhs) {
		return false
	}
	for k, l := range as.Lhs {
		if l != id {
			continue
		}
		return errpath.Expr(c.pass.TypesInfo, as.Rhs[k], nil) == errpath.Failure
	}
	return false
}

// storedInResult reports whether the use of v at child (whose parent is
// stack[i]) puts the writer into a result of the function: directly in a
// composite literal that is returned (return &T{w: bw}), or into a named
// result or a field of one (res.out = bw). A use that stores the writer in
// a local variable, a composite literal assigned to one, or a field or
// element of one (out = bw, r := &T{w: bw}, r.out = bw) records the local
// as a holder of v: check marks v handed on when a holder is returned.
func (c *checker) storedInResult(v *value, stack []ast.Node, i int, child ast.Node) bool {
	cur := child
	for ; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.CompositeLit:
			cur = p
			continue
		case *ast.KeyValueExpr:
			if p.Value != cur {
				return false
			}
			cur = p
			continue
		case *ast.UnaryExpr:
			if p.Op != token.AND {
				return false
			}
			cur = p
			continue
		case *ast.ReturnStmt:
			return true
		case *ast.AssignStmt:
			if len(p.Lhs) != len(p.Rhs) {
				return false
			}
			for k, r := range p.Rhs {
				if r == cur {
					return c.holder(v, rootIdent(p.Lhs[k]))
				}
			}
		case *ast.ValueSpec:
			for k, r := range p.Values {
				if r == cur && k < len(p.Names) {
					return c.holder(v, p.Names[k])
				}
			}
		}
		return false
	}
	return false
}

// holder records that the variable id now holds v (itself, or in a field
// or element); true when id is a result variable of the function.
func (c *checker) holder(v *value, id *ast.Ident) bool {
	if id == nil || id.Name == "_" {
		return false
	}
	obj, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	for r := range c.sig.Results().Variables() {
		if r == obj {
			return true
		}
	}
	if c.localVar(id) != nil {
		c.holders[obj] = append(c.holders[obj], v)
	}
	return false
}

// rootIdent returns the variable at the root of x, x.f, x[i], *x (and
// their combinations), or nil.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// returnedHolders marks handed on every value held by a local variable
// that a return statement returns (r, &r, r.f, T{f: r}; not an argument
// of a call: json.NewEncoder(out).Encode(v) is still a write).
func (c *checker) returnedHolders() {
	var visit func(e ast.Expr)
	visit = func(e ast.Expr) {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			if id := rootIdent(x); id != nil {
				if obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
					for _, v := range c.holders[obj] {
						v.escaped = true
					}
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				visit(x.X)
			}
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				visit(el)
			}
		}
	}
	ast.Inspect(c.body, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok {
			for _, r := range ret.Results {
				visit(r)
			}
		}
		return true
	})
}

// addAlias records that v was stored in the variable id.
func (c *checker) addAlias(v *value, id *ast.Ident) {
	if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
		c.aliases[obj] = append(c.aliases[obj], v)
	}
}

func isLHS(parent ast.Node, id *ast.Ident) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return true
			}
		}
	case *ast.RangeStmt:
		return p.Key == id || p.Value == id
	case *ast.ValueSpec:
		for _, l := range p.Names {
			if l == id {
				return true
			}
		}
	}
	return false
}

func (c *checker) assignOf(stack []ast.Node) ast.Node {
	if len(stack) < 2 {
		return nil
	}
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt, *ast.ValueSpec:
		return p
	}
	return nil
}

func (c *checker) isCtorAssign(p ast.Node, v *value) bool {
	switch p := p.(type) {
	case *ast.AssignStmt:
		return len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == v.ctor
	case *ast.ValueSpec:
		return len(p.Values) == 1 && ast.Unparen(p.Values[0]) == v.ctor
	}
	return false
}

// methodCall returns the selector and call when the top of stack is the
// receiver identifier of a method call x.m(...).
func methodCall(stack []ast.Node) (*ast.SelectorExpr, *ast.CallExpr) {
	sel, call, _ := methodCallAt(stack)
	return sel, call
}

// methodCallAt is methodCall that also returns the index of the call in
// stack.
func methodCallAt(stack []ast.Node) (*ast.SelectorExpr, *ast.CallExpr, int) {
	i := len(stack) - 2
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 1 {
		return nil, nil, -1
	}
	sel, ok := stack[i].(*ast.SelectorExpr)
	if !ok || ast.Unparen(sel.X) != stack[len(stack)-1] {
		return nil, nil, -1
	}
	call, ok := stack[i-1].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return sel, nil, -1
	}
	return sel, call, i - 1
}

// splitOffset reports whether the buf.Len() call at the top of stack
// (stack ends with buf, the selector, the call) is assigned to a local
// whose every use is a bound or index into buf.Bytes() or buf.String():
// the length is an offset where the content, read later, is split (go-proxmox
// measures the form's head before the multipart Close writes the closing
// boundary, then splices the file body in between), not the output read.
// US-splitoffset.
func (c *checker) splitOffset(buf *types.Var, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	n := len(stack)
	if n < 4 {
		return false
	}
	as, ok := stack[n-4].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Rhs[0] != stack[n-3] {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	off, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	// readOf reports whether e is buf.Bytes() or buf.String().
	readOf := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Bytes" && sel.Sel.Name != "String" {
			return false
		}
		x, ok := ast.Unparen(sel.X).(*ast.Ident)
		return ok && info.Uses[x] == buf
	}
	bounds := make(map[ast.Expr]bool)
	ast.Inspect(c.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SliceExpr:
			if readOf(n.X) {
				bounds[n.Low], bounds[n.High], bounds[n.Max] = true, true, true
			}
		case *ast.IndexExpr:
			if readOf(n.X) {
				bounds[n.Index] = true
			}
		}
		return true
	})
	uses := 0
	for u, obj := range info.Uses {
		if obj == off {
			if !bounds[u] {
				return false
			}
			uses++
		}
	}
	return uses > 0
}
