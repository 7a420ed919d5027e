// Package early: functions that can return before they receive what the
// goroutine they started sends. Every function here is run by the runtime
// proof in proof_test.go: a reported one leaves its goroutine blocked
// forever at the reported line, a silent one leaves none.
package early

import (
	"context"
	"errors"
	"time"
)

var errFail = errors.New("fail")

func compute() int { return 42 }

// ErrorBeforeReceive returns on an error between the go statement and the
// receive.
func ErrorBeforeReceive(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `the goroutine started at line 21 blocks forever on ch <- compute\(\): the function can return at line 25 without receiving from ch, and nothing else does; give ch a buffer of 1`
	}()
	if fail {
		return 0, errFail
	}
	return <-ch, nil
}

// Timeout returns from the select's time.After case.
func Timeout(work time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		time.Sleep(work)
		ch <- compute() // want `blocks forever on ch <- compute\(\): the function can return at line 41 without receiving`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// Cancelled returns from the select's ctx.Done() case.
func Cancelled(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		errc <- step(ctx) // want `blocks forever on errc <- step\(ctx\)`
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func step(ctx context.Context) error {
	time.Sleep(time.Millisecond)
	return nil
}

// FirstMatch returns out of the range over the channel.
func FirstMatch(xs []int, want int) bool {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // want `the goroutine started at line 67 blocks forever on ch <- x: the function can return at line 75 with sends on ch still pending, and nothing else receives them; drain ch before returning`
		}
	}()
	for v := range ch {
		if v == want {
			return true
		}
	}
	return false
}

// Sum breaks out of the range over the channel.
func Sum(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // want `blocks forever on ch <- x: the function can return at line 97 with sends on ch still pending`
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

// FirstError starts a goroutine per job and returns at the first error:
// the goroutines of the later jobs block forever.
func FirstError(errs []error) error {
	errc := make(chan error)
	for _, err := range errs {
		go func() {
			errc <- err // want `blocks forever on errc <- err: the function can return at line 111 with sends on errc still pending`
		}()
	}
	for range errs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// TwoSenders: a buffer of one holds one of the two sends.
func TwoSenders(fail bool) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- 1 }() // want `blocks forever on ch <- 1: the function can return at line 123 with sends on ch still pending`
	go func() { ch <- 2 }()
	if fail {
		return 0, errFail
	}
	return <-ch + <-ch, nil
}

// FirstReply asks every replica and takes the first reply: the others
// block forever.
func FirstReply(replicas []int) int {
	ch := make(chan int)
	for _, r := range replicas {
		go func() {
			ch <- r * 10 // want `blocks forever on ch <- r \* 10: the function can return at line 137 with sends on ch still pending`
		}()
	}
	return <-ch
}

// Ticker starts a sender per tick and receives in the same loop, but on
// an unbuffered channel: a sender still running when the context ends
// blocks forever.
func Ticker(ctx context.Context) error {
	errc := make(chan error)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			go func() {
				time.Sleep(2 * time.Second)
				errc <- errFail // want `blocks forever on errc <- errFail: the function can return at line 150 with sends on errc still pending`
			}()
		case err := <-errc:
			return err
		}
	}
}

// Silent twins.

// BufferedOne is ErrorBeforeReceive with the suggested fix.
func BufferedOne(fail bool) (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- compute()
	}()
	if fail {
		return 0, errFail
	}
	return <-ch, nil
}

// BufferedTwo: the buffer holds both sends.
func BufferedTwo(fail bool) (int, error) {
	ch := make(chan int, 2)
	go func() { ch <- 1 }()
	go func() { ch <- 2 }()
	if fail {
		return 0, errFail
	}
	return <-ch + <-ch, nil
}

// ReceivedOnEveryPath receives before the error return too.
func ReceivedOnEveryPath(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute()
	}()
	v := <-ch
	if fail {
		return 0, errFail
	}
	return v, nil
}

// TimeoutDone: the sender selects on a done channel closed on return.
func TimeoutDone(work time.Duration) (int, error) {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		time.Sleep(work)
		select {
		case ch <- compute():
		case <-done:
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// CancelledSend: the sender selects on ctx.Done(), cancelled on return.
func CancelledSend(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	errc := make(chan error)
	go func() {
		err := step(ctx)
		select {
		case errc <- err:
		case <-ctx.Done():
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-parent.Done():
		return parent.Err()
	}
}

// FirstMatchDrained drains the rest before it returns.
func FirstMatchDrained(xs []int, want int) bool {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	found := false
	for v := range ch {
		if v == want {
			found = true
			break
		}
	}
	for range ch {
	}
	return found
}

// DeferredDrain drains in a deferred function.
func DeferredDrain(xs []int, want int) bool {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	defer func() {
		for range ch {
		}
	}()
	for v := range ch {
		if v == want {
			return true
		}
	}
	return false
}

// FirstErrorCounted collects every result before it returns.
func FirstErrorCounted(errs []error) error {
	errc := make(chan error)
	for _, err := range errs {
		go func() {
			errc <- err
		}()
	}
	var first error
	for range errs {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// FirstErrorSized: a buffer sized to the jobs at run time holds every send.
func FirstErrorSized(errs []error) error {
	errc := make(chan error, len(errs))
	for _, err := range errs {
		go func() {
			errc <- err
		}()
	}
	for range errs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// CommaOK stops when the comma-ok receive sees the channel closed.
func CommaOK(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			return sum
		}
		sum += v
	}
}

// Async hands the channel to its caller, who receives.
func Async() <-chan int {
	ch := make(chan int)
	go func() {
		ch <- compute()
	}()
	return ch
}

// ActiveWorkers counts the workers down and returns when the last one has
// reported (cmd/go's internal/fuzz coordinator).
func ActiveWorkers(errs []error) error {
	errc := make(chan error)
	for _, err := range errs {
		go func() {
			errc <- err
		}()
	}
	active := len(errs)
	var first error
	for {
		err := <-errc
		if first == nil {
			first = err
		}
		active--
		if active == 0 {
			return first
		}
	}
}

// TwoWorkers receives once per worker it started (runtime's
// TestTimerFairness2).
func TwoWorkers() int {
	done := make(chan int)
	for i := 0; i < 2; i++ {
		go func() {
			done <- i
		}()
	}
	return <-done + <-done
}

// Recovered: the sender recovers from a panic of the call before its
// send, which then never happens (go-libp2p-pubsub's rpc_queue_test).
func Recovered(full bool) bool {
	done := make(chan struct{})
	go func() {
		defer func() { recover() }()
		push(full)
		done <- struct{}{}
	}()
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func push(full bool) {
	if full {
		panic("queue closed")
	}
}

// Pinger starts a sender per tick and receives in the same loop, into a
// buffer for the one in flight (paho.golang's DefaultPinger).
func Pinger(ctx context.Context) error {
	errc := make(chan error, 1)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			go func() {
				time.Sleep(2 * time.Second)
				errc <- errFail
			}()
			return errFail
		case err := <-errc:
			return err
		}
	}
}

// TwoReceivers: two goroutines take one value each of the function's two
// sends; one leaving after its receive strands nobody.
func TwoReceivers() int {
	ch := make(chan int)
	res := make(chan int, 2)
	go func() { res <- <-ch }()
	go func() { res <- <-ch }()
	ch <- 1
	ch <- 2
	return <-res + <-res
}

// PanicBeforeReceive: the path that skips the receive panics; it does not
// return.
func PanicBeforeReceive(fail bool) int {
	ch := make(chan int)
	go func() {
		ch <- compute()
	}()
	if fail {
		panic(errFail)
	}
	return <-ch
}

// HealthCheck pings until a ping fails or takes longer than timeout: a
// timeout sets err, so that round returns at the err check with its ping
// still sending (relic's worker health check). The return at the top of
// the loop is reached only after a round that received its ping.
func HealthCheck(ping func() error, timeout time.Duration, rounds int) error {
	errch := make(chan error)
	for i := 0; ; i++ {
		if i == rounds {
			return nil
		}
		go func() {
			errch <- ping() // want `blocks forever on errch <- ping\(\): the function can return at line 468 with sends on errch still pending`
		}()
		var err error
		select {
		case err = <-errch:
		case <-time.After(timeout):
			err = errors.New("ping timed out")
		}
		if err != nil {
			return err
		}
	}
}

// SlowResult: a timeout sets err, and the err branch still takes the late
// result, so the return past it is reached only after a receive (the
// function has no error result: its error variables are followed all the
// same).
func SlowResult(work func() int, timeout time.Duration, report func(error)) int {
	ch := make(chan int)
	go func() {
		ch <- work()
	}()
	var v int
	var err error
	select {
	case v = <-ch:
	case <-time.After(timeout):
		err = errors.New("slow worker")
	}
	if err != nil {
		v = <-ch
		report(err)
		return v
	}
	return v
}

// SlowResultChecked: the timeout arm's error comes from check, which may
// return nil: then the function returns past the err branch with the
// worker still sending.
func SlowResultChecked(work func() int, timeout time.Duration, check func() error, report func(error)) int {
	ch := make(chan int)
	go func() {
		ch <- work() // want `blocks forever on ch <- work\(\): the function can return at line 517 without receiving`
	}()
	var v int
	var err error
	select {
	case v = <-ch:
	case <-time.After(timeout):
		err = check()
	}
	if err != nil {
		v = <-ch
		report(err)
		return v
	}
	return v
}
