// Package ingest is a realistic user program: it reads events from a
// network-like source and feeds them into a flowrt pipeline, with select
// loops on ctx.Done() and Drained(), tickers, and method values. The
// correct producers must stay silent; the few buggy ones are marked.
package ingest

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

type Event struct {
	ID   int64
	Body []byte
	At   time.Time
}

// Conn is what the ingester reads from.
type Conn interface {
	Next(ctx context.Context) (Event, error)
}

var ErrClosed = errors.New("ingest: closed")

type Stats struct {
	Accepted, Stalls atomic.Int64
}

// Ingest reads events until the connection fails and writes them,
// waiting on the drain signal or the context when the buffer is full.
func Ingest(ctx context.Context, c Conn, w *flowrt.Writer[Event], st *Stats) error {
	for {
		ev, err := c.Next(ctx)
		if errors.Is(err, ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		st.Accepted.Add(1)
		if w.Write(ev) {
			continue
		}
		st.Stalls.Add(1)
		select {
		case <-w.Drained():
			if err := w.Err(); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// FromChannel relays a channel into a pipe.
func FromChannel(ctx context.Context, in <-chan Event, w *flowrt.Writer[Event]) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-in:
			if !ok {
				return nil
			}
			if !w.Write(ev) {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
		}
	}
}

// Heartbeats writes one event per tick; a full buffer skips beats until
// it drains (the flag is tested at the top of the loop).
func Heartbeats(ctx context.Context, w *flowrt.Writer[Event], every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	full := false
	var id int64
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now := <-t.C:
			if full {
				select {
				case <-w.Drained():
					full = false
				default:
					continue // still full: skip this beat
				}
			}
			id++
			full = !w.Write(Event{ID: id, At: now})
		}
	}
}

// Sampler drops samples while the consumer lags, on purpose, and says so.
func Sampler(ctx context.Context, samples <-chan Event, w *flowrt.Writer[Event], log *slog.Logger) error {
	lagging := false
	for ev := range samples {
		if lagging {
			select {
			case <-w.Drained():
				lagging = false
				log.InfoContext(ctx, "consumer caught up")
			default:
				continue
			}
		}
		if !w.Write(ev) {
			lagging = true
			log.WarnContext(ctx, "consumer lags, dropping samples")
		}
	}
	return nil
}

// Replay writes a slice with the blocking write, through a method value.
func Replay(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	send := w.Send
	for _, ev := range evs {
		if err := send(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

// Tee writes through a method value and waits with a timeout per stall.
func Tee(ctx context.Context, w *flowrt.Writer[Event], evs []Event, stall time.Duration) (stalled int, err error) {
	write := w.Write
	for _, ev := range evs {
		if write(ev) {
			continue
		}
		stalled++
		wctx, cancel := context.WithTimeout(ctx, stall)
		err := w.Drain(wctx)
		cancel()
		if err != nil {
			return stalled, err
		}
	}
	return stalled, nil
}

// Retrying writes through a closure that reports the signal, and backs off.
func Retrying(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	put := func(ev Event) bool {
		ev.At = time.Now()
		return w.Write(ev)
	}
	for _, ev := range evs {
		if !put(ev) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-w.Drained():
			}
		}
	}
	return nil
}

// Run wires it up as a source stage.
func Run(ctx context.Context, c Conn, st *Stats) error {
	p := flowrt.NewPipeline(ctx)
	evs := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[Event]) error {
		return Ingest(ctx, c, w, st)
	}, flowrt.HighWaterMark(256))
	flowrt.Sink(p, evs, func(ctx context.Context, r *flowrt.Reader[Event]) error {
		for range r.All(ctx) {
		}
		return r.Err()
	})
	return p.Wait()
}

// The buggy producers below are what the analyzer is for.

// PollOnly polls the context but never waits for the drain signal.
func PollOnly(ctx context.Context, backlog []Event, w *flowrt.Writer[Event]) error {
	for _, ev := range backlog {
		if !w.Write(ev) { // want `a false result of w.Write is tested but ignored`
			select {
			case <-ctx.Done():
				return ctx.Err()
			default:
			}
		}
	}
	return nil
}

// Stamp writes through a method value and drops the signal.
func Stamp(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	write := w.Write
	for _, ev := range evs {
		ev.At = time.Now()
		write(ev) // want `result of write ignored: false means the buffer reached its high-water mark; call w.Send\(ctx, ev\)`
	}
	return nil
}

// Forward counts stalls but writes on.
func Forward(ctx context.Context, in <-chan Event, w *flowrt.Writer[Event], st *Stats) error {
	emit := func(ev Event) bool { return w.Write(ev) }
	for ev := range in {
		if !emit(ev) { // want `a false result of emit is tested but ignored`
			st.Stalls.Add(1)
		}
	}
	return nil
}
