package buffers

import (
	"bytes"
	"compress/flate"
	"os"
)

// The stream's length is measured after Flush, then the buffer is written
// to a file: its content is read, so the missing Close is reported.
func measuredThenSaved(payload []byte, name string) error {
	var cb bytes.Buffer
	cw, _ := flate.NewWriter(&cb, flate.BestSpeed) // want `flate.Writer cw is flushed but not closed before the return`
	if _, err := cw.Write(payload); err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	if cb.Len() == 0 {
		return nil
	}
	return os.WriteFile(name, cb.Bytes(), 0o644)
}
