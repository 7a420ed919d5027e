// Package sink has writers flowvet cannot infer (their Close finishes no
// writer it knows): the test declares Writer as a stream with a Close duty.
package sink

import "io"

type Writer struct{ w io.Writer }

func New(w io.Writer) *Writer { return &Writer{w: w} }

func Open(name string) (*Writer, error) { return &Writer{}, nil }

func (s *Writer) Write(p []byte) (int, error) { return len(p), nil }
func (s *Writer) Close() error                { return nil }

// Other is not declared.
type Other struct{ w io.Writer }

func NewOther(w io.Writer) *Other { return &Other{w: w} }

func (o *Other) Write(p []byte) (int, error) { return len(p), nil }
func (o *Other) Close() error                { return nil }
