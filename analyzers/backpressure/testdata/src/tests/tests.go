// Package tests checks which functions of _test.go files are analyzed.
package tests

import "github.com/flowvet/flowvet/flowrt"

func produce(w *flowrt.Writer[int]) {
	w.Write(1) // want `result of w.Write ignored`
}
