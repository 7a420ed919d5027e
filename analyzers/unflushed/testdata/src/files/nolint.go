package files

import (
	"bufio"
	"os"
)

// A Close or Flush whose error is dropped on a line with a golangci-lint
// nolint directive covering errcheck is a written discard, like
// `_ = f.Close()` (dendrite test/keys.go:108, writeCertificate). Silent.
func nolintDeferred(path string, der []byte) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close() // nolint: errcheck
	_, err = out.Write(der)
	return err
}

func nolintStatement(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close() //nolint:gosec,errcheck // best effort, the data is a cache
	return nil
}

func nolintBare(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() //nolint
	_, err = f.Write(data)
	return err
}

func nolintAllFlush(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() //nolint:all
	bw := bufio.NewWriter(f)
	bw.Write(data)
	bw.Flush() //nolint:all
	return nil
}

// Still reported: a nolint for other linters only, a directive on another
// line, a lookalike, and a missing Flush (nolint excuses a dropped error,
// not a missing step).
func nolintOther(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() //nolint:gosec // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}

func nolintElsewhere(path string, data []byte) error {
	f, err := os.Create(path) //nolint:errcheck
	if err != nil {
		return err
	}
	defer f.Close() //nolintfoo // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}

func nolintMissingFlush(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()          //nolint:errcheck
	bw := bufio.NewWriter(f) // want `bufio.Writer bw is not flushed before the return at line 88`
	if _, err := bw.Write(data); err != nil {
		return err
	}
	return nil
}

// gosec's own saveReport: `#nosec G307` is gosec's directive for exactly
// this dropped Close: the same written decision. Silent.
func nosecReport(path string, data []byte) error {
	f, err := os.Create(path) // #nosec G304
	if err != nil {
		return err
	}
	defer f.Close() // #nosec G307
	_, err = f.Write(data)
	return err
}

func nosecBare(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() //#nosec -- the caller fsyncs the directory
	_, err = f.Write(data)
	return err
}

// A #nosec for another rule (G304: file path from a variable) changes
// nothing.
func nosecOther(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // #nosec G304 // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}
