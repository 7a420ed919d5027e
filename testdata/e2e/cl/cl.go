// Package cl: chanleak findings and correct hand-offs.
package cl

import (
	"context"
	"errors"
)

var errBad = errors.New("bad item")

// First returns on an error before it receives: the sender leaks.
func First(work func() int, ok bool) (int, error) {
	ch := make(chan int)
	go func() { ch <- work() }()
	if !ok {
		return 0, errBad
	}
	return <-ch, nil
}

// FirstBuffered: the buffer of one lets the send complete.
func FirstBuffered(work func() int, ok bool) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- work() }()
	if !ok {
		return 0, errBad
	}
	return <-ch, nil
}

// Stream: the consumer stops at the first bad item; the producer selects
// on the context that the caller cancels when Stream returns.
func Stream(ctx context.Context, items []int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, it := range items {
			select {
			case ch <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	for it := range ch {
		if it < 0 {
			return errBad
		}
	}
	return nil
}

// Squares: the producer returns without closing on a bad item, and the
// range waits forever.
func Squares(items []int) int {
	ch := make(chan int)
	go func() {
		for _, it := range items {
			if it < 0 {
				return
			}
			ch <- it * it
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}
