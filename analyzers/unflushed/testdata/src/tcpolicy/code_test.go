package tcpolicy

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
	"testing"
)

// A test helper that copies a fixture: the dropped Close error is not
// reported in a _test.go file (-unflushed.tests turns it on).
func copyFixture(dst string, src io.Reader) error {
	d, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = io.Copy(d, src)
	return err
}

func writeGolden(t *testing.T, name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close()
	return nil
}

// A missing Flush makes the test itself wrong: reported in tests too.
func writeLines(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f) // want `bufio.Writer bw is not flushed before the return at line 47`
	for _, l := range lines {
		if _, err := bw.WriteString(l); err != nil {
			return err
		}
	}
	return f.Close()
}

// So does a gzip stream never closed.
func writeGz(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f) // want `gzip.Writer zw is not closed before the return at line 60`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return f.Close()
}
