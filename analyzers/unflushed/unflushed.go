package unflushed

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
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
	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/fixsrc"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
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
	checkFieldWriters(pass, insp) // fieldwriters.go

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
			return ctorInfo{}, false
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
// with os.RemoveAll(dir); directly or in a deferred func literal.
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
	removal := func(call *ast.CallExpr) {
		fn := streams.Callee(info, call)
		all := streams.IsFunc(fn, "os", "RemoveAll")
		if len(call.Args) != 1 || !(all || streams.IsFunc(fn, "os", "Remove")) {
			return
		}
		arg := call.Args[0]
		named := nameOf(arg, 0)
		for _, v := range files {
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
				if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
					removal(call)
				}
			}
			return false
		}
		removal(d.Call)
		return false
	})
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
	aliases  map[types.Object][]*value // interface variables a writer was stored in
	asserted map[types.Object]bool     // variables type-asserted somewhere in the body
	holders  map[*types.Var][]*value   // locals a writer was stored in (itself, a field, an element)
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
	loc        map[ast.Node]pathflow.Point // the CFG nodes, once needed
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
				continue // nothing to lose
			}
		}
		if fn := streams.Callee(info, call); !ci.fresh && strings.TrimSuffix(c.pass.Pkg.Path(), "_test") == fn.Pkg().Path() {
			continue // the writer's own package tests it in partial states
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

// use classifies one use of a tracked value.
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
		case name == "Sync" && v.info.kind == kFile:
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
			return
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

// ---- path search ----

type state struct {
	written, flushed bool
	expl, def        uint8 // 0 nothing, 1 done with the error dropped, 2 done and checked
	explSync         bool  // expl is a checked Sync of a file: a later write undoes it
	readSince        bool  // the destination buffer was read after the last write
	explAt, defAt    token.Pos
	nonNil           uint64
}

type findings struct {
	missing   token.Pos // the return (or re-creation) reached unfinished
	missFlush bool      // an encoder only flushed
	dropped   map[token.Pos]bool
	deferRets map[*ast.ReturnStmt]bool // success returns reached with only a dropped deferred finish
	deferAt   token.Pos
	readAt    *event
	readDefer bool
	exitAt    token.Pos
	exitDefer bool          // every path to exitAt has a deferred finish
	exitCall  *ast.CallExpr // the call at exitAt
}

// search walks every path from the creation of v to the function's exits
// and records what is missing on them.
func (c *checker) search(v *value) {
	// The creation node: the assignment or ValueSpec of the constructor
	// call, which go/cfg lists as a node.
	if c.loc == nil {
		c.loc = pathflow.Locate(c.g)
	}
	start, ok := c.loc[c.parents[v.ctor]]
	if !ok {
		return // dead code
	}
	f := &findings{dropped: make(map[token.Pos]bool), deferRets: make(map[*ast.ReturnStmt]bool)}
	// The creation node itself: only the events after the constructor.
	var st state
	if !c.applyNode(v, start.Block.Nodes[start.Index], v.ctor.Pos(), &st, f) {
		c.report(v, f)
		return
	}
	start.Index++
	pathflow.Walk(start, st, pathflow.Walker[state]{
		Limit: 10000,
		Edge: func(from, to *cfg.Block, st state) (state, bool) {
			cond, whenTrue, ok := pathflow.Cond(from, to)
			if !ok {
				return st, true
			}
			if c.nilBranch(cond, whenTrue, v) {
				return st, false // the writer exists on this path: not nil
			}
			st.nonNil = c.refine(cond, whenTrue, st.nonNil)
			return st, true
		},
		Node: func(_ *cfg.Block, n ast.Node, st state) (state, bool) {
			ok := c.applyNode(v, n, token.NoPos, &st, f)
			return st, ok
		},
		Exit: func(b *cfg.Block, st state) {
			if len(b.Nodes) == 0 {
				return
			}
			last := b.Nodes[len(b.Nodes)-1]
			if ret, ok := last.(*ast.ReturnStmt); ok {
				c.atReturn(v, ret, st, f)
				return
			}
			// A call that ends the process without running deferred
			// calls (os.Exit, log.Fatal, a helper that always exits): a
			// buffered or encoding writer over something outside the
			// process loses its output (a file's data is already in the
			// kernel; a memory buffer dies with the process). os.Exit(0)
			// reports success, so any unfinished writer counts; another
			// exit counts when a deferred finish was meant to run there.
			if v.info.kind == kFile || v.mem || !st.written || st.expl != 0 || !c.model.ExitSkipsDefers(last) {
				return
			}
			if !isExitZero(c.pass.TypesInfo, last) && st.def == 0 {
				return
			}
			switch pos := last.Pos(); {
			case !f.exitAt.IsValid() || pos < f.exitAt:
				f.exitAt, f.exitDefer, f.exitCall = pos, st.def >= 1, last.(*ast.ExprStmt).X.(*ast.CallExpr)
			case pos == f.exitAt:
				f.exitDefer = f.exitDefer && st.def >= 1
			}
		},
	})
	c.report(v, f)
}

// applyNode applies the events inside node n (those after skipTo, when
// set) to st; false ends the path.
func (c *checker) applyNode(v *value, n ast.Node, skipTo token.Pos, st *state, f *findings) bool {
	lo := sort.Search(len(c.events), func(k int) bool { return c.events[k].pos >= n.Pos() })
	for k := lo; k < len(c.events) && c.events[k].pos < n.End(); k++ {
		ev := &c.events[k]
		if skipTo.IsValid() && ev.pos <= skipTo {
			continue
		}
		if !c.apply(v, ev, st, f) {
			return false
		}
	}
	return true
}

// setMissing records an unfinished exit at pos (a return, or the
// re-creation of the writer): the earliest in the source is reported, as
// "flushed but not closed" only when every path to it flushed.
func (f *findings) setMissing(pos token.Pos, flushed bool) {
	switch {
	case !f.missing.IsValid() || pos < f.missing:
		f.missing, f.missFlush = pos, flushed
	case pos == f.missing:
		f.missFlush = f.missFlush && flushed
	}
}

// earliest returns the earlier of two positions, ignoring NoPos: the
// findings name the first place in the source, whatever the order in which
// the paths were explored.
func earliest(p, q token.Pos) token.Pos {
	if !p.IsValid() || (q.IsValid() && q < p) {
		return q
	}
	return p
}

// refine updates the set of error variables known to be non-nil after the
// condition e evaluated to cond.
func (c *checker) refine(e ast.Expr, cond bool, nonNil uint64) uint64 {
	errpath.BranchNilTests(c.pass.TypesInfo, e, cond, func(x *types.Var, isNonNil bool) {
		idx, ok := c.errVar[x]
		switch {
		case !ok:
		case isNonNil:
			nonNil |= 1 << idx
		default:
			nonNil &^= 1 << idx
		}
	})
	if c.sentinel == nil {
		c.sentinel = errpath.SentinelOnly(c.pass.TypesInfo, c.body)
		if c.sentinel == nil {
			c.sentinel = map[*types.Var]bool{}
		}
	}
	errpath.BranchSentinelTests(c.pass.TypesInfo, e, cond, c.sentinel, func(x *types.Var) {
		if idx, ok := c.errVar[x]; ok {
			nonNil |= 1 << idx
		}
	})
	return nonNil
}

// nilBranch reports whether condition e evaluating to cond means that the
// tracked writer v is nil (an infeasible branch once v is created).
func (c *checker) nilBranch(e ast.Expr, cond bool, v *value) bool {
	x, nonNilIfTrue, ok := errpath.NilTest(c.pass.TypesInfo, e)
	return ok && x == v.obj && nonNilIfTrue != cond
}

// apply updates st by one event; false ends the path.
func (c *checker) apply(v *value, ev *event, st *state, f *findings) bool {
	switch ev.op {
	case opFail:
		return false
	case opErrDef:
		if ev.nonNil {
			st.nonNil |= 1 << ev.errIdx
		} else {
			st.nonNil &^= 1 << ev.errIdx
		}
		return true
	case opRead:
		if ev.buf == v.buf {
			st.readSince = true
		}
		if ev.buf == v.buf && st.written && st.expl == 0 && !st.flushed {
			switch {
			case f.readAt == nil || ev.pos < f.readAt.pos:
				f.readAt = ev
				f.readDefer = st.def > 0
			case f.readAt == ev:
				f.readDefer = f.readDefer && st.def > 0
			}
		}
		return true
	}
	if ev.v != v {
		return true
	}
	if ev.deferred {
		switch ev.op {
		case opFinish:
			if v.info.kind == kCSV && ev.level == 2 && ev.method == "Flush" {
				// A checked Flush of a csv.Writer is not a check.
				ev.level = 1
			}
			if v.info.kind == kCSV && ev.method == "Flush" {
				if st.def < 1 {
					st.def, st.defAt = 1, ev.pos
				}
				return true
			}
			if ev.level > st.def {
				st.def = ev.level
				if ev.level == 1 {
					st.defAt = ev.pos
				}
			}
		case opErrCheck:
			if st.def >= 1 && ev.level == 2 {
				st.def = 2
			}
		}
		return true
	}
	switch ev.op {
	case opCreate:
		// As at a return, a file never closed is not reported (its
		// data is in the kernel; the leak is another analyzer's
		// business): report has no message for it.
		if v.info.kind != kFile && st.written && st.expl == 0 && st.def == 0 {
			f.setMissing(v.ctor.Pos(), false)
		}
		return false
	case opWrite:
		st.written = true
		st.readSince = false
		if v.info.kind == kBufio || v.info.kind == kCSV || st.explSync {
			st.expl, st.explAt, st.explSync = 0, token.NoPos, false
		}
	case opReset:
		*st = state{nonNil: st.nonNil, def: st.def, defAt: st.defAt}
	case opFlushOnly:
		st.flushed = true
	case opFinish:
		lvl := ev.level
		if v.info.kind == kCSV && ev.method == "Flush" {
			// Flush reports nothing: only Error() checks.
			st.expl, st.explAt = 1, ev.pos
			return true
		}
		if lvl > st.expl || (lvl == st.expl && st.explSync) {
			st.expl = lvl
			st.explAt = ev.pos
			st.explSync = v.info.kind == kFile && ev.method == "Sync"
		}
	case opErrCheck:
		// cw.Error() as a statement drops what it reports.
		if st.expl >= 1 && ev.level == 2 {
			st.expl = 2
		}
	}
	return true
}

// atReturn checks the state at a return statement.
func (c *checker) atReturn(v *value, ret *ast.ReturnStmt, st state, f *findings) {
	if !st.written || !c.success(ret, st) {
		return
	}
	final := max(st.expl, st.def)
	switch final {
	case 0:
		if v.readsSeen && !st.readSince {
			// Nobody reads what is lost: the buffer is not read
			// after the last write (a test asserting Buffered()).
			return
		}
		if v.info.kind != kFile {
			f.setMissing(ret.Pos(), st.flushed)
		}
	case 1:
		if c.errRes < 0 || v.quietErr || v.bestEffort || (v.info.kind == kFile && c.testCode && !closeInTests) {
			return
		}
		if st.expl == 1 {
			f.dropped[st.explAt] = true
		} else if !v.scratch {
			f.deferRets[ret] = true
			f.deferAt = earliest(f.deferAt, st.defAt)
		}
	}
}

// success reports whether ret may report success to the caller
// (errpath.Success), given what the path knows about local error
// variables. unflushed adds one rule of its own: a path on which some
// error is known to be non-nil is handling that failure (returning it,
// logging it, deliberately swallowing it), even when the return does not
// hand the error on; a writer left unfinished there is not the bug.
func (c *checker) success(ret *ast.ReturnStmt, st state) bool {
	if st.nonNil != 0 {
		return false
	}
	return errpath.Reports(c.pass.TypesInfo, c.sig, ret, c.facts(st)) == errpath.Success
}

// facts is what st knows about the error variables: every local error
// variable (and the named error result) is followed through its
// assignments and the nil tests on the path.
func (c *checker) facts(st state) errpath.Facts {
	return func(v *types.Var) errpath.Fact {
		idx, ok := c.errVar[v]
		switch {
		case !ok:
			return errpath.Unseen
		case st.nonNil&(1<<idx) != 0:
			return errpath.NonNil
		}
		return errpath.MaybeNil
	}
}

// exitName names the exiting call for a message: "os.Exit", "log.Fatalf",
// "logger.Fatal", or "fail (which always ends the process)".
func (c *checker) exitName(call *ast.CallExpr) string {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn != nil && fn.Pkg() != nil && fn.Signature().Recv() == nil && (fn.Pkg().Path() == "os" || fn.Pkg().Path() == "log" || fn.Pkg().Path() == "syscall") {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	if fn != nil && streams.IsMethod(fn, "log", "Logger", fn.Name()) {
		return c.src(call.Fun)
	}
	return c.src(call.Fun) + " (which always ends the process)"
}

func isExitZero(info *types.Info, n ast.Node) bool {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || !streams.IsFunc(streams.Callee(info, call), "os", "Exit") || len(call.Args) != 1 {
		return false
	}
	tv := info.Types[call.Args[0]]
	return tv.Value != nil && constant.Sign(tv.Value) == 0
}

// ---- reports ----

func (c *checker) report(v *value, f *findings) {
	name := v.obj.Name()
	typ := v.info.typ
	line := func(p token.Pos) int { return c.pass.Fset.Position(p).Line }
	if f.readAt != nil {
		ev := f.readAt
		bufName := v.buf.Name()
		what := "finished"
		step := name + ".Close()"
		switch v.info.kind {
		case kBufio:
			what, step = "flushed", name+".Flush()"
		case kCSV:
			what, step = "flushed", name+".Flush()"
		case kEncoder:
			what = "closed"
		}
		msg := fmt.Sprintf("%s.%s() reads the output before %s %s is %s: ", bufName, ev.method, typ, name, what)
		if f.readDefer {
			msg += fmt.Sprintf("the deferred %s runs only after this read, so the data read is truncated; call %s (and check its error) before reading %s", step, step, bufName)
		} else {
			msg += fmt.Sprintf("the data read is truncated; call %s (and check its error) before reading %s", step, bufName)
		}
		c.pass.Report(analysis.Diagnostic{Pos: ev.call.Pos(), End: ev.call.End(), Category: ruleReadEarly, Message: msg})
		return
	}
	if f.missing != token.NoPos && !v.unobserved {
		where := fmt.Sprintf("before the return at line %d", line(f.missing))
		if f.missing == v.ctor.Pos() {
			where = "before it is created again"
		}
		var msg string
		switch v.info.kind {
		case kBufio:
			msg = fmt.Sprintf("%s %s is not flushed %s: the buffered tail of the output is lost; call %s.Flush() and check its error", typ, name, where, name)
		case kCSV:
			msg = fmt.Sprintf("%s %s is not flushed %s: buffered rows are lost; call %s.Flush() and then check %s.Error()", typ, name, where, name, name)
		case kEncoder:
			if f.missFlush {
				msg = fmt.Sprintf("%s %s is flushed but not closed %s: Flush does not write %s, so the output is truncated; call %s.Close() and check its error", typ, name, where, v.info.trailer, name)
			} else {
				msg = fmt.Sprintf("%s %s is not closed %s: the output lacks %s and is truncated; call %s.Close() and check its error", typ, name, where, v.info.trailer, name)
			}
		}
		c.pass.Report(analysis.Diagnostic{Pos: v.ctor.Pos(), End: v.ctor.End(), Category: ruleUnfinished, Message: msg})
		return
	}
	for _, ev := range c.events {
		if ev.v != v || !f.dropped[ev.pos] {
			continue
		}
		c.reportDropped(v, &ev)
	}
	if len(f.deferRets) > 0 {
		var ev *event
		for k := range c.events {
			if c.events[k].v == v && c.events[k].pos == f.deferAt {
				ev = &c.events[k]
			}
		}
		if ev != nil {
			c.reportDeferred(v, ev, f)
		}
	}
	if f.exitAt != token.NoPos {
		step := name + "." + dutyMethod(v.info.kind) + "()"
		var msg string
		switch {
		case f.exitDefer:
			msg = fmt.Sprintf("%s does not run deferred calls: the deferred %s never runs and %s's output is lost; call %s before exiting", c.exitName(f.exitCall), step, name, step)
		case v.info.kind == kEncoder:
			msg = fmt.Sprintf("os.Exit(0) ends the program before %s %s is closed: the output lacks %s; call %s and check its error before exiting", typ, name, v.info.trailer, step)
		default:
			msg = fmt.Sprintf("os.Exit(0) ends the program before %s %s is flushed: the buffered output is lost; call %s before exiting", typ, name, step)
		}
		c.pass.Report(analysis.Diagnostic{Pos: f.exitAt, Category: ruleExit, Message: msg})
	}
}

func (c *checker) reportDropped(v *value, ev *event) {
	name := v.obj.Name()
	kind := v.info.kind
	if ev.via {
		// cw.Flush() or cw.WriteAll(rows) of a csv.Writer over v, which
		// flushes v (sharedFlush) and reports through cw.Error().
		kind, name = kCSV, c.src(streams.Receiver(ev.call))
	}
	var msg string
	switch kind {
	case kCSV:
		if ev.via && ev.call != nil && ev.method == "WriteAll" {
			msg = fmt.Sprintf("the error of %s.WriteAll() is dropped: check it (or %s.Error() after it), or a failed write of the rows goes unnoticed", name, name)
			break
		}
		msg = fmt.Sprintf("%s.Flush() reports no error: check %s.Error() after it, or a failed write of the buffered rows goes unnoticed", name, name)
	case kFile:
		msg = fmt.Sprintf("the error of %s.%s() is dropped: a write to a file can fail only at Close (NFS, full disk, quota); check it%s", name, ev.method, c.stakesNote(v))
	case kBufio:
		msg = fmt.Sprintf("the error of %s.Flush() is dropped: a failed write of the buffered data goes unreported; check it", name)
	default:
		msg = fmt.Sprintf("the error of %s.%s() is dropped: Close writes %s and a failure there means truncated output; check it", name, ev.method, v.info.trailer)
	}
	d := analysis.Diagnostic{Pos: ev.call.Pos(), End: ev.call.End(), Category: ruleDropped, Message: msg}
	if es, ok := ev.stmt.(*ast.ExprStmt); ok {
		if ret, ok := c.returnErr(es.Pos()); ok {
			indent := c.indent(es.Pos())
			var text string
			if kind == kCSV {
				text = fmt.Sprintf("\n%sif err := %s.Error(); err != nil {\n%s\t%s\n%s}", indent, name, indent, ret, indent)
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Check %s.Error() after %s.%s()", name, name, ev.method),
					TextEdits: []analysis.TextEdit{{Pos: es.End(), End: es.End(), NewText: []byte(text)}},
				}}
			} else {
				text = fmt.Sprintf("if err := %s; err != nil {\n%s\t%s\n%s}", c.src(ev.call), indent, ret, indent)
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Check the error of %s", c.src(ev.call)),
					TextEdits: []analysis.TextEdit{{Pos: es.Pos(), End: es.End(), NewText: []byte(text)}},
				}}
			}
		}
	}
	c.pass.Report(d)
}

func (c *checker) reportDeferred(v *value, ev *event, f *findings) {
	name := v.obj.Name()
	var msg string
	step := name + "." + ev.method + "()"
	switch v.info.kind {
	case kFile:
		msg = fmt.Sprintf("%s is written to, but every Close drops its error: a write to a file can fail only at Close (NFS, full disk, quota); close it and check the error before the successful return (the deferred Close then only covers the error paths)%s", name, c.stakesNote(v))
	case kCSV:
		msg = fmt.Sprintf("the deferred %s reports no error: flush and check %s.Error() before the successful return", step, name)
	default:
		msg = fmt.Sprintf("the deferred %s drops its error: call %s and check its error before the successful return (the deferred call then only covers the error paths)", step, step)
	}
	d := analysis.Diagnostic{Pos: ev.call.Pos(), End: ev.call.End(), Category: ruleDeferred, Message: msg}
	// Fix: a checked call before each successful return that returns a
	// literal nil error.
	var edits []analysis.TextEdit
	rets := make([]*ast.ReturnStmt, 0, len(f.deferRets))
	for r := range f.deferRets {
		rets = append(rets, r)
	}
	sort.Slice(rets, func(i, j int) bool { return rets[i].Pos() < rets[j].Pos() })
	ok := true
	for _, r := range rets {
		if len(r.Results) != c.sig.Results().Len() || !streams.IsNil(c.pass.TypesInfo, ast.Unparen(r.Results[c.errRes])) {
			ok = false
			break
		}
		retText, good := c.returnErr(r.Pos())
		if !good {
			ok = false
			break
		}
		indent := c.indent(r.Pos())
		var text string
		if v.info.kind == kCSV {
			text = fmt.Sprintf("%s.Flush()\n%sif err := %s.Error(); err != nil {\n%s\t%s\n%s}\n%s", name, indent, name, indent, retText, indent, indent)
		} else {
			text = fmt.Sprintf("if err := %s.%s(); err != nil {\n%s\t%s\n%s}\n%s", name, ev.method, indent, retText, indent, indent)
		}
		edits = append(edits, analysis.TextEdit{Pos: r.Pos(), End: r.Pos(), NewText: []byte(text)})
	}
	if ok && len(edits) > 0 {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Check the error of %s before the successful return", step),
			TextEdits: edits,
		}}
	}
	c.pass.Report(d)
}

// returnErr returns "return <zero values>, err" for the function, or false
// when a zero value cannot be written.
func (c *checker) returnErr(at token.Pos) (string, bool) {
	if c.errRes < 0 {
		return "", false
	}
	file := c.fileOf(at)
	if file == nil {
		return "", false
	}
	qual := func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		for _, imp := range file.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if path != p.Path() {
				continue
			}
			if imp.Name != nil {
				return imp.Name.Name
			}
			return p.Name()
		}
		return "\x00"
	}
	var parts []string
	res := c.sig.Results()
	for i := 0; i < res.Len(); i++ {
		if i == c.errRes {
			parts = append(parts, "err")
			continue
		}
		z, ok := fixsrc.ZeroValue(res.At(i).Type(), qual)
		if !ok {
			return "", false
		}
		parts = append(parts, z)
	}
	return "return " + strings.Join(parts, ", "), true
}

func (c *checker) fileOf(p token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= p && p <= f.FileEnd {
			return f
		}
	}
	return nil
}

func (c *checker) indent(p token.Pos) string {
	col := c.pass.Fset.Position(p).Column
	if col < 1 {
		col = 1
	}
	return strings.Repeat("\t", col-1)
}

func (c *checker) src(n ast.Node) string {
	var b strings.Builder
	if err := format.Node(&b, c.pass.Fset, n); err != nil {
		return ""
	}
	return b.String()
}

// parenParent returns the index in stack (the path from the root to id,
// id last) of id's first ancestor that is not a ParenExpr, -1 if none, and
// the node below it (id or its outermost parentheses).
func parenParent(stack []ast.Node, id ast.Node) (int, ast.Node) {
	i, child := len(stack)-2, id
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
		i--
	}
	return i, child
}
