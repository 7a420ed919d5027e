// Package pwsink has a writer whose reader learns of a failure only
// through CloseWithError, like an io.PipeWriter: the test declares Writer
// with the CloseWithError duty.
package pwsink

import "io"

type Writer struct{ w io.Writer }

func New(w io.Writer) *Writer { return &Writer{w: w} }

func (s *Writer) Write(p []byte) (int, error)    { return s.w.Write(p) }
func (s *Writer) Close() error                   { return nil }
func (s *Writer) CloseWithError(err error) error { return nil }

// Other is not declared.
type Other struct{ w io.Writer }

func (o *Other) Write(p []byte) (int, error)    { return o.w.Write(p) }
func (o *Other) Close() error                   { return nil }
func (o *Other) CloseWithError(err error) error { return nil }

// The declaring package's own code is checked too.
func fill(s *Writer, src io.Reader) {
	if _, err := io.Copy(s, src); err != nil {
		s.Close() // want `s.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use s.CloseWithError\(err\)`
		return
	}
	s.Close()
}
