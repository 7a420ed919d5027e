// Package testutil: a path element starting with "test" marks a package
// only tests import.
package testutil

import (
	"bufio"
	"io"
	"os"
)

func CopyFile(dst string, src io.Reader) error {
	d, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = io.Copy(d, src)
	return err
}

func WriteLines(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w) // want `bufio.Writer bw is not flushed before the return at line 28`
	for _, l := range lines {
		if _, err := bw.WriteString(l); err != nil {
			return err
		}
	}
	return nil
}
