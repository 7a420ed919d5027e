package thirdparty

import (
	"bytes"
	"io"
	"os"
	"os/exec"

	"example.com/pty"
	"example.com/xpty"
)

// charmbracelet/gum spin/spin.go:108: the output of a command run on a
// pseudo-terminal is captured in memory by a bare go statement. A copy
// from a pty master ends with EIO whenever the child closes its side: a
// relay with nothing to check. Silent.
func capture(cmd *exec.Cmd) (string, error) {
	p, err := xpty.NewPty(80, 24)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	go io.Copy(&out, p)
	if err := cmd.Run(); err != nil {
		return "", err
	}
	return out.String(), nil
}

// creack/pty: the master is an *os.File made by pty.Start.
func attach(cmd *exec.Cmd) error {
	ptmx, err := pty.Start(cmd)
	if err != nil {
		return err
	}
	defer ptmx.Close()
	go io.Copy(ptmx, os.Stdin)
	go io.Copy(os.Stdout, ptmx)
	return cmd.Wait()
}

// Twin: the same capture from an ordinary file is reported.
func captureFile(f *os.File) string {
	var out bytes.Buffer
	go io.Copy(&out, f) // want `the result of io.Copy is discarded \(go\)`
	return out.String()
}

// evilmartians/lefthook exec_unix.go:102: a hook run on a pseudo-terminal,
// its output copied out of the master in the function itself, then the
// child's status returned. The copy ends with EIO whenever the child
// exits, whatever the statement: silent.
func runHook(cmd *exec.Cmd, out io.Writer) error {
	p, err := pty.Start(cmd)
	if err != nil {
		return err
	}
	defer func() { _ = p.Close() }()
	_, _ = io.Copy(out, p)
	return cmd.Wait()
}

// Twin: the same copy from an ordinary file is reported.
func runFromFile(cmd *exec.Cmd, out io.Writer, f *os.File) error {
	_, _ = io.Copy(out, f) // want `the result of io.Copy is discarded \(blank\)`
	return cmd.Wait()
}

// Twin: a pty session recorded into a file the function created: the
// write into the file can fail, and the recording looks complete. Reported.
func record(cmd *exec.Cmd, name string) error {
	p, err := pty.Start(cmd)
	if err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	io.Copy(f, p) // want `the result of io.Copy is discarded \(statement\)`
	return cmd.Wait()
}
