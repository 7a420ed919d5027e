package realworld

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"os/exec"
)

// cmd/go/internal/modfetch/coderepo.go:1115: a download spooled to a temp
// file, read back through the same open file and removed on return. The
// only Close is deferred: it runs after every read, on a file about to be
// deleted; a short spool fails the read itself.
func spoolZip(dl io.Reader, maxSize int64) error {
	f, err := os.CreateTemp("", "go-codehost-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	lr := &io.LimitedReader{R: dl, N: maxSize + 1}
	if _, err := io.Copy(f, lr); err != nil {
		return err
	}
	if lr.N <= 0 {
		return errors.New("downloaded zip file too large")
	}
	size := (maxSize + 1) - lr.N
	if _, err := f.Seek(0, 0); err != nil {
		return err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return err
	}
	_ = zr
	return nil
}

// The same with the name kept in a local and removed in a deferred closure.
func spoolNamed(data []byte) (int, error) {
	f, err := os.CreateTemp("", "spool-")
	if err != nil {
		return 0, err
	}
	name := f.Name()
	defer func() {
		os.Remove(name)
	}()
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return 0, err
	}
	return len(data), nil
}

// Created by name, removed by name.
func scratchByName(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer os.Remove(name)
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// go-containerregistry internal/editor/editor.go:42 (a true positive): the
// temp file is closed, its Close error dropped, and the file is then used
// by name; the deferred Remove does not make that Close harmless.
func editTemp(input io.Reader) error {
	f, err := os.CreateTemp("", "edit-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, input); err != nil {
		return err
	}
	f.Close() // want `the error of f.Close\(\) is dropped`
	return exec.Command("vi", f.Name()).Run()
}

// A file removed in a goroutine's closure is not removed by this function.
func removedElsewhere(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	go func() {
		defer os.Remove(name)
	}()
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}

// Another file's removal does not count.
func otherRemoved(name, other string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer os.Remove(other)
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}

// klauspost/compress snappy_test.go:1133 (a true positive): the file is
// removed only when the function fails; on success it is kept, and its
// Close error is dropped.
func downloadKept(filename string, body io.Reader) (errRet error) {
	f, err := os.Create(filename)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	defer func() {
		if errRet != nil {
			os.Remove(filename)
		}
	}()
	_, err = io.Copy(f, body)
	return err
}

// An unconditional removal in a deferred closure, its error checked.
func scratchClosureChecked(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if err := os.Remove(name); err != nil {
			println(err.Error())
		}
	}()
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// staticcheck lintcmd/runner/runner.go:663 (hunt7): a spool file unlinked
// at once, written, rewound and read back through the same descriptor; the
// deferred Close runs on a file nobody can open again. Silent.
func spoolUnlinked(data []byte, consume func(io.ReadSeeker) error) error {
	f, err := os.CreateTemp("", "spool")
	if err != nil {
		return err
	}
	defer f.Close()
	os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return consume(f)
}

// Twin: a Remove before the file is created clears an old file of that
// name; the new one is kept: reported.
func recreate(name string, data []byte) error {
	os.Remove(name)
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}

// Twin: a removal only on some path keeps the file on the others:
// reported.
func removeOnFailure(name string, data []byte, bad bool) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	if bad {
		os.Remove(name)
	}
	_, err = f.Write(data)
	return err
}
