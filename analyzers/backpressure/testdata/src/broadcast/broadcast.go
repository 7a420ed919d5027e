// Package broadcast is a realistic user program: a hub that fans one
// stream of messages out to several subscribers' pipes, with the usual
// policies for slow subscribers (wait for all, drop the slow one, move on
// to the next worker). The correct ones must stay silent.
package broadcast

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/flowvet/flowvet/flowrt"
)

type Msg struct {
	Topic string
	Data  []byte
}

var ErrSlowSubscriber = errors.New("broadcast: subscriber too slow")

type Subscriber struct {
	Name string
	W    *flowrt.Writer[Msg]
}

type Hub struct {
	mu   sync.Mutex
	subs []*Subscriber
}

// Subscribe returns the reading end of a new subscriber's pipe.
func (h *Hub) Subscribe(name string) *flowrt.Reader[Msg] {
	r, w := flowrt.NewPipe[Msg](flowrt.HighWaterMark(64))
	h.mu.Lock()
	h.subs = append(h.subs, &Subscriber{Name: name, W: w})
	h.mu.Unlock()
	return r
}

// PublishWait writes to every subscriber, then waits for the slow ones:
// the slowest subscriber sets the pace.
func (h *Hub) PublishWait(ctx context.Context, m Msg) error {
	h.mu.Lock()
	subs := slices.Clone(h.subs)
	h.mu.Unlock()
	var slow []*Subscriber
	for _, s := range subs {
		if !s.W.Write(m) {
			slow = append(slow, s)
		}
	}
	for _, s := range slow {
		if err := s.W.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

// PublishDrop writes to every subscriber and cuts off those that fall
// behind: their reader gets ErrSlowSubscriber.
func (h *Hub) PublishDrop(m Msg) (dropped []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	kept := h.subs[:0]
	for _, s := range h.subs {
		if s.W.Write(m) {
			kept = append(kept, s)
			continue
		}
		s.W.CloseWithError(ErrSlowSubscriber)
		dropped = append(dropped, s.Name)
	}
	h.subs = kept
	return dropped
}

// PublishEach writes a batch to each subscriber in turn, waiting on each.
func (h *Hub) PublishEach(ctx context.Context, batch []Msg) error {
	for _, s := range h.subs {
		for _, m := range batch {
			if !s.W.Write(m) {
				if err := s.W.Drain(ctx); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// PublishParallel gives each subscriber its own goroutine and the
// blocking write.
func (h *Hub) PublishParallel(ctx context.Context, batch []Msg) error {
	var wg sync.WaitGroup
	errs := make([]error, len(h.subs))
	for i, s := range h.subs {
		wg.Go(func() {
			for _, m := range batch {
				if err := s.W.Send(ctx, m); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// RoundRobin hands each message to the next worker whose buffer has room;
// when every worker is full it waits for the one it tried first.
func RoundRobin(ctx context.Context, workers []*flowrt.Writer[Msg], msgs []Msg) error {
	next := 0
	for _, m := range msgs {
		placed := false
		for range workers {
			w := workers[next]
			next = (next + 1) % len(workers)
			if w.Write(m) {
				placed = true
				break
			}
		}
		if !placed {
			if err := workers[next].Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Mirror copies one reader into two writers, through method values.
func Mirror(ctx context.Context, r *flowrt.Reader[Msg], a, b *flowrt.Writer[Msg]) error {
	writeA, writeB := a.Write, b.Write
	for m := range r.All(ctx) {
		okA, okB := writeA(m), writeB(m)
		if !okA {
			if err := a.Drain(ctx); err != nil {
				return err
			}
		}
		if !okB {
			if err := b.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return r.Err()
}

// The buggy publishers below are what the analyzer is for.

// PublishAll forgets the signal of every subscriber.
func (h *Hub) PublishAll(m Msg) {
	for _, s := range h.subs {
		s.W.Write(m) // want `result of s.W.Write ignored`
	}
}

// MirrorLossy checks only one of its two writers.
func MirrorLossy(ctx context.Context, r *flowrt.Reader[Msg], a, b *flowrt.Writer[Msg]) error {
	for m := range r.All(ctx) {
		okA, okB := a.Write(m), b.Write(m) // want `result of b.Write stored in okB is overwritten before it is read on some path`
		if !okA {
			if err := a.Drain(ctx); err != nil {
				return err
			}
		}
		_ = okB
	}
	return r.Err()
}
