// Package xpty stands for charmbracelet/x/xpty: a pseudo-terminal behind an
// interface.
package xpty

import "io"

type Pty interface {
	io.ReadWriteCloser
	Resize(width, height int) error
}

func NewPty(width, height int) (Pty, error) { return nil, nil }
