// Package pty stands for creack/pty: the master side is an *os.File.
package pty

import (
	"os"
	"os/exec"
)

func Start(cmd *exec.Cmd) (*os.File, error) { return nil, nil }
