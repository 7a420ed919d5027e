// Package handles: a file is written only through its write methods or a
// hand-off to a writer (issue 17, item 3).
package handles

import (
	"io"
	"os"
	"os/exec"

	"example.com/reflink"
)

// A created file whose content the function never writes: the clone
// helper uses its descriptor only. Silent.
func cloneFile(dst string, src *os.File) error { // want cloneFile:"handlesParams.1."
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	return reflink.CloneTo(f, src)
}

// A file only the child process writes. Silent.
func runTo(name string, args ...string) error {
	f, err := os.Create(name + ".log")
	if err != nil {
		return err
	}
	defer f.Close()
	cmd := exec.Command(name, args...)
	cmd.Stdout = f
	cmd.Stderr = f
	return cmd.Run()
}

func runLit(name string) error {
	f, err := os.Create(name + ".out")
	if err != nil {
		return err
	}
	defer f.Close()
	cmd := &exec.Cmd{Path: name, Stdout: f}
	return cmd.Run()
}

// ---- reported twins ----

// The helper may copy into the file: written.
func cloneOrCopy(dst string, src *os.File) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	return reflink.CloneOrCopy(f, src)
}

// The clone does not write, the fallback copy does; the file is no longer
// handed on by the clone call (it used to be: a *os.File parameter).
func cloneThenCopy(dst string, src *os.File) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	cloned := reflink.Clone(f, src) == nil
	if !cloned {
		if _, err := io.Copy(f, src); err != nil {
			return err
		}
	}
	return nil
}

// The parent writes a header before the child's output.
func runWithHeader(name string) error {
	f, err := os.Create(name + ".log")
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	if _, err := f.WriteString("# " + name + "\n"); err != nil {
		return err
	}
	cmd := exec.Command(name)
	cmd.Stdout = f
	return cmd.Run()
}

// Stored where anything may write it: handed on (silent, as before).
func kept(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	reflink.Keep(f)
	return nil
}

// A field of another type named Stdout is no exec.Cmd.
type job struct{ Stdout io.Writer }

func notCmd(name string, run func(*job) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	j := &job{}
	j.Stdout = f
	return run(j)
}
