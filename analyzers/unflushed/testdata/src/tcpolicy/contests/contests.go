// Package contests: "test" inside a word is no mark of test code.
package contests

import (
	"io"
	"os"
)

func SaveEntry(name string, src io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = io.Copy(f, src)
	return err
}
