// Package tcpolicy: the test-code policy (testcode.go). The same shapes
// outside test code are reported.
package tcpolicy

import (
	"io"
	"os"
)

// Outside tests the dropped Close error of a copied file is reported.
func copyFile(dst, src string) error {
	s, err := os.Open(src)
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer d.Close() // want `d is written to, but every Close drops its error`
	_, err = io.Copy(d, s)
	return err
}
