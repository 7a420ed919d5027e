package unflushed

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// use classifies one use of a tracked value.
// Uses that hand the writer on mark it escaped: US-handedon.
func (c *checker) use(v *value, id *ast.Ident, stack []ast.Node, deferred bool) {
	info := c.pass.TypesInfo
	if sel, call, ci := methodCallAt(stack); sel != nil {
		if call == nil {
			// A field (zw.Name, w.Comma) or a method value (f := bw.Flush).
			if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
				return
			}
			v.escaped = true
			return
		}
		ev := event{pos: call.Pos(), v: v, call: call, method: sel.Sel.Name, deferred: deferred}
		level, stmt, isGo := checkedness(stack[:ci], call)
		if isGo {
			v.escaped = true
			return
		}
		if level == 1 && c.nolint.at(call.Pos()) {
			level = 2 // a discard written for errcheck, like _ = (nolint.go)
		}
		if stmt != nil {
			if _, ok := stmt.(*ast.DeferStmt); ok {
				ev.deferred = true
			}
		}
		ev.level, ev.stmt = level, stmt
		switch name := sel.Sel.Name; {
		case v.wrapper && name != "Close" && name != "Flush":
			ev.op = opWrite // Add, Write, WriteHeader ...: the wrapper's own API
		case name == "Reset":
			ev.op = opReset
		case name == "Close" && (v.info.kind == kEncoder || v.info.kind == kFile):
			ev.op = opFinish
		case name == "Flush" && (v.info.kind == kBufio || v.info.kind == kCSV):
			ev.op = opFinish
		case name == "Flush" && v.info.kind == kEncoder:
			ev.op = opFlushOnly
		case name == "Sync" && v.info.kind == kFile: // a checked Sync finishes a file (US-syncchecked)
			if level < 2 {
				return
			}
			ev.op = opFinish
		case name == "Error" && v.info.kind == kCSV:
			ev.op = opErrCheck
		case name == "WriteAll" && v.info.kind == kCSV:
			// WriteAll flushes and returns the error.
			ev.op = opFinish
			ev.level = 2
		case v.info.sk.IsWrite(name):
			ev.op = opWrite
		default:
			return // Truncate, Chmod, Seek...: synchronous, no write (US-syncops)
		}
		c.events = append(c.events, ev)
		return
	}
	// Any other use: a conversion to the type the context expects.
	i, child := parenParent(stack, id)
	if i < 0 {
		v.escaped = true
		return
	}
	if c.storedInResult(v, stack, i, child) {
		v.escaped = true // the caller's to finish, in whatever form
		return
	}
	var lit ast.Node
	if i >= 1 {
		lit = stack[i-1]
	}
	if c.fields.finishes(storeField(info, stack[i], child, lit), v) {
		v.escaped = true // stored where the package finishes it (handoff.go)
		return
	}
	var to types.Type
	switch p := stack[i].(type) {
	case *ast.CallExpr:
		tv := info.Types[p.Fun]
		if tv.IsType() {
			to = tv.Type
			break
		}
		sig, ok := tv.Type.(*types.Signature)
		if !ok {
			v.escaped = true // builtin (append, ...)
			return
		}
		if v.info.kind == kBufio && c.calleeFlushes(p, child, v) {
			// The callee's bufio.NewWriter returns v itself and
			// flushes it: a Flush whose error the callee returns.
			if deferred || i == 0 {
				v.escaped = true
				return
			}
			switch stack[i-1].(type) {
			case *ast.DeferStmt, *ast.GoStmt:
				v.escaped = true // flushed at some other time
				return
			}
			c.events = append(c.events, event{pos: p.Pos(), op: opFinish, v: v, level: 2, call: p, method: "Flush"})
			return
		}
		if v.info.kind == kBufio && isLZWNewWriter(streams.Callee(info, p)) {
			// An lzw writer flushes a destination that can Flush in its
			// own Close: the duty is handed on.
			v.escaped = true
			return
		}
		for k, a := range p.Args {
			if a != child {
				continue
			}
			if v.info.kind == kFile && c.calleeHandles(p, k) {
				return // the callee uses the file's descriptor only (handles.go)
			}
			if c.writesOnly(p, k) {
				// The callee writes into v and leaves finishing it to
				// the caller (writeonly.go).
				c.events = append(c.events, event{pos: id.Pos(), op: opWrite, v: v, deferred: deferred})
				return
			}
			switch {
			case sig.Variadic() && k >= sig.Params().Len()-1:
				if p.Ellipsis.IsValid() {
					v.escaped = true
					return
				}
				to = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
			case k < sig.Params().Len():
				to = sig.Params().At(k).Type()
				if c.calleeAsserts(p, k, v) {
					// The callee converts the parameter back to
					// something that can finish it.
					v.escaped = true
					return
				}
			}
		}
		if to == nil { // the callee position: (bw)(...)? not possible for a pointer
			v.escaped = true
			return
		}
	case *ast.AssignStmt:
		for k, r := range p.Rhs {
			if r == child && k < len(p.Lhs) && len(p.Lhs) == len(p.Rhs) {
				if v.info.kind == kFile && childOutput(info, p.Lhs[k], nil) {
					return // cmd.Stdout = f: the child writes it (handles.go)
				}
				if lid, ok := p.Lhs[k].(*ast.Ident); ok {
					if lid.Name == "_" {
						return
					}
					c.addAlias(v, lid)
				}
				to = info.TypeOf(p.Lhs[k])
			}
		}
	case *ast.ValueSpec:
		for k, r := range p.Values {
			if r == child && k < len(p.Names) {
				c.addAlias(v, p.Names[k])
				to = info.TypeOf(p.Names[k])
			}
		}
	case *ast.KeyValueExpr:
		if p.Value == child && i >= 1 {
			if lit, ok := stack[i-1].(*ast.CompositeLit); ok {
				if v.info.kind == kFile && childOutput(info, p.Key, lit) {
					return // &exec.Cmd{Stdout: f}: the child writes it
				}
				to = elemType(info, lit, p.Key)
			}
		}
	case *ast.CompositeLit:
		to = elemType(info, p, nil)
		if st, ok := underStruct(info.TypeOf(p)); ok {
			for k, e := range p.Elts {
				if e == child && k < st.NumFields() {
					to = st.Field(k).Type()
				}
			}
		}
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return
		}
	}
	if to == nil {
		v.escaped = true
		return
	}
	iface, ok := types.Unalias(to).Underlying().(*types.Interface)
	if !ok || iface.Empty() || hasMethod(iface, dutyMethod(v.info.kind)) {
		// The callee or the variable can finish the writer: it is
		// handed on (or we cannot tell).
		v.escaped = true
		return
	}
	if hasMethod(iface, "Write") {
		c.events = append(c.events, event{pos: id.Pos(), op: opWrite, v: v, deferred: deferred})
		if call, ok := stack[i].(*ast.CallExpr); ok && !deferred {
			shares := c.sharesBufio(call, v)
			if local := c.builtLocal(call, stack[:i]); local != nil {
				c.built = append(c.built, builtOn{local: local, v: v, ev: len(c.events) - 1, shares: shares})
			} else if shares && i >= 2 {
				// xml.NewEncoder(bw).Encode(v): the same, in one chain.
				if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && sel.X == call {
					if outer, ok := stack[i-2].(*ast.CallExpr); ok && outer.Fun == sel {
						level, stmt, isGo := checkedness(stack[:i-2], outer)
						if !isGo {
							c.events = append(c.events, c.sharedFlush(v, sel.Sel.Name, level, stmt, outer)...)
						}
					}
				}
			}
		}
	}
}

// A builtOn is a value made over a tracked writer by a constructor call
// (enc := json.NewEncoder(bw), enc := codec.NewEncoder(w, h)): such a
// constructor writes nothing; the writes into v happen where the value is
// used. ev is the index of the write event recorded at the constructor.
type builtOn struct {
	local  *types.Var
	v      *value
	ev     int
	shares bool // an xml.Encoder or csv.Writer that flushes v itself (sharesBufio)
}

// sharesBufio reports whether call, made over the tracked writer v, is
// xml.NewEncoder or csv.NewWriter and v a *bufio.Writer with a buffer of at
// least bufio's default size: both wrap their writer in bufio.NewWriter,
// which returns v itself then, so their flushes flush v (miniflux's OPML
// export: bufio.NewWriter(&b), xml.NewEncoder(writer).Encode(doc)).
// json.NewEncoder and gob.NewEncoder do not buffer.
// US-sharedbufio.
func (c *checker) sharesBufio(call *ast.CallExpr, v *value) bool {
	if v.info.kind != kBufio {
		return false
	}
	fn := streams.Callee(c.pass.TypesInfo, call)
	if !streams.IsFunc(fn, "encoding/xml", "NewEncoder") && !streams.IsFunc(fn, "encoding/csv", "NewWriter") {
		return false
	}
	size, ok := bufioSize(c.pass.TypesInfo, v.ctor)
	return ok && size >= 4096
}

// sharedFlush returns the events on v of a call of method on the
// xml.Encoder or csv.Writer built on v (sharesBufio), with the
// checkedness level of the call; nil when the call is no write: a
// checked Encode, EncodeElement, Flush or Close of the xml.Encoder
// flushes v and returns the error; csv's Flush flushes v and reports
// through Error() (a later checked Error() checks it), WriteAll flushes
// and returns Error(), and Error() itself writes nothing. Any other call
// writes into v.
func (c *checker) sharedFlush(v *value, method string, level uint8, stmt ast.Stmt, call *ast.CallExpr) []event {
	write := event{pos: call.Pos(), op: opWrite, v: v}
	finish := event{pos: call.Rparen, op: opFinish, v: v, level: level, call: call, stmt: stmt, method: method, via: true}
	var recv types.Type
	if fn := streams.Callee(c.pass.TypesInfo, call); fn != nil {
		if r := fn.Signature().Recv(); r != nil {
			recv = r.Type()
		}
	}
	switch {
	case recv == nil:
	case streams.IsNamed(recv, "encoding/xml", "Encoder"):
		switch method {
		case "Encode", "EncodeElement", "Flush", "Close":
			if level == 2 {
				return []event{write, finish}
			}
		}
	case streams.IsNamed(recv, "encoding/csv", "Writer"):
		switch method {
		case "Flush", "WriteAll":
			return []event{write, finish}
		case "Error":
			if level == 2 {
				return []event{{pos: call.Rparen, op: opErrCheck, v: v, level: 2, call: call, method: "Error"}}
			}
			return nil
		}
	}
	return []event{write}
}

// builtLocal returns the local variable that the result of call, a
// constructor (its name starts with New or new) returning a value that is
// neither a basic type nor an error, is assigned to (x := NewT(w),
// var x = NewT(w), x = NewT(w)); stack ends at the parent of call.
func (c *checker) builtLocal(call *ast.CallExpr, stack []ast.Node) *types.Var {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil || !(strings.HasPrefix(fn.Name(), "New") || strings.HasPrefix(fn.Name(), "new")) {
		return nil
	}
	var child ast.Node = call
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
		i--
	}
	if i < 0 {
		return nil
	}
	var lhs ast.Expr
	switch p := stack[i].(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == child {
			lhs = p.Lhs[0]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == child && len(p.Names) > 0 {
			lhs = p.Names[0]
		}
	}
	id, ok := lhs.(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	local := c.localVar(id)
	if local == nil || errpath.IsError(local.Type()) {
		return nil
	}
	if _, basic := local.Type().Underlying().(*types.Basic); basic {
		return nil
	}
	return local
}

// followBuilt moves the write of each value built over a tracked writer
// from the constructor to the uses of the value, when they can all be
// followed: the local is assigned only by the constructor call, and is
// never used in a func literal, a defer statement or through its address
// (the write would happen at some other time). Otherwise the constructor
// keeps counting as the write, as any conversion to io.Writer does.
// hashicorp/raft's handleConn makes its encoder before the loop and
// flushes after each response: the early return of the first iteration
// has nothing buffered.
// US-lazyuse.
func (c *checker) followBuilt() {
	byLocal := make(map[*types.Var][]builtOn)
	for _, b := range c.built {
		byLocal[b.local] = append(byLocal[b.local], b)
	}
	// A use: the identifier, and the method call it is the receiver of.
	type use struct {
		pos    token.Pos
		call   *ast.CallExpr
		method string
		level  uint8
		stmt   ast.Stmt
	}
	uses := make(map[*types.Var][]use)
	lost := make(map[*types.Var]bool)
	info := c.pass.TypesInfo
	astwalk.Inspect(c.body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj, _ := info.ObjectOf(id).(*types.Var)
		if _, ok := byLocal[obj]; !ok || lost[obj] {
			return true
		}
		if info.Defs[id] != nil {
			return true
		}
		parent := stack[len(stack)-2]
		if isLHS(parent, id) {
			if as, ok := parent.(*ast.AssignStmt); !ok || !c.builtBy(as, byLocal[obj]) {
				lost[obj] = true
			}
			return true
		}
		if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND {
			lost[obj] = true
			return true
		}
		for _, a := range stack[:len(stack)-1] {
			switch a.(type) {
			case *ast.FuncLit, *ast.DeferStmt:
				lost[obj] = true
				return true
			}
		}
		if isGetter(info, stack) {
			return true // reads a counter: writes nothing
		}
		u := use{pos: id.Pos()}
		if sel, call, ci := methodCallAt(stack); call != nil {
			if level, stmt, isGo := checkedness(stack[:ci], call); !isGo {
				u.call, u.method, u.level, u.stmt = call, sel.Sel.Name, level, stmt
			}
		}
		uses[obj] = append(uses[obj], u)
		return true
	}, nil)
	drop := make(map[int]bool)
	for local, bs := range byLocal {
		if lost[local] {
			continue
		}
		for _, b := range bs {
			drop[b.ev] = true
			for _, u := range uses[local] {
				if b.shares && u.call != nil {
					c.events = append(c.events, c.sharedFlush(b.v, u.method, u.level, u.stmt, u.call)...)
					continue
				}
				c.events = append(c.events, event{pos: u.pos, op: opWrite, v: b.v})
			}
		}
	}
	if len(drop) == 0 {
		return
	}
	kept := c.events[:0]
	for k, ev := range c.events {
		if !drop[k] {
			kept = append(kept, ev)
		}
	}
	c.events = kept
}

// isGetter reports whether the identifier on top of stack is read by a
// getter: the receiver of a method call without arguments whose results
// are all of basic type (cw.Count(), h.Sum32(), w.Buffered(), w.Len()), or
// the operand of a read of a field of basic type (cw.n). A value built
// over a writer (a byte counter, zapx's CountHashWriter) is not written
// through there. Calls with arguments (Write, Encode), methods without
// results (csv.Writer.Flush) or with an error result (Close, Flush) stay
// writes.
// US-getter.
func isGetter(info *types.Info, stack []ast.Node) bool {
	sel, call, _ := methodCallAt(stack)
	if sel == nil {
		return false
	}
	s, ok := info.Selections[sel]
	if !ok {
		return false
	}
	allBasic := func(ts *types.Tuple) bool {
		if ts.Len() == 0 {
			return false
		}
		for t := range ts.Variables() {
			if _, ok := t.Type().Underlying().(*types.Basic); !ok {
				return false
			}
		}
		return true
	}
	switch s.Kind() {
	case types.FieldVal:
		if call != nil {
			return false // a call of a func-typed field
		}
		_, ok := s.Type().Underlying().(*types.Basic)
		return ok
	case types.MethodVal:
		if call == nil || len(call.Args) > 0 {
			return false
		}
		sig, ok := s.Type().(*types.Signature)
		return ok && allBasic(sig.Results())
	}
	return false
}

// builtBy reports whether as assigns the local from one of the
// constructor calls of bs (x = NewT(w) after var x *T).
func (c *checker) builtBy(as *ast.AssignStmt, bs []builtOn) bool {
	for _, b := range bs {
		if ev := c.events[b.ev]; ev.pos >= as.Pos() && ev.pos < as.End() {
			return true
		}
	}
	return false
}

// isLZWNewWriter reports whether fn is compress/lzw.NewWriter or a fork of
// it (klauspost/compress/lzw): their Close flushes a destination that has
// Flush.
func isLZWNewWriter(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Name() != "NewWriter" {
		return false
	}
	p := fn.Pkg().Path()
	return p == "compress/lzw" || strings.HasSuffix(p, "/lzw")
}

func underStruct(t types.Type) (*types.Struct, bool) {
	if t == nil {
		return nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// elemType returns the type an element of lit converts to.
func elemType(info *types.Info, lit *ast.CompositeLit, key ast.Expr) types.Type {
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	if st, ok := underStruct(t); ok {
		if k, ok := key.(*ast.Ident); ok {
			for f := range st.Fields() {
				if f.Name() == k.Name {
					return f.Type()
				}
			}
		}
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	}
	return nil
}

func hasMethod(iface *types.Interface, name string) bool {
	for m := range iface.Methods() {
		if m.Name() == name {
			return true
		}
	}
	return false
}

func dutyMethod(k kind) string {
	switch k {
	case kBufio, kCSV:
		return "Flush"
	}
	return "Close"
}

// checkedness tells what happens to the result of call, given the stack of
// its ancestors (innermost last): level 1 when the error is dropped (an
// expression statement, a direct defer), 2 when it is used or explicitly
// discarded. stmt is the ExprStmt or DeferStmt of a dropped call.
// An explicit discard (level 2) is a decision: US-blank.
func checkedness(stack []ast.Node, call *ast.CallExpr) (level uint8, stmt ast.Stmt, isGo bool) {
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return 2, nil, false
	}
	switch p := stack[i].(type) {
	case *ast.ExprStmt:
		return 1, p, false
	case *ast.DeferStmt:
		return 1, p, false
	case *ast.GoStmt:
		return 0, nil, true
	}
	return 2, nil, false
}
