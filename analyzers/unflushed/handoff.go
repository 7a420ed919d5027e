package unflushed

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"strings"

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
