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

	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
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
// own narrow one (paramfacts' narrow policy): a store or a return is what
// json.NewEncoder(w) does with its writer, and counting it would hand on
// every encoder's writer.

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

func (f *assertsParams) Bits() map[int]uint8 { return f.Params }

func (f *assertsParams) SetBits(m map[int]uint8) { f.Params = m }

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

var finishers = &paramfacts.Policy{Methods: []string{"Close", "Flush"}, Param: writeParam} // bits mayClose, mayFlush

// fieldAsserts knows the struct fields that the package type-asserts to an
// interface with Close or Flush (x.out.(io.Closer), switch x.out.(type)
// with such a case): a writer stored in such a field is handed on, like
// one passed to a parameter with assertsParams. syft's sbomStreamWriter
// keeps a file in `out io.Writer` and its Close does
// `if c, ok := w.out.(io.Closer); ok { return c.Close() }`. Computed on the
// first question, with one filtered walk of the package.
type fieldAsserts struct {
	pass   *analysis.Pass
	insp   *inspector.Inspector
	fields map[*types.Var]uint8 // field (origin) -> mayClose|mayFlush
}

// finishes reports whether the package asserts field to an interface with
// v's duty method (Close, Flush).
// US-assertedfield.
func (fa *fieldAsserts) finishes(field *types.Var, v *value) bool {
	if field == nil || !field.IsField() || field.Pkg() != fa.pass.Pkg {
		return false
	}
	if fa.fields == nil {
		fa.fields = paramfacts.AssertedFields(fa.pass.TypesInfo, fa.insp, finishers)
	}
	want := mayClose
	if dutyMethod(v.info.kind) == "Flush" {
		want = mayFlush
	}
	return fa.fields[field.Origin()]&want != 0
}

// storeField returns the struct field that the use of a writer at child
// stores it into: the value of a keyed or positional element of a struct
// composite literal (parent p), or the right-hand side of an assignment to
// a field selector (x.out = w). nil otherwise.
func storeField(info *types.Info, p ast.Node, child ast.Node, lit ast.Node) *types.Var {
	switch p := p.(type) {
	case *ast.KeyValueExpr:
		if p.Value != child {
			return nil
		}
		if _, ok := lit.(*ast.CompositeLit); !ok {
			return nil
		}
		if key, ok := p.Key.(*ast.Ident); ok {
			f, _ := info.Uses[key].(*types.Var)
			return f
		}
	case *ast.CompositeLit:
		st, ok := underStruct(info.TypeOf(p))
		if !ok {
			return nil
		}
		for k, e := range p.Elts {
			if e == child && k < st.NumFields() {
				return st.Field(k)
			}
		}
	case *ast.AssignStmt:
		if len(p.Lhs) != len(p.Rhs) {
			return nil
		}
		for k, r := range p.Rhs {
			if r != child {
				continue
			}
			if sel, ok := ast.Unparen(p.Lhs[k]).(*ast.SelectorExpr); ok {
				if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
					return s.Obj().(*types.Var)
				}
			}
		}
	}
	return nil
}
