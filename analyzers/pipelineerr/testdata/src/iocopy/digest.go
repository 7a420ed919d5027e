package iocopy

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
)

type hasher interface {
	io.Writer
	io.StringWriter
	Sum64() uint64
}

type crlfReplacer struct{ w io.Writer }

func (c *crlfReplacer) Write(p []byte) (int, error) { return c.w.Write(p) }

// gohugoio/hugo modules/npm/package_builder.go:566,574 (PackageFilesSum):
// a change-detection digest that skips files it cannot open, in a function
// without an error result; the destination is a hash (or a wrapper of
// one). A read error only changes the key. Silent.
func packageFilesSum(h hasher, names []string) uint64 {
	var w io.Writer = h
	if runtime.GOOS == "windows" {
		w = &crlfReplacer{w: h}
	}
	copyFile := func(name string) {
		f, err := os.Open(name)
		if err != nil {
			return
		}
		defer f.Close()
		io.Copy(w, f)
	}
	for _, name := range names {
		copyFile(name)
	}
	for _, name := range names {
		f, _ := os.Open(name)
		io.Copy(h, f)
		f.Close()
	}
	return h.Sum64()
}

// golang.org/x/tools cmd/splitdwarf/splitdwarf.go:402: the source was not
// given up on by the function: a read error makes a hash of partial
// content. Reported.
func contentUUID(sections []io.Reader) []byte {
	h := sha256.New()
	for _, s := range sections {
		io.Copy(h, s) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves h truncated`
	}
	return h.Sum(nil)
}

// A source whose open failure is logged (not silently skipped): reported.
func sumLogged(name string) []byte {
	h := sha256.New()
	f, err := os.Open(name)
	if err != nil {
		log.Print(err)
		return nil
	}
	defer f.Close()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	return h.Sum(nil)
}

// A destination that can fail keeps the report, however the source was
// opened.
func appendFile(dst *os.File, name string) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(dst, f) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves dst truncated`
}

// A writer variable that may hold a file is not a hash.
func sumOrSave(h hasher, out *os.File, save bool, name string) {
	var w io.Writer = h
	if save {
		w = out
	}
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(w, f) // want `the result of io.Copy is discarded`
}

// anchore/syft snap_source.go:411 (digestOfReader): `_, _ =` into a hash
// in a function that has no error to report: a written decision that the
// digest is best-effort (the caller hashes the path when the file cannot
// be opened). Silent.
func digestOf(r io.Reader) string {
	h := sha256.New()
	_, _ = io.Copy(h, r)
	return fmt.Sprintf("%x", h.Sum(nil))
}

func digestOfN(r io.Reader, n int64) []byte {
	h := sha256.New()
	_, _ = io.CopyN(h, r, n)
	return h.Sum(nil)
}

// Still reported: the bare statement (x/tools splitdwarf above), a
// function that could return the error (gofakes3's hashFile), an
// enclosing function that could, and a destination that is not a hash.
func digestOfBare(r io.Reader) string {
	h := sha256.New()
	io.Copy(h, r) // want `the result of io.Copy is discarded \(statement\)`
	return fmt.Sprintf("%x", h.Sum(nil))
}

func hashFileBlank(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	_, _ = io.Copy(h, f) // want `the result of io.Copy is discarded \(blank\)`
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

func digestAll(rs []io.Reader) ([]string, error) {
	var out []string
	sum := func(r io.Reader) string {
		h := sha256.New()
		_, _ = io.Copy(h, r) // want `the result of io.Copy is discarded \(blank\)`
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	for _, r := range rs {
		out = append(out, sum(r))
	}
	return out, nil
}

func bufferOf(r io.Reader) string {
	var buf bytes.Buffer
	_, _ = io.Copy(&buf, r) // want `the result of io.Copy is discarded \(blank\)`
	return buf.String()
}
