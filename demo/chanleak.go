package demo

import (
	"context"
	"errors"
)

// Lookup asks a slow backend, but gives up when the request is cancelled.
//
// Bug (chanleak): when ctx ends first, Lookup returns and nobody ever
// receives from ch: the goroutine blocks forever on its send, holding the
// result, once per cancelled request. Fix: make(chan string, 1), so the send
// completes whether anybody receives or not.
func Lookup(ctx context.Context, key string, backend func(string) string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- backend(key)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", errors.Join(errors.New("lookup "+key), ctx.Err())
	}
}
