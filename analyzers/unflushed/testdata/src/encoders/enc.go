package encoders

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/lzw"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
)

// ---- reported ----

func gzipNoClose(w io.Writer, r io.Reader) error {
	zw := gzip.NewWriter(w) // want `gzip.Writer zw is not closed before the return at line 22: the output lacks the final block and the gzip footer \(CRC-32 and size\) and is truncated; call zw.Close\(\) and check its error`
	_, err := io.Copy(zw, r)
	return err
}

func gzipFlushOnly(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w) // want `gzip.Writer zw is flushed but not closed before the return at line 33: Flush does not write the final block`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Flush(); err != nil {
		return err
	}
	return nil
}

func zlibLevel(w io.Writer, data []byte) error {
	zw, err := zlib.NewWriterLevel(w, zlib.BestSpeed) // want `zlib.Writer zw is not closed`
	if err != nil {
		return err
	}
	zw.Write(data)
	return nil
}

func flateNoClose(w io.Writer, data []byte) {
	fw, _ := flate.NewWriter(w, flate.DefaultCompression) // want `flate.Writer fw is not closed`
	fw.Write(data)
}

func lzwNoClose(w io.Writer, data []byte) { // want lzwNoClose:"assertsParams.0:Flush."
	lw := lzw.NewWriter(w, lzw.LSB, 8) // want `lzw writer lw is not closed`
	lw.Write(data)
}

func zipNoClose(w io.Writer, files map[string][]byte) error {
	zw := zip.NewWriter(w) // want `zip.Writer zw is not closed before the return at line 66: the output lacks the central directory`
	for name, data := range files {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			return err
		}
	}
	return nil
}

func tarFlushOnly(w io.Writer, hdr *tar.Header, data []byte) error {
	tw := tar.NewWriter(w) // want `tar.Writer tw is flushed but not closed`
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	return tw.Flush()
}

func closeDropped(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	zw.Close() // want `the error of zw.Close\(\) is dropped: Close writes the final block and the gzip footer`
	return nil
}

func deferCloseDropped(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	defer zw.Close() // want `the deferred zw.Close\(\) drops its error: call zw.Close\(\) and check its error before the successful return`
	_, err := zw.Write(data)
	return err
}

func returnsUnknownCall(w io.Writer, v []byte) error {
	zw := gzip.NewWriter(w) // want `zw is not closed`
	return writeAll(zw, v)
}

func writeAll(w io.Writer, b []byte) error { _, err := w.Write(b); return err }

// ---- silent ----

func closed(w io.Writer, r io.Reader) error {
	zw := gzip.NewWriter(w)
	if _, err := io.Copy(zw, r); err != nil {
		zw.Close()
		return err
	}
	return zw.Close()
}

func closedNamed(w io.Writer, r io.Reader) (err error) {
	zw := gzip.NewWriter(w)
	defer func() {
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = io.Copy(zw, r)
	return
}

func deferPlusChecked(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	defer zw.Close()
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

func discarded(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	zw.Write(data)
	_ = zw.Close()
	return nil
}

func handedOnAsCloser(w io.Writer) io.WriteCloser {
	zw := gzip.NewWriter(w)
	zw.Write([]byte("hdr"))
	return zw
}

func passedAsWriteCloser(w io.Writer) error {
	zw := gzip.NewWriter(w)
	return finish(zw)
}

func finish(wc io.WriteCloser) error {
	wc.Write([]byte("x"))
	return wc.Close()
}

func errorPath(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(data); err != nil {
		return fmt.Errorf("compress: %w", err)
	}
	if len(data) > 10 {
		return errors.New("too long") // an error path
	}
	return zw.Close()
}

var errSentinel = errors.New("x")

func sentinelPath(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	zw.Write(data)
	if len(data) == 0 {
		return errSentinel
	}
	return zw.Close()
}

func errAssignedThenTested(w io.Writer, r io.Reader) error {
	zw := gzip.NewWriter(w)
	_, err := io.Copy(zw, r)
	if err == nil {
		err = zw.Close()
	}
	return err
}

func tarOverGzip(w io.Writer, hdr *tar.Header, data []byte) error {
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	tw.Close() // its error resurfaces in zw.Close, which is checked
	return zw.Close()
}

func intoBufferDropped(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close() // writes into memory: no error to lose
	return buf.Bytes()
}

func mainLike(data []byte) {
	zw := gzip.NewWriter(os.Stdout)
	defer zw.Close()
	zw.Write(data)
}

func resetReuse(w1, w2 io.Writer, data []byte) error {
	zw := gzip.NewWriter(w1)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return err
	}
	zw.Reset(w2)
	zw.Write(data)
	return zw.Close()
}

func inGoroutine(w io.Writer, data []byte) {
	zw := gzip.NewWriter(w)
	go func() {
		zw.Write(data)
		zw.Close()
	}()
}

type holder struct{ zw *gzip.Writer }

func storedInField(h *holder, w io.Writer) {
	zw := gzip.NewWriter(w)
	zw.Write([]byte("x"))
	h.zw = zw
}
