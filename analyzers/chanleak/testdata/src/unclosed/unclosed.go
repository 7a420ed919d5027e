// Package unclosed: a range over a channel whose closer can return without
// closing it. Every function here is run by the runtime proof in
// proof_test.go.
package unclosed

import (
	"errors"
	"time"
)

var errNegative = errors.New("negative item")

// Squares: the sender returns on a negative item without closing ch; the
// range waits forever.
func Squares(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				return
			}
			ch <- x * x
		}
		close(ch)
	}()
	sum := 0
	for v := range ch { // want `this function waits forever in this range over ch: the goroutine started at line 17 closes ch, but can return at line 20 without closing it; close ch on every path \(defer close\(ch\) where the sender starts\)`
		sum += v
	}
	return sum
}

// Feed: the function closes ch on success only; the consumer goroutine
// waits forever after the error return.
func Feed(xs []int, out func(int)) error {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch { // want `the goroutine started at line 38 waits forever in this range over ch: this function closes ch, but can return at line 46 without closing it`
			out(v)
		}
	}()
	for _, x := range xs {
		if x < 0 {
			return errNegative
		}
		ch <- x
	}
	close(ch)
	<-done
	return nil
}

// Relay: the sender leaves its range over ticks when the caller closes
// it, and falls out of the function without closing out.
func Relay(ticks <-chan time.Time, n int) int {
	out := make(chan time.Time)
	go func() {
		i := 0
		for now := range ticks {
			if i == n {
				close(out)
				return
			}
			i++
			out <- now
		}
	}()
	count := 0
	for range out { // want `this function waits forever in this range over out: the goroutine started at line \d+ closes out, but can return at line \d+ without closing it`
		count++
	}
	return count
}

// Silent twins.

// Ticks: the sender's range is over a channel another package hands out
// (a Ticker's C), which this package cannot see closed; time never closes
// it, so the sender leaves only by its return after close(out) (slack's
// range over the RTM's IncomingEvents).
func Ticks(n int) int {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	out := make(chan time.Time)
	go func() {
		i := 0
		for now := range t.C {
			if i == n {
				close(out)
				return
			}
			i++
			out <- now
		}
	}()
	count := 0
	for range out {
		count++
	}
	return count
}

// SquaresDeferClose closes on every path.
func SquaresDeferClose(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			if x < 0 {
				return
			}
			ch <- x * x
		}
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// SquaresSentinel: the sender's last send tells the consumer to leave.
func SquaresSentinel(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				ch <- -1
				return
			}
			ch <- x * x
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		if v < 0 {
			break
		}
		sum += v
	}
	return sum
}

// FeedClosed closes before the error return too.
func FeedClosed(xs []int, out func(int)) error {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch {
			out(v)
		}
	}()
	for _, x := range xs {
		if x < 0 {
			close(ch)
			<-done
			return errNegative
		}
		ch <- x
	}
	close(ch)
	<-done
	return nil
}
