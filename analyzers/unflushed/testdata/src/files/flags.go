package files

import (
	"io"
	"os"
)

// Issue 4: every constructor of a file opened for writing, and read-only
// files never flagged.

// ---- reported ----

func createTempDeferOnly(data []byte) (string, error) {
	f, err := os.CreateTemp("", "x-*")
	if err != nil {
		return "", err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	return f.Name(), nil
}

func openFileReadWrite(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.WriteAt(data, 0)
	return err
}

func appendStatementClose(name string, line string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, line); err != nil {
		f.Close()
		return err
	}
	f.Close() // want `the error of f.Close\(\) is dropped`
	return nil
}

// ---- silent ----

func createTempChecked(data []byte) (string, error) {
	f, err := os.CreateTemp("", "x-*")
	if err != nil {
		return "", err
	}
	defer f.Close() // the error paths
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

func readOnlyStatementClose(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(f)
	f.Close() // read-only: nothing to lose
	return b, err
}

func openFileReadOnlyConst(name string) (int64, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return f.Seek(0, io.SeekEnd)
}
