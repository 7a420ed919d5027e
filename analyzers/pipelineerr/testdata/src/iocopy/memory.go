package iocopy

import (
	"bytes"
	"io"
	"os"
)

// golang.org/x/tools internal/gcimporter/iexport.go:952: a type embedding
// bytes.Buffer writes and reads memory. Silent.
type intWriter struct {
	bytes.Buffer
}

type exporter struct{ data0 intWriter }

type exportWriter struct {
	p    *exporter
	data intWriter
}

func (w *exportWriter) flush() uint64 {
	off := uint64(w.p.data0.Len())
	io.Copy(&w.p.data0, &w.data)
	return off
}

// A type that embeds a Buffer but writes elsewhere is not memory.
type teeBuffer struct {
	bytes.Buffer
	f *os.File
}

func (t *teeBuffer) Write(p []byte) (int, error) { return t.f.Write(p) }

func copyToTee(t *teeBuffer, src *bytes.Reader) error {
	io.Copy(t, src) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves t truncated`
	return nil
}

// iexport.go:411-416 (iexportCommon, behind the public gcexportdata.Write):
// memory copied into the caller's io.Writer in a function that returns an
// error: a failed write of out is lost and the export data is truncated.
// Reported.
func iexportCommon(out io.Writer, hdr, strs *intWriter) (err error) {
	io.Copy(out, hdr)  // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves out truncated`
	io.Copy(out, strs) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves out truncated`
	return nil
}

// golang.org/x/tools cmd/godex/print.go:24: memory copied into a writer by
// a function without an error result is one Write, like fmt.Fprint. Silent.
type printer struct{ buf bytes.Buffer }

func print(w io.Writer, p *printer) {
	io.Copy(w, &p.buf)
}

// From a fallible source the same function is reported: the read error is
// lost and the output is short.
func printFile(w io.Writer, f *os.File) {
	io.Copy(w, f) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves w truncated`
}
