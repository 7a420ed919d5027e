package files

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// ---- reported ----

func deferOnly(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: a write to a file can fail only at Close \(NFS, full disk, quota\); close it and check the error before the successful return`
	if _, err := f.Write(data); err != nil {
		return err
	}
	return nil
}

func openFileForWriting(name string, v any) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	return json.NewEncoder(f).Encode(v)
}

func closeStatement(name string, data []byte) error {
	f, err := os.CreateTemp("", name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	f.Close() // want `the error of f.Close\(\) is dropped: a write to a file can fail only at Close`
	return nil
}

func bufioOverFile(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	bw := bufio.NewWriter(f)
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
	return bw.Flush()
}

// ---- silent ----

func checkedOnSuccess(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // for the error paths
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Close()
}

func namedResult(name string, data []byte) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	_, err = f.Write(data)
	return err
}

func readOnly(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func openFileReadOnly(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func syncChecked(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync() // data on disk: the Close error no longer hides a lost write
}

func notWritten(name string) error {
	f, err := os.Create(name) // a touch
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}

func noErrorResult(name string, data []byte) {
	f, err := os.Create(name)
	if err != nil {
		return
	}
	defer f.Close()
	f.Write(data)
}

func handedToCloser(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	return writeAndClose(f, data)
}

func writeAndClose(f *os.File, data []byte) error {
	defer f.Close()
	_, err := f.Write(data)
	return err
}

func discarded(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	f.Write(data)
	_ = f.Close()
	return nil
}
