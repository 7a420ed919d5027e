// Package flowrt is a signature-only stand-in for github.com/flowvet/flowvet/flowrt,
// used by the analyzers' GOPATH-style fixtures. The analyzers match flowrt by
// package path and names, so this file must keep the real package's exported
// API (the contract in design.md); bodies are irrelevant.
//
// analyzers/internal/fixture links it into every analyzer's fixture tree.
package flowrt

import (
	"context"
	"errors"
	"io"
	"iter"
)

var (
	ErrWriteAfterClose = errors.New("flowrt: write after close")
	ErrDestroyed       = errors.New("flowrt: stream destroyed")
	ErrPrematureClose  = errors.New("flowrt: premature close")
	ErrOverflow        = errors.New("flowrt: buffer overflow")
)

type Option interface{ option() }

func HighWaterMark(n int) Option { return nil }
func Workers(n int) Option       { return nil }

type Writer[T any] struct{}

func (w *Writer[T]) Write(v T) bool                      { return true }
func (w *Writer[T]) Drain(ctx context.Context) error     { return nil }
func (w *Writer[T]) Drained() <-chan struct{}            { return nil }
func (w *Writer[T]) Send(ctx context.Context, v T) error { return nil }
func (w *Writer[T]) Close() error                        { return nil }
func (w *Writer[T]) CloseWithError(err error) error      { return err }
func (w *Writer[T]) Err() error                          { return nil }
func (w *Writer[T]) Buffered() int                       { return 0 }

type Reader[T any] struct{}

func (r *Reader[T]) Read(ctx context.Context) (T, error) { var z T; return z, nil }
func (r *Reader[T]) All(ctx context.Context) iter.Seq[T] { return nil }
func (r *Reader[T]) Err() error                          { return nil }
func (r *Reader[T]) Close() error                        { return nil }

// Issue 14: CloseWithError returns err (the stream's earlier error if it had
// already failed), on both ends; SendAll is Send of each item.
func (r *Reader[T]) CloseWithError(err error) error            { return err }
func (w *Writer[T]) SendAll(ctx context.Context, vs []T) error { return nil }

// Issue 14: TryWrite never blocks and never accepts at the mark; Ready
// fires when Read would return at once.
func (w *Writer[T]) TryWrite(v T) (accepted bool, err error) { return true, nil }
func (r *Reader[T]) Ready() <-chan struct{}                  { return nil }

func NewPipe[T any](opts ...Option) (*Reader[T], *Writer[T])        { return nil, nil }
func NewBytePipe(opts ...Option) (*Reader[[]byte], *Writer[[]byte]) { return nil, nil }

type Pipeline struct{}

func NewPipeline(ctx context.Context) *Pipeline { return nil }
func (p *Pipeline) Wait() error                 { return nil }

func Source[T any](p *Pipeline, fn func(ctx context.Context, w *Writer[T]) error, opts ...Option) *Reader[T] {
	return nil
}
func Map[A, B any](p *Pipeline, in *Reader[A], fn func(ctx context.Context, a A) (B, error), opts ...Option) *Reader[B] {
	return nil
}
func Transform[A, B any](p *Pipeline, in *Reader[A], fn func(ctx context.Context, r *Reader[A], w *Writer[B]) error, opts ...Option) *Reader[B] {
	return nil
}
func Sink[T any](p *Pipeline, in *Reader[T], fn func(ctx context.Context, r *Reader[T]) error) {}

func FromReader(p *Pipeline, r io.Reader, opts ...Option) *Reader[[]byte] { return nil }
func ToWriter(p *Pipeline, in *Reader[[]byte], w io.Writer)               {}
func Encode(p *Pipeline, in *Reader[[]byte], enc func(io.Writer) io.WriteCloser, opts ...Option) *Reader[[]byte] {
	return nil
}

// Stats is a snapshot of a stream's counters; taking it never waits.
type Stats struct{ Buffered, HighWaterMark int }

func (w *Writer[T]) Stats() Stats { return Stats{} }
func (r *Reader[T]) Stats() Stats { return Stats{} }
