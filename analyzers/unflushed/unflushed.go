package unflushed

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

//go:embed doc.go
var doc string

// Analyzer reports buffered and encoding writers whose last step (Flush,
// Close, Error) is missing or whose error is dropped.
var Analyzer = &analysis.Analyzer{
	Name:      "unflushed",
	Doc:       analyzerdoc.Extract(doc, "unflushed"),
	URL:       streams.DocURL("unflushed"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, stream.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(flushesParams), new(finishesFields), new(assertsParams), new(handlesParams), new(returnsFresh)},
}

// flushesParams is the fact of a function that wraps some of its io.Writer
// parameters in bufio.NewWriter (or NewWriterSize) and flushes the wrapper.
// bufio returns its argument itself when that is already a *bufio.Writer
// whose buffer is at least as large, so a *bufio.Writer of that size passed
// there is flushed by the callee (cmd/preprofile: d.WriteTo(w)).
type flushesParams struct {
	Sizes map[int]int // parameter index -> the wrapper's buffer size
}

func (*flushesParams) AFact() {}

func (f *flushesParams) String() string {
	keys := make([]int, 0, len(f.Sizes))
	for k := range f.Sizes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %d:%d", k, f.Sizes[k])
	}
	return "flushesParams(" + strings.TrimSpace(b.String()) + ")"
}

// kind is the family of a tracked writer.
type kind int

const (
	kBufio   kind = iota // *bufio.Writer: Flush
	kEncoder             // compress/*, archive/*: Close
	kCSV                 // *csv.Writer: Flush, then Error
	kFile                // *os.File opened for writing: Close error
)

// ctorInfo describes a constructor of a tracked writer.
type ctorInfo struct {
	kind    kind
	typ     string       // for messages: "gzip.Writer"
	trailer string       // what the missing Close fails to write
	sk      *stream.Kind // the kind of the stream table; nil for a finishing wrapper
	dest    int          // the constructor's destination argument (stream.Ctor.Dest)
	fresh   bool         // made by a function that returns a fresh writer (fresh.go)
}

// trackedKind is the family unflushed tracks a kind of the stream table
// as, if it tracks it: writers with a Flush or Close duty made in the
// function.
func trackedKind(k *stream.Kind) (kind, bool) {
	switch k.Family {
	case stream.Buffer:
		return kBufio, true
	case stream.Encoder:
		return kEncoder, true
	case stream.Table:
		return kCSV, true
	case stream.File:
		return kFile, true
	}
	return 0, false
}

// ctorPkgs are the packages with a constructor of a tracked kind.
var ctorPkgs = func() map[string]bool {
	m := make(map[string]bool)
	for _, k := range stream.Kinds() {
		if _, ok := trackedKind(k); ok && len(k.Ctors) > 0 {
			m[k.Pkg] = true
		}
	}
	return m
}()

func run(pass *analysis.Pass) (any, error) {
	suppress.Install(pass)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// Every package: a helper that converts its io.Writer parameter back
	// to a closer may sit in a package that makes no writer itself.
	asserts := paramfacts.Compute[assertsParams](pass, insp, finishers) // handoff.go
	handles := computeHandles(pass, insp)                               // handles.go

	relevant := false
	for _, imp := range pass.Pkg.Imports() {
		if ctorPkgs[imp.Path()] {
			relevant = true
			break
		}
	}
	declared := stream.HasDeclared()
	fresh := newFreshCtors(pass, insp) // fresh.go
	if !relevant && !hasFinishesFacts(pass) && !declared && !fresh.any {
		return nil, nil
	}
	if !streams.FactsOnly() {
		checkFieldWriters(pass, insp) // fieldwriters.go
	}

	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	wr := newWrappers(pass, insp)

	// Find the constructor calls and group them by innermost function.
	type fnKey = ast.Node
	found := make(map[fnKey][]*ast.CallExpr)
	freshCalls := make(map[*ast.CallExpr]ctorInfo)
	parents := make(map[*ast.CallExpr]ast.Node)
	var order []fnKey
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		isCtor := false
		if ctorName(call) || declared { // a cheap syntactic filter before any type lookup
			_, isCtor = ctorOf(pass.TypesInfo, call)
		}
		if !isCtor {
			if ci, ok := fresh.ctorOf(call); ok {
				freshCalls[call] = ci
				isCtor = true
			}
		}
		if !isCtor {
			if !wr.any {
				continue
			}
			ci, ok := wr.wrapperCtor(call)
			if !ok {
				continue
			}
			wr.ctors[call] = ci
		}
		parents[call] = cur.Parent().Node()
		for fc := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
			f := fc.Node()
			if _, seen := found[f]; !seen {
				order = append(order, f)
			}
			found[f] = append(found[f], call)
			break
		}
	}

	flushes := paramFlushes(pass, order, found, parents)
	if streams.FactsOnly() {
		return nil, nil // the facts are out: asserts, handles, fresh, wr and flushes
	}
	fields := &fieldAsserts{pass: pass, insp: insp}
	nolint := &nolintLines{pass: pass}
	testPkg := testPackage(pass) // testcode.go

	for _, f := range order {
		var body *ast.BlockStmt
		var sig *types.Signature
		var g *cfg.CFG
		switch f := f.(type) {
		case *ast.FuncDecl:
			body = f.Body
			if obj, ok := pass.TypesInfo.Defs[f.Name].(*types.Func); ok {
				sig = obj.Type().(*types.Signature)
			}
			g = cfgs.FuncDecl(f)
		case *ast.FuncLit:
			body = f.Body
			sig, _ = pass.TypesInfo.TypeOf(f).(*types.Signature)
			g = cfgs.FuncLit(f)
		}
		if body == nil || sig == nil || g == nil {
			continue
		}
		c := &checker{pass: pass, model: pass.ResultOf[stream.Analyzer].(*stream.Result), body: body, sig: sig, g: g, parents: parents, flushes: flushes, asserts: asserts, handles: handles, fields: fields, nolint: nolint, wrapCtors: wr.ctors, freshCalls: freshCalls}
		c.testCode = testPkg || testFile(pass, f.Pos())
		c.check(found[f])
	}
	return nil, nil
}

// hasFinishesFacts reports whether a dependency has a finishing wrapper.
func hasFinishesFacts(pass *analysis.Pass) bool {
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*finishesFields); ok {
			return true
		}
	}
	return false
}

// paramFlushes finds the functions of the package that wrap an io.Writer
// parameter in a *bufio.Writer and flush it, and exports their facts
// (exported functions only: no other package can call the rest).
func paramFlushes(pass *analysis.Pass, order []ast.Node, found map[ast.Node][]*ast.CallExpr, parents map[*ast.CallExpr]ast.Node) map[*types.Func]*flushesParams {
	info := pass.TypesInfo
	var out map[*types.Func]*flushesParams
	for _, f := range order {
		decl, ok := f.(*ast.FuncDecl)
		if !ok || decl.Body == nil {
			continue
		}
		fn, ok := info.Defs[decl.Name].(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Type().(*types.Signature)
		for _, call := range found[f] {
			size, ok := bufioSize(info, call)
			if !ok || len(call.Args) == 0 {
				continue
			}
			id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
			if !ok {
				continue
			}
			idx := -1
			for i := 0; i < sig.Params().Len(); i++ {
				if p := sig.Params().At(i); p == info.Uses[id] && types.IsInterface(p.Type()) {
					idx = i
				}
			}
			if idx < 0 {
				continue
			}
			var lhs *ast.Ident
			switch p := parents[call].(type) {
			case *ast.AssignStmt:
				if len(p.Lhs) == 1 && len(p.Rhs) == 1 {
					lhs, _ = p.Lhs[0].(*ast.Ident)
				}
			case *ast.ValueSpec:
				if len(p.Names) == 1 && len(p.Values) == 1 {
					lhs = p.Names[0]
				}
			}
			if lhs == nil || !flushedIn(info, decl.Body, info.ObjectOf(lhs)) {
				continue
			}
			if out == nil {
				out = make(map[*types.Func]*flushesParams)
			}
			fact := out[fn]
			if fact == nil {
				fact = &flushesParams{Sizes: make(map[int]int)}
				out[fn] = fact
			}
			if old, seen := fact.Sizes[idx]; !seen || size > old {
				fact.Sizes[idx] = size
			}
		}
	}
	for fn, fact := range out {
		if fn.Exported() {
			pass.ExportObjectFact(fn, fact)
		}
	}
	return out
}

// bufioSize returns the buffer size of bufio.NewWriter(...) (4096) or
// bufio.NewWriterSize(w, n) with a constant n; false for anything else.
func bufioSize(info *types.Info, call *ast.CallExpr) (int, bool) {
	const defaultSize = 4096 // bufio's defaultBufSize
	fn := streams.Callee(info, call)
	switch {
	case streams.IsFunc(fn, "bufio", "NewWriter"):
		return defaultSize, true
	case streams.IsFunc(fn, "bufio", "NewWriterSize") && len(call.Args) == 2:
		tv := info.Types[call.Args[1]]
		if tv.Value == nil {
			return 0, false
		}
		n, ok := constant.Int64Val(constant.ToInt(tv.Value))
		if !ok || n > 1<<40 {
			return 0, false
		}
		if n <= 0 {
			return defaultSize, true
		}
		return int(n), true
	}
	return 0, false
}

// flushedIn reports whether body calls obj.Flush().
func flushedIn(info *types.Info, body ast.Node, obj types.Object) bool {
	if obj == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Flush" {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == obj {
				found = true
			}
		}
		return true
	})
	return found
}

// calleeFlushes reports whether call hands the *bufio.Writer v, its argument
// arg, to a parameter that the callee wraps in a bufio.Writer no larger
// than v's and flushes (flushesParams): the callee's wrapper is v itself.
// An unknown size of v is given the benefit of the doubt.
// US-flushfact.
func (c *checker) calleeFlushes(call *ast.CallExpr, arg ast.Node, v *value) bool {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return false // T.M(recv, args): the indexes shift
		}
	}
	fn = fn.Origin()
	fact := c.flushes[fn]
	if fact == nil {
		var imported flushesParams
		if fn.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(fn, &imported) {
			return false
		}
		fact = &imported
	}
	for k, a := range call.Args {
		if a != arg {
			continue
		}
		size, ok := fact.Sizes[k]
		if !ok {
			return false
		}
		own, known := bufioSize(c.pass.TypesInfo, v.ctor)
		return !known || own >= size
	}
	return false
}

// calleeAsserts reports whether call passes v, its argument k, to a
// parameter that the callee type-asserts to an interface with v's duty
// method (assertsParams).
// US-assertsparams.
func (c *checker) calleeAsserts(call *ast.CallExpr, k int, v *value) bool {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return false // T.M(recv, args): the indexes shift
		}
	}
	bits := paramfacts.Of[assertsParams](c.pass, c.asserts, fn)[k]
	need := mayClose
	if dutyMethod(v.info.kind) == "Flush" {
		need = mayFlush
	}
	return bits&need != 0
}

// ctorName reports whether call is pkg.Name(...) with a constructor's name.
func ctorName(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && stream.CtorNames()[sel.Sel.Name]
}

// ctorOf reports whether call constructs a tracked writer.
func ctorOf(info *types.Info, call *ast.CallExpr) (ctorInfo, bool) {
	fn := streams.Callee(info, call)
	sk, ctor, ok := stream.CtorOf(fn)
	if !ok {
		sk, ctor, ok = stream.DeclaredCtor(fn)
	}
	if !ok {
		return ctorInfo{}, false
	}
	k, ok := trackedKind(sk)
	if !ok {
		return ctorInfo{}, false
	}
	ci := ctorInfo{kind: k, typ: sk.Short, trailer: sk.Loses, sk: sk, dest: ctor.Dest}
	if fn.Pkg().Path() == "os" && fn.Name() == "OpenFile" {
		// Only files opened for writing, with a flag we can read.
		if len(call.Args) < 2 {
			return ctorInfo{}, false
		}
		tv, ok := info.Types[call.Args[1]]
		if !ok || tv.Value == nil {
			return ctorInfo{}, false
		}
		flags, ok := constant.Int64Val(constant.ToInt(tv.Value))
		if !ok {
			return ctorInfo{}, false
		}
		var wr int64
		for _, name := range []string{"O_WRONLY", "O_RDWR"} {
			if c, ok := fn.Pkg().Scope().Lookup(name).(*types.Const); ok {
				if v, ok := constant.Int64Val(constant.ToInt(c.Val())); ok {
					wr |= v
				}
			}
		}
		if wr == 0 || flags&wr == 0 {
			return ctorInfo{}, false // US-readonly
		}
		if syncFlag(info, call.Args[1], fn.Pkg(), flags) {
			// O_SYNC/O_DSYNC: every Write waits for the device and
			// reports its own error; Close has nothing left to lose.
			return ctorInfo{}, false
		}
	}
	return ci, true
}

// syncFlag reports whether the flag expression of os.OpenFile asks for
// synchronous writes: it names O_SYNC or O_DSYNC (of os, syscall or
// golang.org/x/sys/unix), or its value has every bit of os.O_SYNC.
// US-osync.
func syncFlag(info *types.Info, e ast.Expr, os *types.Package, flags int64) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found {
			return !found
		}
		if c, ok := info.Uses[id].(*types.Const); ok && c.Pkg() != nil && (c.Name() == "O_SYNC" || c.Name() == "O_DSYNC") {
			switch c.Pkg().Path() {
			case "os", "syscall", "golang.org/x/sys/unix":
				found = true
			}
		}
		return !found
	})
	if found {
		return true
	}
	if c, ok := os.Scope().Lookup("O_SYNC").(*types.Const); ok {
		if v, ok := constant.Int64Val(constant.ToInt(c.Val())); ok && v != 0 && flags&v == v {
			return true
		}
	}
	return false
}

// markScratch marks the files that a deferred os.Remove or os.RemoveAll
// deletes when the function returns: defer os.Remove(f.Name()), the name
// the file was created with (os.Create(name) ... defer os.Remove(name)), a
// local assigned f.Name() once, or the directory of os.CreateTemp(dir, ...)
// with os.RemoveAll(dir); directly or in a deferred func literal. Also a
// file unlinked while open: an unconditional os.Remove of its name as a
// statement of the function body itself (the spool idiom: staticcheck's
// writeCacheGob creates a temp file, removes it at once, writes, rewinds
// and reads it back through the same descriptor). From then on only the
// open descriptor reaches the content, so nobody can read what a failed
// Close would have lost. US-scratch.
func (c *checker) markScratch() {
	var files []*value
	for _, v := range c.values {
		if v.info.kind == kFile {
			files = append(files, v)
		}
	}
	if len(files) == 0 {
		return
	}
	info := c.pass.TypesInfo
	sameVar := func(a, b ast.Expr) bool {
		x, ok1 := ast.Unparen(a).(*ast.Ident)
		y, ok2 := ast.Unparen(b).(*ast.Ident)
		if !ok1 || !ok2 {
			return false
		}
		o := info.ObjectOf(x)
		return o != nil && o == info.ObjectOf(y)
	}
	var nameOf func(e ast.Expr, depth int) *types.Var // f in f.Name()
	nameOf = func(e ast.Expr, depth int) *types.Var {
		e = ast.Unparen(e)
		if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 0 {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Name" {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					v, _ := info.Uses[id].(*types.Var)
					return v
				}
			}
		}
		if id, ok := e.(*ast.Ident); ok && depth == 0 {
			if v := c.localVar(id); v != nil {
				if rhs := locals.Only(info, c.body, v); rhs != nil {
					return nameOf(rhs, 1)
				}
			}
		}
		return nil
	}
	// removal marks the files that call removes; with unlinked, only
	// those made before the call (a Remove before os.Create(name) clears
	// an old file).
	removal := func(call *ast.CallExpr, unlinked bool) {
		fn := streams.Callee(info, call)
		all := streams.IsFunc(fn, "os", "RemoveAll")
		if len(call.Args) != 1 || !(all || streams.IsFunc(fn, "os", "Remove")) {
			return
		}
		arg := call.Args[0]
		named := nameOf(arg, 0)
		for _, v := range files {
			if unlinked && v.ctor.End() > call.Pos() {
				continue
			}
			ctor := streams.Callee(info, v.ctor)
			switch {
			case named != nil && named == v.obj:
			case len(v.ctor.Args) > 0 && (ctor.Name() == "Create" || ctor.Name() == "OpenFile") && sameVar(arg, v.ctor.Args[0]):
			case all && len(v.ctor.Args) > 0 && (ctor.Name() == "CreateTemp" || ctor.Name() == "TempFile") && sameVar(arg, v.ctor.Args[0]):
			default:
				continue
			}
			v.scratch = true
		}
	}
	ast.Inspect(c.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // another function's defers
		}
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return true
		}
		if lit, ok := d.Call.Fun.(*ast.FuncLit); ok {
			// Only the closure's unconditional statements:
			// os.Remove(name), _ = os.Remove(name),
			// if err := os.Remove(name); err != nil {...}. A removal
			// under a condition (if errRet != nil) keeps the file.
			for _, st := range lit.Body.List {
				if call := unconditionalCall(st); call != nil {
					removal(call, false)
				}
			}
			return false
		}
		removal(d.Call, false)
		return false
	})
	for _, st := range c.body.List {
		if call := unconditionalCall(st); call != nil && !streams.IsFunc(streams.Callee(info, call), "os", "RemoveAll") {
			removal(call, true)
		}
	}
}

// unconditionalCall returns the call that the statement st makes whatever
// happens: f(x), _ = f(x), or the init of if err := f(x); ... ; else nil.
func unconditionalCall(st ast.Stmt) *ast.CallExpr {
	if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init != nil {
		st = ifs.Init
	}
	var e ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		e = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			e = st.Rhs[0]
		}
	}
	call, _ := ast.Unparen(e).(*ast.CallExpr)
	return call
}

// kernelPrefixes are the directories of kernel pseudo-files and devices:
// a write there is done (or refused) by the write call itself. /proc and
// /sys files are handled synchronously by the kernel; /dev holds character
// devices (a write returns when the driver took it), block devices (whose
// writeback errors close(2) does not report: only Sync does) and /dev/shm
// (tmpfs: memory, a full one fails the write itself). Close cannot report
// a lost write for any of them.
var kernelPrefixes = []string{"/proc/", "/sys/", "/dev/"}

// kernelPath reports whether the path expression e names a file under
// /proc, /sys or /dev: a constant, a concatenation, fmt.Sprintf or a
// filepath.Join/path.Join whose first part is such a constant, or a local
// variable assigned once from one of these.
// US-kernelfiles.
func (c *checker) kernelPath(e ast.Expr, depth int) bool {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return false
		}
		return kernelPrefix(constant.StringVal(tv.Value))
	}
	if depth > 3 {
		return false
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return e.Op == token.ADD && c.kernelPath(e.X, depth+1)
	case *ast.CallExpr:
		if len(e.Args) == 0 {
			return false
		}
		fn := streams.Callee(info, e)
		switch {
		case streams.IsFunc(fn, "fmt", "Sprintf"):
			return c.kernelPath(e.Args[0], depth+1)
		case streams.IsFunc(fn, "path/filepath", "Join"), streams.IsFunc(fn, "path", "Join"):
			tv, ok := info.Types[e.Args[0]]
			if ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				// filepath.Join("/proc", ...) and Join("/proc/self", ...)
				return kernelPrefix(constant.StringVal(tv.Value) + "/")
			}
			return c.kernelPath(e.Args[0], depth+1)
		}
	case *ast.Ident:
		v := c.localVar(e)
		if v == nil {
			return false
		}
		if rhs := locals.Only(c.pass.TypesInfo, c.body, v); rhs != nil {
			return c.kernelPath(rhs, depth+1)
		}
	}
	return false
}

func kernelPrefix(s string) bool {
	for _, p := range kernelPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// A value is a writer created in the function under analysis.
type value struct {
	obj     *types.Var
	ctor    *ast.CallExpr
	info    ctorInfo
	escaped bool
	// quietErr: the dropped-error rules do not apply, because the
	// writer writes into memory or into another tracked writer whose
	// sticky error surfaces at its own checked Flush/Close.
	quietErr bool
	buf      *types.Var // the local bytes.Buffer the writer writes into
	mem      bool       // the writer writes into a bytes.Buffer or strings.Builder
	// scratch: a file removed when the function returns (a deferred
	// os.Remove of its name): a Close that is only deferred runs after
	// every use of its content, on a file about to vanish.
	scratch bool
	// unobserved: nothing ever reads the content of buf (only its
	// length is measured), so an unfinished stream is lost to nobody.
	unobserved bool
	// readsSeen: every read of buf's content is an opRead event (buf
	// is local, used only as the constructor's destination and as the
	// receiver of Bytes, String, Len, WriteTo, size queries and writes,
	// outside closures and defers): a missing Flush/Close at a return
	// loses something only when buf was read after the last write on
	// the path (state.readSince).
	readsSeen bool
	// wrapper: a finishing wrapper (finishesFields), not a standard
	// writer: every method but Close and Flush writes.
	wrapper bool
	// bestEffort: a file whose open failure the function reports as
	// success: its dropped Close is not reported (lowstakes.go).
	bestEffort bool
}

// dest is the destination argument of v's constructor, or nil (os.Create,
// a method constructor like textproto's DotWriter).
func (v *value) dest() ast.Expr {
	if d := v.info.dest; d >= 0 && d < len(v.ctor.Args) {
		return v.ctor.Args[d]
	}
	return nil
}

type op int

const (
	opCreate op = iota
	opWrite
	opFinish    // Flush (bufio, csv), Close (encoder, file), Sync (file, checked only)
	opFlushOnly // Flush of an encoder: not a finish
	opErrCheck  // csv Error()
	opReset
	opRead   // bytes.Buffer read (v is nil, buf set)
	opErrDef // assignment to an error variable
	opFail   // a test reports failure (t.Error, t.Fatal, ...): the path fails
)

type event struct {
	pos      token.Pos
	op       op
	v        *value
	buf      *types.Var
	errIdx   int
	nonNil   bool  // opErrDef: the value assigned is certainly non-nil
	level    uint8 // for opFinish/opErrCheck: 1 unchecked, 2 checked
	deferred bool
	call     *ast.CallExpr
	stmt     ast.Stmt // the ExprStmt or DeferStmt of an unchecked call
	method   string
	// via: a Flush of a bufio.Writer done by the xml.Encoder or
	// csv.Writer built on it (sharedFlush); a dropped error there is
	// the csv.Writer's own finding, not reported on the bufio.Writer.
	via bool
}

type checker struct {
	decls    map[*types.Func]*ast.FuncDecl // the package's function declarations, once needed (writeonly.go)
	aliases  map[types.Object][]*value     // interface variables a writer was stored in
	asserted map[types.Object]bool         // variables type-asserted somewhere in the body
	holders  map[*types.Var][]*value       // locals a writer was stored in (itself, a field, an element)
	// built: values made over a tracked writer by a constructor
	// (enc := json.NewEncoder(bw)), whose uses are the writes.
	built []builtOn

	pass    *analysis.Pass
	model   *stream.Result
	parents map[*ast.CallExpr]ast.Node // the parent node of each constructor call
	flushes map[*types.Func]*flushesParams
	asserts map[*types.Func]map[int]uint8 // the package's assertsParams
	handles map[*types.Func]map[int]uint8 // the package's handlesParams
	fields  *fieldAsserts                 // the fields the package asserts to a finisher
	nolint  *nolintLines                  // the lines with a //nolint:errcheck
	// wrapCtors: the calls that make a finishing wrapper, with its info.
	wrapCtors map[*ast.CallExpr]ctorInfo
	// freshCalls: the calls of a fresh constructor (fresh.go), with its info.
	freshCalls map[*ast.CallExpr]ctorInfo
	body       *ast.BlockStmt
	sig        *types.Signature
	g          *cfg.CFG
	fn         *typestate.Func // the path engine over g, once needed
	values     []*value
	byObj      map[*types.Var]*value
	bufs       map[*types.Var]bool
	events     []event
	errVar     map[*types.Var]int // error variables tracked for nil-ness
	// sentinel: the error variables assigned only from an Err() method
	// and tested only against sentinels (errpath.SentinelOnly), once
	// needed.
	sentinel map[*types.Var]bool
	errRes   int // index of the error result, or -1
	// callOnly: the locals bound to a func literal, by whether every use
	// is a call (closures.go), once needed.
	callOnly map[types.Object]bool
	// testCode: the function is test code: a dropped Close error of a
	// written file is not reported unless -unflushed.tests is set, and
	// then says it is test code (testcode.go).
	testCode bool
}
