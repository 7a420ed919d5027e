// Package wac: writeafterclose findings and correct close orders.
package wac

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"io"
	"os"
)

// LateLine writes to a file it has already closed.
func LateLine(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("header\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = f.WriteString("footer\n")
	return err
}

// WrongOrder closes the gzip writer before the tar writer on top of it.
func WrongOrder(out io.Writer, data []byte) error {
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "a", Mode: 0o644, Size: int64(len(data))}); err != nil {
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

// Good: silent.

// RightOrder finishes the outer writer first.
func RightOrder(out io.Writer, data []byte) error {
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "a", Mode: 0o644, Size: int64(len(data))}); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// Reopen: reassignment starts a new file.
func Reopen(a, b string) error {
	f, err := os.Create(a)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	f, err = os.Create(b)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("x"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Buffered flushes, then closes.
func Buffered(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for _, l := range lines {
		if _, err := bw.WriteString(l); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
