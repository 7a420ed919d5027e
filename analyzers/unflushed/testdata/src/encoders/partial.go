package encoders

import (
	"bytes"
	"compress/zlib"
)

// The shape of pdfcpu's flatePartialFlushTestData outside a test: the
// caller gets a stream without its end. Reported.
func partialStream(data []byte) (*bytes.Buffer, error) {
	var b bytes.Buffer
	w := zlib.NewWriter(&b) // want `zlib.Writer w is flushed but not closed before the return at line 19`
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return &b, nil
}
