package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/paramfacts"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A pipe writer handed to a function through a parameter whose type is an
// interface without Close and CloseWithError (io.Writer, io.StringWriter,
// a package's own Writer interface ...) stays the goroutine's to close: the
// callee can write to it but cannot close it, unless it converts the value
// back to something that can. assertsParams records the functions that may
// do so; everything else is trusted.

// assertsParams is the fact of a function that may reach Close or
// CloseWithError of the value passed for some of its closeless interface
// parameters: it type-asserts the parameter (or a local copy) to a type
// with such a method, stores it in a struct field that the package asserts
// that way, returns it, stores it anywhere else, hands it to a function
// value or to a parameter of another type (any), or passes it to a function
// with this fact (paramfacts' broad policy).
type assertsParams struct {
	paramfacts.Indexes // indexes into the signature's parameters
}

func (*assertsParams) AFact() {}

func (f *assertsParams) String() string { return fmt.Sprintf("assertsParams%v", f.Params) }

var closers = &paramfacts.Policy{Methods: []string{"Close", "CloseWithError"}, Param: pipeInterface, Broad: true}

// pipeInterface reports whether t is an interface type that an
// *io.PipeWriter implements and that cannot close it: its only method is
// Write (io.Writer or a package's copy of it). Only parameters of such
// types get facts.
func pipeInterface(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.Empty() {
		return false
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if iface.Method(i).Name() != "Write" {
			return false
		}
	}
	return true
}

// writerArg reports whether id, argument of call, is passed through a
// closeless interface parameter (such as io.Writer) of a function that
// cannot close it: the callee is known, is not a method of an interface
// other than package io's (whose implementations are unknown), and
// has no assertsParams fact for that parameter.
// PS-ifaceparam.
func (c *checker) writerArg(call *ast.CallExpr, id *ast.Ident) bool {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	for i, a := range call.Args {
		if a == id {
			idx, escapes := closers.HandOff(fn, call, i)
			return !escapes && (idx < 0 || paramfacts.Of[assertsParams](c.pass, c.asserts, fn)[idx] == 0)
		}
	}
	return false
}
