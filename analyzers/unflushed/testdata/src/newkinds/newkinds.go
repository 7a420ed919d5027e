package newkinds

import (
	"encoding/base64"
	"fmt"
	"io"
	"mime/multipart"
	"os"
	"text/tabwriter"

	"github.com/klauspost/compress/zstd"
)

func multipartBody(w io.Writer, data []byte) error {
	mw := multipart.NewWriter(w) // want `multipart.Writer mw is not closed before the return at line 19: the output lacks the closing boundary \(the body ends mid-part\) and is truncated; call mw.Close\(\) and check its error`
	if err := mw.WriteField("name", "value"); err != nil {
		return err
	}
	return nil
}

func multipartClosed(w io.Writer) error {
	mw := multipart.NewWriter(w)
	part, err := mw.CreateFormFile("f", "f.txt")
	if err != nil {
		return err
	}
	if _, err := part.Write([]byte("x")); err != nil {
		return err
	}
	return mw.Close()
}

func table(rows [][2]string) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', 0) // want `tabwriter.Writer tw is not flushed before the return at line 39: the buffered tail of the output is lost; call tw.Flush\(\) and check its error`
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
}

// No error result: the deferred Flush's error has nowhere to go.
func tableFlushed(rows [][2]string) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', 0)
	defer tw.Flush()
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
}

func encode(w io.Writer, data []byte) error {
	enc := base64.NewEncoder(base64.StdEncoding, w) // want `base64 encoder enc is not closed before the return at line 53: the output lacks the last partial group of up to 2 bytes and its padding and is truncated; call enc.Close\(\) and check its error`
	_, err := enc.Write(data)
	return err
}

func encodeClosed(w io.Writer, data []byte) error {
	enc := base64.NewEncoder(base64.StdEncoding, w)
	if _, err := enc.Write(data); err != nil {
		return err
	}
	return enc.Close()
}

// The encoder's destination is its second argument: into memory, an
// unfinished encoder loses nothing anyone reads.
func encodeDiscard(data []byte) {
	enc := base64.NewEncoder(base64.StdEncoding, io.Discard)
	enc.Write(data)
}

func compress(w io.Writer, r io.Reader) error {
	enc, err := zstd.NewWriter(w) // want `zstd.Encoder enc is not closed before the return at line 77: the output lacks the last block and the end of the zstd frame and is truncated; call enc.Close\(\) and check its error`
	if err != nil {
		return err
	}
	_, err = enc.ReadFrom(r)
	return err
}

func compressClosed(w io.Writer, r io.Reader) error {
	enc, err := zstd.NewWriter(w)
	if err != nil {
		return err
	}
	if _, err := enc.ReadFrom(r); err != nil {
		enc.Close()
		return err
	}
	return enc.Close()
}

// EncodeAll needs no Close.
func compressAll(src []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		return nil, err
	}
	return enc.EncodeAll(src, nil), nil
}
