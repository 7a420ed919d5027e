// Package tcpolicyon is run with -unflushed.tests: the dropped Close error
// of a written file is reported in test code too.
package tcpolicyon

import (
	"io"
	"os"
)

func copyFixture(dst string, src io.Reader) error {
	d, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer d.Close() // want `d is written to, but every Close drops its error: .* \(low stakes: test code\)$`
	_, err = io.Copy(d, src)
	return err
}

func writeGolden(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close() // want `the error of f.Close\(\) is dropped: .* \(low stakes: test code\)$`
	return nil
}
