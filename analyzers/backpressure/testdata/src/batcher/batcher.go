// Package batcher is a realistic user program: stages that group items
// into batches by size and by time, flush the tail at the end, and write
// batches through helpers, closures and a batcher type. The correct ones
// must stay silent.
package batcher

import (
	"context"
	"io"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

type Row struct {
	Key   string
	Value float64
}

// BySize is a transform stage: batches of n rows, the tail at the end.
func BySize(p *flowrt.Pipeline, in *flowrt.Reader[Row], n int) *flowrt.Reader[[]Row] {
	return flowrt.Transform(p, in, func(ctx context.Context, r *flowrt.Reader[Row], w *flowrt.Writer[[]Row]) error {
		batch := make([]Row, 0, n)
		emit := func() error {
			if len(batch) == 0 {
				return nil
			}
			full := !w.Write(batch)
			batch = make([]Row, 0, n)
			if full {
				return w.Drain(ctx)
			}
			return nil
		}
		for row := range r.All(ctx) {
			batch = append(batch, row)
			if len(batch) < n {
				continue
			}
			if err := emit(); err != nil {
				return err
			}
		}
		if err := r.Err(); err != nil {
			return err
		}
		return emit()
	})
}

// ByTime flushes every interval or when the batch is full, whichever
// comes first; a full buffer is waited for before the next flush.
func ByTime(ctx context.Context, in <-chan Row, w *flowrt.Writer[[]Row], max int, every time.Duration) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	var batch []Row
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ok := w.Write(batch)
		batch = nil
		if ok {
			return nil
		}
		select {
		case <-w.Drained():
			return w.Err()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case row, ok := <-in:
			if !ok {
				return flush()
			}
			batch = append(batch, row)
			if len(batch) >= max {
				if err := flush(); err != nil {
					return err
				}
			}
		case <-tick.C:
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// Batcher accumulates rows and hands the signal of each flush back.
type Batcher struct {
	w     *flowrt.Writer[[]Row]
	rows  []Row
	limit int
}

// Add appends a row; when the batch is full it is written and Add returns
// the writer's signal.
func (b *Batcher) Add(r Row) bool { // want Add:`backpressure signal in results \[0\]`
	b.rows = append(b.rows, r)
	if len(b.rows) < b.limit {
		return true
	}
	ok := b.w.Write(b.rows)
	b.rows = nil
	return ok
}

// Wait waits for the consumer.
func (b *Batcher) Wait(ctx context.Context) error { return b.w.Drain(ctx) }

// Close writes the tail and closes the writer.
func (b *Batcher) Close(ctx context.Context) error {
	if len(b.rows) > 0 {
		if err := b.w.Send(ctx, b.rows); err != nil {
			return err
		}
	}
	return b.w.Close()
}

// Load reads rows and feeds a Batcher, waiting when a flush says so.
func Load(ctx context.Context, src interface {
	Next() (Row, error)
}, b *Batcher) error {
	for {
		row, err := src.Next()
		if err == io.EOF {
			return b.Close(ctx)
		}
		if err != nil {
			return err
		}
		if !b.Add(row) {
			if err := b.Wait(ctx); err != nil {
				return err
			}
		}
	}
}

// LoadAll uses a method value of the batcher.
func LoadAll(ctx context.Context, rows []Row, b *Batcher) error {
	add := b.Add
	for _, row := range rows {
		if add(row) {
			continue
		}
		if err := b.Wait(ctx); err != nil {
			return err
		}
	}
	return b.Close(ctx)
}

// Chunks splits a byte stream into fixed-size chunks with the blocking
// write, and the last short chunk.
func Chunks(ctx context.Context, r io.Reader, w *flowrt.Writer[[]byte], size int) error {
	for {
		buf := make([]byte, size)
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if err := w.Send(ctx, buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// The buggy batchers below are what the analyzer is for.

// LoadBlind ignores what Add says.
func LoadBlind(rows []Row, b *Batcher) {
	for _, row := range rows {
		b.Add(row) // want `result of b.Add ignored: it returns a flowrt writer's backpressure signal`
	}
}

// FlushAll writes every batch, then waits once: the buffer grows by the
// whole backlog first.
func FlushAll(ctx context.Context, w *flowrt.Writer[[]Row], batches [][]Row) error {
	flush := func(b []Row) bool { return w.Write(b) }
	for _, b := range batches {
		flush(b) // want `result of flush ignored`
	}
	return w.Drain(ctx)
}
