// Package testfail: a goroutine left blocked on a path where the test has
// already failed is not reported (the leak ends with the test binary, and
// the report would repeat the failure). These leaks are real, so this
// package has no runtime proof of exiting: it is the one policy silence.
package testfail

import (
	"testing"
	"time"
)

func work() int { return 1 }

// TestTimeout: the send leaks only after the test failed on timeout
// (bufio's TestZeroReader, bombardier, oklog/run, paho.mqtt).
func TestTimeout(t *testing.T) {
	ch := make(chan int)
	go func() {
		ch <- work()
	}()
	select {
	case v := <-ch:
		if v != 1 {
			t.Errorf("got %d", v)
		}
	case <-time.After(time.Second):
		t.Error("timed out")
	}
}

// TestEarlyReturn: a return that did not fail the test still leaks.
func TestEarlyReturn(t *testing.T) {
	ch := make(chan int)
	go func() {
		ch <- work() // want `the goroutine started at line 34 blocks forever on ch <- work\(\): the function can return at line 38`
	}()
	if testing.Short() {
		return
	}
	<-ch
}
