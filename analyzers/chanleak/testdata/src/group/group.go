// Package group: a goroutine that sends while the goroutine receiving can
// stop early: an errgroup stage that returns an error, a WaitGroup worker
// that returns. Every function here is run by the runtime proof in
// proof_test.go.
package group

import (
	"context"
	"errors"
	"sync"
	"time"

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
			ch <- it // want `the group stage started at line 23 blocks forever on ch <- it once the group stage started at line 30 returns at line 33 and stops receiving from ch, and the group's Wait never returns; select on the group's ctx.Done\(\) in the sender`
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
			ch <- it // want `the group stage started at line 45 blocks forever on ch <- it once the group stage started at line 52 returns at line 55`
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
			ch <- it // want `the goroutine started at line 67 blocks forever on ch <- it once the goroutine started at line 72 returns at line 75`
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
		ch <- it // want `this function blocks forever on ch <- it once the goroutine started at line 86 returns at line 89 and stops receiving from ch; select on a done channel that the consumer closes when it returns`
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

// OneEvent sends on every event to a consumer that takes one value: the
// counts cannot be related, so it is silent (net/http's serve_test). Here
// there is one event.
func OneEvent(n int) {
	events := make(chan int, n)
	for i := range n {
		events <- i
	}
	close(events)
	diec := make(chan bool)
	go func() {
		<-diec
	}()
	for range events {
		diec <- true
	}
}

// Handshake: the consumer may take another case, but answers on e, which
// the function waits for (runtime's chan_test).
func Handshake() int {
	d := make(chan int)
	e := make(chan int)
	go func() {
		select {
		case v := <-d:
			e <- v
		case <-time.After(time.Hour):
			e <- 0
		}
	}()
	d <- 7
	return <-e
}

// Queue: the consumer returns on done, which the function closes only
// when it returns (time's tick_test).
func Queue(items []int) int {
	in := make(chan int)
	out := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		sum := 0
		for {
			select {
			case v, ok := <-in:
				if !ok {
					out <- sum
					return
				}
				sum += v
			case <-done:
				return
			}
		}
	}()
	for _, it := range items {
		in <- it
	}
	close(in)
	return <-out
}
