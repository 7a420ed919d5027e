package demo

import (
	"encoding/json"
	"io"
)

// Encode streams v as JSON to the returned reader.
//
// Bug (pipelineerr): when encoding fails, the goroutine closes the pipe with
// Close, so the reader sees a clean io.EOF after a truncated document and
// never learns that anything failed. Fix: pw.CloseWithError(err).
func Encode(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			pw.Close()
			return
		}
		pw.Close()
	}()
	return pr
}
