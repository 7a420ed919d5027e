package buffers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
)

// ---- reported ----

func readBeforeClose(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil // want `buf.Bytes\(\) reads the output before gzip.Writer zw is closed: the data read is truncated; call zw.Close\(\) \(and check its error\) before reading buf`
}

func readBeforeDeferredClose(data []byte) ([]byte, error) {
	buf := new(bytes.Buffer)
	zw := gzip.NewWriter(buf)
	defer zw.Close()
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil // want `buf.Bytes\(\) reads the output before gzip.Writer zw is closed: the deferred zw.Close\(\) runs only after this read`
}

func stringBeforeFlush(s string) string {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	bw.WriteString(s)
	return buf.String() // want `buf.String\(\) reads the output before bufio.Writer bw is flushed`
}

func csvLen(rows [][]string) int {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	for _, r := range rows {
		cw.Write(r)
	}
	return buf.Len() // want `buf.Len\(\) reads the output before csv.Writer cw is flushed`
}

// ---- silent ----

func readAfterClose(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func readAfterFlush(data []byte, send func([]byte)) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Flush(); err != nil { // a streaming sync point
		return err
	}
	send(buf.Bytes())
	buf.Reset()
	return zw.Close()
}

func readBeforeWriting() ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	n := buf.Len() // nothing written yet
	_ = n
	zw.Write([]byte("x"))
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The missing-Close rule holds for memory destinations: a gzip stream into
// the caller's bytes.Buffer is truncated.
func gzipIntoCallersBuffer(buf *bytes.Buffer, data []byte) error {
	zw := gzip.NewWriter(buf) // want `gzip.Writer zw is not closed before the return at line 90`
	_, err := zw.Write(data)
	return err
}

// The dropped-error rule does not: Close into memory cannot fail.
func gzipIntoCallersBufferClosed(buf *bytes.Buffer, data []byte) error {
	zw := gzip.NewWriter(buf)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	zw.Close()
	return nil
}
