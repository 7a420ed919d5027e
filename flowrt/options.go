package flowrt

import "fmt"

// An Option configures a pipe or a pipeline stage.
type Option interface{ apply(*config) }

type config struct {
	hwm     int // 0: the default for the kind of pipe
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
