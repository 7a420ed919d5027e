// Package zstd stands in for github.com/klauspost/compress/zstd: flowvet
// matches its Encoder by import path and type name.
package zstd

import "io"

type Encoder struct{ w io.Writer }

type EOption func(*Encoder) error

func NewWriter(w io.Writer, opts ...EOption) (*Encoder, error) { return &Encoder{w: w}, nil }

func (e *Encoder) Write(p []byte) (int, error)         { return e.w.Write(p) }
func (e *Encoder) ReadFrom(r io.Reader) (int64, error) { return io.Copy(e.w, r) }
func (e *Encoder) Close() error                        { return nil }
func (e *Encoder) EncodeAll(src, dst []byte) []byte    { return append(dst, src...) }
