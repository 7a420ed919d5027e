// Package helperpkg: a non-test file imports "testing", so only tests can
// use the package.
package helperpkg

import (
	"io"
	"os"
	"testing"
)

func TempCopy(t testing.TB, src io.Reader) (string, error) {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "copy")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(f, src); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// Not a test helper by its signature, but in a test-only package.
func WriteFile(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}
