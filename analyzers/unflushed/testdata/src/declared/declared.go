package declared

import (
	"io"

	"example.com/sink"
)

func unclosed(w io.Writer, data []byte) error {
	s := sink.New(w) // want `sink.Writer s is not closed before the return at line 12: the output lacks what its Close writes and is truncated; call s.Close\(\) and check its error`
	_, err := s.Write(data)
	return err
}

func opened(data []byte) error {
	s, err := sink.Open("x") // want `sink.Writer s is not closed before the return at line 21`
	if err != nil {
		return err
	}
	_, err = s.Write(data)
	return err
}

func closed(w io.Writer, data []byte) error {
	s := sink.New(w)
	if _, err := s.Write(data); err != nil {
		return err
	}
	return s.Close()
}

// Other is not declared: silent.
func other(w io.Writer, data []byte) error {
	o := sink.NewOther(w)
	_, err := o.Write(data)
	return err
}
