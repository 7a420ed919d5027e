package demo

import (
	"archive/tar"
	"compress/gzip"
	"io"
)

// Archive writes one file as a .tar.gz stream to out.
//
// Bug (writeafterclose): the gzip writer is closed before the tar writer.
// tw.Close writes the tar trailer (two zero blocks) into gz after gz.Close
// has written the gzip footer, so the archive is truncated and tar reports
// "unexpected EOF". Fix: close the outer writer first: tw, then gz.
func Archive(out io.Writer, name string, data []byte) error {
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(data))}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return tw.Close()
}
