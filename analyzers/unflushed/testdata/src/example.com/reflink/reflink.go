// Package reflink stands for a copy-on-write clone helper: it uses the
// files it is given only through their descriptors (an ioctl).
package reflink

import (
	"errors"
	"io"
	"os"
	"syscall"
)

const ficlone = 0x40049409

func ioctl(dst, src uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, dst, ficlone, src); e != 0 {
		return e
	}
	return nil
}

// Clone uses both files' descriptors only.
func Clone(dst, src *os.File) error { // want Clone:"handlesParams.0 1."
	if dst == nil || src == nil {
		return errors.New("nil file")
	}
	return ioctl(dst.Fd(), src.Fd())
}

// CloneTo takes an io.Writer and asserts it back to a file for its
// descriptor.
func CloneTo(dst io.Writer, src *os.File) error { // want CloneTo:"handlesParams.0 1."
	f, ok := dst.(*os.File)
	if !ok {
		return errors.New("not a file")
	}
	if _, err := f.Stat(); err != nil {
		return err
	}
	return Clone(f, src)
}

// ---- no fact ----

// CloneOrCopy falls back to a copy: it writes dst (and reads src).
func CloneOrCopy(dst io.Writer, src *os.File) error {
	if f, ok := dst.(*os.File); ok {
		if err := ioctl(f.Fd(), src.Fd()); err == nil {
			return nil
		}
	}
	_, err := io.Copy(dst, src)
	return err
}

// Keep stores the file.
var kept *os.File

func Keep(f *os.File) { kept = f }
