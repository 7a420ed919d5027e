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
