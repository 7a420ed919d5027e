package gclfixture

import (
	"context"
	"errors"
)

// BUG chanleak: when ctx ends first, nobody receives from ch and the
// goroutine blocks forever on its send.
func lookup(ctx context.Context, backend func() string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- backend()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", errors.New("lookup cancelled")
	}
}

// OK: a buffer of one lets the send complete whether or not anybody receives.
func lookupOK(ctx context.Context, backend func() string) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- backend()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", errors.New("lookup cancelled")
	}
}
