package buffers

import (
	"bytes"
	"io"
	"mime/multipart"
)

// go-proxmox's Client.Upload: the form's head is measured before the
// multipart Close writes the closing boundary, and that length only splits
// the content read after the Close, to splice the file body in between.
// Silent.
func uploadBody(fields map[string]string, body io.Reader) io.Reader {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			return nil
		}
	}
	if _, err := w.CreateFormFile("filename", "upload.iso"); err != nil {
		return nil
	}
	header := b.Len()
	if err := w.Close(); err != nil {
		return nil
	}
	return io.MultiReader(bytes.NewReader(b.Bytes()[:header]), body, bytes.NewReader(b.Bytes()[header:]))
}

// Twin: the length measured before the Close is the size announced for
// the whole body: reported.
func uploadSize(fields map[string]string) (int, []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			return 0, nil
		}
	}
	size := b.Len() // want `b.Len\(\) reads the output before multipart.Writer w is closed`
	if err := w.Close(); err != nil {
		return 0, nil
	}
	return size, b.Bytes()[:size]
}
