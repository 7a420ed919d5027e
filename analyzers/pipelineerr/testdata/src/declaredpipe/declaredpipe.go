package declaredpipe

import (
	"io"

	"example.com/pwsink"
)

func produce(s *pwsink.Writer, src io.Reader) {
	if _, err := io.Copy(s, src); err != nil {
		s.Close() // want `s.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use s.CloseWithError\(err\)`
		return
	}
	s.Close()
}

// ---- silent ----

func withError(s *pwsink.Writer, src io.Reader) {
	if _, err := io.Copy(s, src); err != nil {
		s.CloseWithError(err)
		return
	}
	s.Close()
}

// Other is not declared.
func other(o *pwsink.Other, src io.Reader) {
	if _, err := io.Copy(o, src); err != nil {
		o.Close()
		return
	}
	o.Close()
}
