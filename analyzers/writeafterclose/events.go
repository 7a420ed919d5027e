package writeafterclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// knownSource reports whether e (assigned to a variable) is a stream whose
// Close is known to end writing: a value of a concrete target type, or the
// result of a function known to return one behind an interface.
func (c *checker) knownSource(e ast.Expr) bool {
	t := c.info.TypeOf(e)
	if tup, ok := t.(*types.Tuple); ok && tup.Len() > 0 {
		t = tup.At(0).Type()
	}
	if t != nil && !types.IsInterface(t) && isTarget(t) {
		return true
	}
	if t != nil && streams.IsNamed(t, "net", "Conn") {
		return true
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		fn := streams.Callee(c.info, call)
		return streams.IsMethod(fn, "os/exec", "Cmd", "StdinPipe") || streams.IsFunc(fn, "compress/lzw", "NewWriter")
	}
	return false
}

// followable reports whether a function literal runs where the analyzer
// can see it: called on the spot (also by defer), or assigned to a variable
// (decided later, from the variable's uses).
func (c *checker) followable(stack []ast.Node) bool {
	switch site := stream.RunsHere(c.info, stack, len(stack)-1); site.How {
	case stream.Called, stream.Deferred:
		return true
	case stream.Bound:
		return c.local(site.Name) != nil
	}
	return false
}

// wrapperKind names the writer a constructor of the stream table wraps
// around its first argument ("gzip"), or returns "".
func wrapperKind(fn *types.Func) string {
	if k, ok := stream.WrapperCtor(fn); ok {
		return k.PkgName()
	}
	return ""
}

var (
	closeNames = map[string]bool{"Close": true, "CloseWithError": true, "CloseWrite": true}
	writeNames = map[string]bool{
		"Write": true, "WriteString": true, "WriteByte": true, "WriteRune": true,
		"WriteAt": true, "ReadFrom": true, "Send": true, "Flush": true, "Sync": true,
		"WriteHeader": true, "WriteAll": true, "Create": true, "CreateHeader": true,
		"CreateRaw": true, "Copy": true, "AddFS": true,
		"Encode": true, "EncodeToken": true, "EncodeElement": true,
	}
	// writeFuncs are functions that write into their first argument.
	writeFuncs = map[string]bool{
		"fmt.Fprint": true, "fmt.Fprintf": true, "fmt.Fprintln": true,
		"io.WriteString": true, "io.Copy": true, "io.CopyN": true, "io.CopyBuffer": true,
		"encoding/binary.Write": true,
	}
)

// isTarget reports whether writes to a closed value of type t fail.
func isTarget(t types.Type) bool {
	if streams.IsFlowrtWriter(t) || embedsFlowrtWriter(t) {
		return true
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		k := stream.Of(p.Elem())
		return k != nil && k.AfterClose != ""
	}
	if types.IsInterface(t) {
		return hasMethod(t, "Write") && hasMethod(t, "Close")
	}
	return false
}

// embedsFlowrtWriter reports whether t is a pointer to a struct that
// embeds a flowrt writer at its first level (type Out struct { *flowrt.Writer[Event]; ... })
// and whose Close and every other closing or writing method it has are the
// writer's, promoted: o.Close() then closes the writer, and o.Send(ctx, v)
// writes to it. A struct that declares its own Close, Write, Send... is
// not followed.
func embedsFlowrtWriter(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok || streams.IsFlowrtWriter(t) {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	// Cheap test first: a flowrt writer embedded at the first level.
	embeds := false
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() && streams.IsFlowrtWriter(f.Type()) {
			embeds = true
		}
	}
	if !embeds {
		return false
	}
	promoted := func(name string) (found, ok bool) {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if obj == nil {
			return false, true
		}
		fn, isFn := obj.(*types.Func)
		if !isFn {
			return true, false // a field named like the method
		}
		recv := fn.Signature().Recv()
		return true, recv != nil && streams.IsFlowrtWriter(recv.Type())
	}
	if found, ok := promoted("Close"); !found || !ok {
		return false
	}
	for _, names := range []map[string]bool{closeNames, writeNames} {
		for name := range names {
			if _, ok := promoted(name); !ok {
				return false
			}
		}
	}
	return true
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// nodeEvents lists, in evaluation order, the events of one CFG node of fn.
func (c *checker) nodeEvents(n ast.Node, rangeKV map[ast.Node]bool) []event {
	var evs []event
	if rangeKV[n] { // WS-fresh
		if v := c.local(n.(ast.Expr)); v != nil {
			evs = append(evs, event{kind: evKill, v: v, pos: n.Pos()})
		}
		return evs
	}
	astwalk.Inspect(n, func(m ast.Node, _ []ast.Node) bool {
		switch m := m.(type) {
		case *ast.GoStmt:
			// Another goroutine may change any field from now on.
			evs = append(evs, event{kind: evOpaque, sync: true, pos: m.Pos()})
			return false
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			evs = append(evs, event{kind: evOpaque, sync: true, pos: m.Pos()})
		case *ast.UnaryExpr:
			if m.Op == token.ARROW {
				evs = append(evs, event{kind: evOpaque, sync: true, pos: m.Pos()})
			}
		case *ast.DeferStmt:
			evs = c.callEvents(evs, m.Call, true)
			return false
		}
		return true
	}, func(top ast.Node, path []ast.Node) {
		switch top := top.(type) {
		case *ast.CallExpr:
			from := len(evs)
			evs = c.callEvents(evs, top, false)
			if len(evs) > from && resultUsed(top, path[:len(path)-1]) {
				for i := from; i < len(evs); i++ {
					evs[i].used = true
				}
			}
		case *ast.AssignStmt: // WS-reassigned
			for _, l := range top.Lhs {
				if v := c.local(l); v != nil {
					evs = append(evs, event{kind: evKill, v: v, pos: l.Pos()})
				} else if pv := c.pathVar(l); pv != nil {
					evs = append(evs, event{kind: evKill, v: pv, pos: l.Pos()})
				}
			}
		case *ast.ValueSpec:
			for _, l := range top.Names {
				if v := c.local(l); v != nil {
					evs = append(evs, event{kind: evKill, v: v, pos: l.Pos()})
				}
			}
		}
	})
	return evs
}

// resultUsed reports whether the results of call, whose enclosing nodes
// within its CFG node are stack, are looked at.
func resultUsed(call *ast.CallExpr, stack []ast.Node) bool {
	if len(stack) == 0 {
		return true // the call is a condition, a switch tag
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.ExprStmt:
		return false
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return true
			}
		}
		return false
	}
	return true
}

// opaque reports whether a call may run code that changes the fields of
// a struct it is not handed: a function or method outside the standard
// library, a func value, or an interface method (other than a stream's
// own, such as a net.Conn field's Write).
func (c *checker) opaque(call *ast.CallExpr) bool {
	fn := streams.Callee(c.info, call)
	if fn == nil {
		tv, ok := c.info.Types[ast.Unparen(call.Fun)]
		return !ok || !(tv.IsType() || tv.IsBuiltin())
	}
	if fn.Pkg() == nil {
		return false // error.Error
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if x := c.ref(sel.X); x != nil && isTarget(x.Type()) {
				return false
			}
		}
		return true
	}
	path := fn.Pkg().Path()
	if i := strings.IndexByte(path, '/'); i >= 0 {
		path = path[:i]
	}
	return strings.Contains(path, ".") || fn.Pkg() == c.pass.Pkg
}

// isSync reports whether fn waits for or hands over to other goroutines:
// the methods of sync.Mutex, RWMutex, WaitGroup and Cond that lock,
// unlock or wait.
func isSync(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	switch fn.Name() {
	case "Lock", "Unlock", "RLock", "RUnlock", "Wait":
		return true
	}
	return false
}

// callEvents appends the events of one call.
func (c *checker) callEvents(evs []event, call *ast.CallExpr, deferred bool) []event {
	fun := ast.Unparen(call.Fun)
	var lit *ast.FuncLit
	switch f := fun.(type) {
	case *ast.FuncLit:
		lit = f
	case *ast.Ident:
		if v := c.local(f); v != nil && c.vars[v] != nil {
			lit = c.vars[v].closure
		}
	}
	if lit != nil {
		if c.inFacts {
			return evs
		}
		s := c.summarize(lit)
		what, callAs := "the function literal called here", ""
		if deferred {
			what = "function literal"
		}
		if id, ok := fun.(*ast.Ident); ok {
			what, callAs = id.Name+"()", id.Name+"()"
		}
		for _, v := range s.touch {
			evs = append(evs, event{kind: evTouch, v: v, pos: call.Pos()})
		}
		if s.opaque {
			evs = append(evs, event{kind: evOpaque, sync: s.sync, pos: call.Pos()})
		}
		for _, w := range s.writes {
			w.deferred = w.deferred || deferred
			w.idx = -1
			evs = append(evs, w)
		}
		for _, v := range s.closes {
			as := callAs
			if as == "" {
				as = "the function literal that closes " + v.Name()
			}
			evs = append(evs, event{kind: evClose, v: v, deferred: deferred, pos: call.Pos(), desc: what + " (it closes " + v.Name() + ")", call: as, idx: -1})
		}
		return evs
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" {
		// w.(*lzw.Writer).Reset(...) resets w too (WS-reset).
		if ta, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr); ok {
			if x := c.local(ta.X); x != nil {
				evs = append(evs, event{kind: evKill, v: x, pos: call.Pos()})
			}
		}
	}
	if !deferred && c.opaque(call) {
		evs = append(evs, event{kind: evOpaque, sync: isSync(streams.Callee(c.info, call)), pos: call.Pos()})
	} else if !deferred && isSync(streams.Callee(c.info, call)) {
		evs = append(evs, event{kind: evOpaque, sync: true, pos: call.Pos()})
	}
	// A local struct handed to a call, or whose method is called, may
	// have its fields changed; so may a struct in a field of one (x.b).
	for _, a := range call.Args {
		a = ast.Unparen(a)
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
			a = u.X
		}
		if v := c.local(a); v != nil {
			evs = append(evs, event{kind: evTouch, v: v, pos: call.Pos()})
		} else if v := c.pathVar(a); v != nil {
			evs = append(evs, event{kind: evTouch, v: v, pos: call.Pos()})
		}
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if x := c.local(sel.X); x != nil && !deferred {
			evs = append(evs, event{kind: evTouch, v: x, pos: call.Pos()})
		} else if x := c.pathVar(sel.X); x != nil && !deferred {
			evs = append(evs, event{kind: evTouch, v: x, pos: call.Pos()})
		}
		recv := ast.Unparen(sel.X)
		if ta, ok := recv.(*ast.TypeAssertExpr); ok && ta.Type != nil {
			recv = ta.X // w.(*bufio.Writer).Flush() flushes w
		}
		if x := c.ref(recv); x != nil {
			if s, ok := c.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
				name := sel.Sel.Name
				desc := x.Name() + "." + name
				// The wrapper's write into its target comes first: a
				// wrapper's Close writes, then marks it closed.
				if u := c.wrapsOf(x); u != nil && (writeNames[name] || name == "Close" || stream.Of(x.Type()).IsWrite(name)) {
					evs = append(evs, event{kind: evWrite, v: u, via: x, viaClose: name == "Close", flush: name == "Flush", deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
				}
				switch {
				case closeNames[name]:
					var errArg ast.Expr
					if name == "CloseWithError" && len(call.Args) == 1 {
						errArg = call.Args[0]
					}
					evs = append(evs, event{kind: evClose, v: x, errArg: errArg, deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
				case writeNames[name]:
					evs = append(evs, event{kind: evWrite, v: x, flush: name == "Flush", deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
				case name == "Reset":
					evs = append(evs, event{kind: evKill, v: x, pos: call.Pos()})
				}
			}
		}
	}
	fn := streams.Callee(c.info, call)
	if fn == nil {
		return evs
	}
	if fn.Pkg() != nil && fn.Signature().Recv() == nil && writeFuncs[fn.Pkg().Path()+"."+fn.Name()] && len(call.Args) > 0 {
		if v := c.ref(call.Args[0]); v != nil {
			desc := fmt.Sprintf("%s(%s, ...)", fn.Pkg().Name()+"."+fn.Name(), v.Name())
			evs = append(evs, event{kind: evWrite, v: v, deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
		}
		return evs
	}
	for _, i := range c.closedParams(fn) {
		if i < len(call.Args) {
			if v := c.ref(call.Args[i]); v != nil {
				desc := fmt.Sprintf("%s(%s)", fn.Name(), v.Name())
				evs = append(evs, event{kind: evClose, v: v, deferred: deferred, pos: call.Pos(), desc: desc, call: desc, idx: -1})
			}
		}
	}
	return evs
}

func (c *checker) closedParams(fn *types.Func) []int {
	if fn.Pkg() == c.pass.Pkg {
		return c.facts[fn.Origin()]
	}
	var f closesParams
	if c.pass.ImportObjectFact(fn.Origin(), &f) {
		return f.Params
	}
	return nil
}

// mayClose reports whether the code of fn can close a stream: a call of a
// Close, CloseWithError or CloseWrite method, of a function known to close
// a parameter, or of a func variable bound to a literal (which may close
// what it captures), in fn's body or in a literal fn calls in place
// (`defer func() { ... }()`). Without one no node of fn has a close event,
// and preparing the events of every node would be wasted: most functions
// close nothing.
func (c *checker) mayClose(fn ast.Node) bool {
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false // runs elsewhere, or is called below
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.FuncLit:
			found = c.mayClose(f)
		case *ast.SelectorExpr:
			found = closeNames[f.Sel.Name]
		case *ast.Ident:
			v := c.local(f)
			found = v != nil && c.vars[v] != nil && c.vars[v].closure != nil
		}
		if !found {
			if fn := streams.Callee(c.info, call); fn != nil {
				found = len(c.closedParams(fn)) > 0
			}
		}
		return !found
	})
	return found
}
