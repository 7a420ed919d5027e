// Package group: a goroutine that sends while the goroutine receiving can
// stop early: an errgroup stage that returns an error, a WaitGroup worker
// that returns. Every function here is run by the runtime proof in
// proof_test.go.
package group

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

var errNegative = errors.New("negative item")

// Process: the consumer stage returns an error and stops receiving; the
// producer blocks on its send and g.Wait() never returns.
func Process(ctx context.Context, items []int) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		defer close(ch)
		for _, it := range items {
			ch <- it // want `the group stage started at line 22 blocks forever on ch <- it once the group stage started at line 29 returns at line 32 and stops receiving from ch, and the group's Wait never returns; select on the group's ctx.Done\(\) in the sender`
		}
		return nil
	})
	g.Go(func() error {
		for v := range ch {
			if v < 0 {
				return errNegative
			}
		}
		return nil
	})
	return g.Wait()
}

// Workers: the same with a sync.WaitGroup.
func Workers(items []int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Go(func() {
		for _, it := range items {
			ch <- it // want `the group stage started at line 44 blocks forever on ch <- it once the group stage started at line 51 returns at line 54`
		}
		close(ch)
	})
	total := 0
	wg.Go(func() {
		for v := range ch {
			if v < 0 {
				return
			}
			total += v
		}
	})
	wg.Wait()
	return total
}

// Detached: plain goroutines; the producer leaks once the consumer stops.
func Detached(items []int, out func(int)) {
	ch := make(chan int)
	go func() {
		for _, it := range items {
			ch <- it // want `the goroutine started at line 66 blocks forever on ch <- it once the goroutine started at line 71 returns at line 74`
		}
	}()
	go func() {
		for v := range ch {
			if v < 0 {
				return
			}
			out(v)
		}
	}()
}

// Feed sends to a consumer goroutine that stops at a negative item: the
// function itself blocks forever on its next send.
func Feed(items []int, out func(int)) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			if v < 0 {
				return
			}
			out(v)
		}
	}()
	for _, it := range items {
		ch <- it // want `this function blocks forever on ch <- it once the goroutine started at line 85 returns at line 88 and stops receiving from ch; select on a done channel that the consumer closes when it returns`
	}
	close(ch)
}

// Silent twins.

// ProcessSelect: the producer selects on the group's context, which the
// failing stage cancels.
func ProcessSelect(ctx context.Context, items []int) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		defer close(ch)
		for _, it := range items {
			select {
			case ch <- it:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	g.Go(func() error {
		for v := range ch {
			if v < 0 {
				return errNegative
			}
		}
		return nil
	})
	return g.Wait()
}

// ProcessDrain: the consumer remembers the error and reads on.
func ProcessDrain(ctx context.Context, items []int) error {
	g, _ := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		defer close(ch)
		for _, it := range items {
			ch <- it
		}
		return nil
	})
	g.Go(func() error {
		var err error
		for v := range ch {
			if v < 0 && err == nil {
				err = errNegative
			}
		}
		return err
	})
	return g.Wait()
}

// OneResult: the consumer returns after the only send.
func OneResult(ctx context.Context) error {
	g, _ := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- 1
		return nil
	})
	g.Go(func() error {
		if v := <-ch; v < 0 {
			return errNegative
		}
		return nil
	})
	return g.Wait()
}

// FeedDone: the consumer closes done when it returns, and the sends
// select on it.
func FeedDone(items []int, out func(int)) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch {
			if v < 0 {
				return
			}
			out(v)
		}
	}()
	defer close(ch)
	for _, it := range items {
		select {
		case ch <- it:
		case <-done:
			return
		}
	}
}
