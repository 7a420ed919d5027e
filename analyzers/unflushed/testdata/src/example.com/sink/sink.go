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

// The declaring package's own code makes writers of the declared kind too.

func ownUnclosed(w io.Writer, data []byte) error {
	s := New(w) // want `sink.Writer s is not closed before the return at line 29: the output lacks what its Close writes and is truncated; call s.Close\(\) and check its error`
	_, err := s.Write(data)
	return err
}

func ownClosed(w io.Writer, data []byte) error {
	s := New(w)
	if _, err := s.Write(data); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// Handed to the caller, who closes it.
func ownHandedOn(w io.Writer, header []byte) (*Writer, error) { // want ownHandedOn:"returnsFresh.example.com/sink.Writer."
	s := New(w)
	if _, err := s.Write(header); err != nil {
		return nil, err
	}
	return s, nil
}
