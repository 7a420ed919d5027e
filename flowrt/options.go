package flowrt

import "fmt"

// An Option configures a pipe or a pipeline stage.
type Option interface{ apply(*config) }

type config struct {
	hwm     int // 0: the default for the kind of pipe
	limit   int // 0: DefaultLimitFactor * the mark; Unlimited: none
	workers int // 0: 1
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// HighWaterMark sets the high-water mark of a pipe, or of a stage's output
// pipe: Write returns false once the buffered size, counting the new item,
// reaches n. The size is the number of items, or for byte pipes (and stages
// whose items are []byte) the total len of the buffered chunks.
// The defaults are 16 items and 64 KiB.
//
// HighWaterMark panics if n <= 0, as make does for a negative size: a pipe
// with no room would make every Write return false and every Send wait.
func HighWaterMark(n int) Option {
	if n <= 0 {
		panic(fmt.Sprintf("flowrt: HighWaterMark(%d): the mark must be > 0", n))
	}
	return optionFunc(func(c *config) { c.hwm = n })
}

// Unlimited, given to Limit, removes a pipe's limit: a producer that
// ignores Write's false then grows the buffer until memory runs out, as in
// Node.js.
const Unlimited = -1

// DefaultLimitFactor is the default limit of a pipe, as a multiple of its
// high-water mark: 1024 items for the default item mark, 4 MiB for the
// default byte mark.
const DefaultLimitFactor = 64

// Limit sets the hard limit of a pipe, or of a stage's output pipe, in the
// mark's unit (items, or bytes for byte pipes). The default is
// DefaultLimitFactor times the mark.
//
// The limit catches a producer that ignores Write's false. It applies only
// to a Write made while the buffer is already at or above the mark, that
// is, after some Write returned false: a producer that stops at false (or
// uses Send) buffers at most the mark plus one item, and one more item per
// goroutine writing at the same time, so correct code never reaches a
// limit far above the mark. A Write that would take the buffer past the
// limit is refused, and the stream fails with an error wrapping
// ErrOverflow; the reader gets every item accepted before it, then that
// error.
//
// Limit(Unlimited) removes the limit. Limit panics if n is 0 or below
// Unlimited; a pipe panics at construction if its limit is below its mark.
func Limit(n int) Option {
	if n <= 0 && n != Unlimited {
		panic(fmt.Sprintf("flowrt: Limit(%d): the limit must be > 0, or Unlimited", n))
	}
	return optionFunc(func(c *config) { c.limit = n })
}

// Workers sets how many goroutines a Map stage runs its function in. The
// output keeps the input order: results that finish early wait for the
// ones before them, so at most 2*n items are in flight. Stages other than
// Map ignore it. The default is 1.
//
// Workers panics if n <= 0.
func Workers(n int) Option {
	if n <= 0 {
		panic(fmt.Sprintf("flowrt: Workers(%d): the number of workers must be > 0", n))
	}
	return optionFunc(func(c *config) { c.workers = n })
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}
