// Package shared_tests: a part of a path element between _ or - that
// starts with "test" marks a package only tests import (go-pdfium's
// shared ginkgo suite, hunt8).
package shared_tests

import (
	"io"
	"os"
)

func WriteReference(name string, src io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, src)
	return err
}
