package flowrt

import "fmt"

// An Option configures a pipe or a pipeline stage.
type Option interface{ apply(*config) }

type config struct {
	hwm       int  // 0: the default for the unit
	limit     int  // 0: DefaultLimitFactor * the mark; Unlimited: none
	unit      Unit // 0: the constructor's (Bytes for NewBytePipe, FromReader and Encode; Items otherwise)
	workers   int  // 0: 1
	unordered bool // Map with Workers: results in completion order
	unguarded bool // no limit check and no Stats counters: only for measuring what they cost
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// HighWaterMark sets the high-water mark of a pipe, or of a stage's output
// pipe: Write returns false once the buffered size, counting the new item,
// reaches n. The size is counted in the pipe's Unit: items, or the total
// len of the buffered chunks for a pipe measured in Bytes. The defaults
// are 16 items and 64 KiB.
//
// HighWaterMark(0) is HighWaterMark(1), as Node allows a mark of 0: every
// Write returns false, and each item is handed over before the next one
// is written. HighWaterMark panics if n < 0, as make does for a negative
// size.
func HighWaterMark(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("flowrt: HighWaterMark(%d): the mark must be >= 0", n))
	}
	return optionFunc(func(c *config) { c.hwm = max(n, 1) })
}

// A Unit is what a pipe's mark, limit and buffered size count.
type Unit uint8

const (
	// Items counts every item as 1: the unit of NewPipe and of the
	// outputs of Source, Map, Transform, FromSlice, FromSeq, Merge and
	// Tee, whatever their item type.
	Items Unit = iota + 1
	// Bytes counts a []byte chunk by its length (an empty chunk as 1):
	// the unit of NewBytePipe and of the outputs of FromReader and Encode.
	Bytes
)

func (u Unit) String() string {
	switch u {
	case Items:
		return "items"
	case Bytes:
		return "bytes"
	}
	return fmt.Sprintf("Unit(%d)", uint8(u))
}

// Measure sets the unit of a pipe, or of a stage's output pipe. A stage
// whose items are []byte chunks counts them as items unless given
// Measure(Bytes): the unit never depends on the item type, so that
// HighWaterMark(256) means the same on NewPipe[[]byte] and on a Map with
// []byte results. Measure(Bytes) for items that are not []byte panics
// when the pipe is made.
func Measure(u Unit) Option {
	if u != Items && u != Bytes {
		panic(fmt.Sprintf("flowrt: Measure(%v): the unit must be Items or Bytes", u))
	}
	return optionFunc(func(c *config) { c.unit = u })
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
// pipe's Unit. The default is
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
// ones before them, so at most 2*n items are in flight (see Unordered).
// Stages other than Map ignore it. The default is 1.
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

// Unordered lets a Map stage with Workers write each result as soon as it
// is ready, in completion order, instead of the input order: a slow item
// then holds back no other, and the hand-off is cheaper. It changes
// nothing for a function so cheap that the stage runs its batches itself,
// in order, rather than hand them to the workers. Stages other than Map,
// and a Map with one worker, ignore it.
func Unordered() Option {
	return optionFunc(func(c *config) { c.unordered = true })
}
