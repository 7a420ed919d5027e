package bufiocase

import (
	"bufio"
	"io"
	"os"
)

// A getter of a value built over the writer reads a counter: it writes
// nothing into the writer (zapx merge.go:112, mergeSegmentBases:
// `return newDocNums, uint64(cr.Count()), nil` after br.Flush()).

type countWriter struct {
	w io.Writer
	n int
}

func newCountWriter(w io.Writer) *countWriter { return &countWriter{w: w} }

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

func (c *countWriter) Count() int             { return c.n }
func (c *countWriter) Sum32() uint32          { return uint32(c.n) }
func (c *countWriter) Pad(k int) (int, error) { return c.w.Write(make([]byte, k)) }
func (c *countWriter) Trailer() (int, error)  { return c.w.Write([]byte{0}) }
func (c *countWriter) Mark()                  { c.w.Write([]byte{1}) }
func (c *countWriter) Done() error            { _, err := c.w.Write([]byte{2}); return err }

// Silent: the method getter and the field read come after the checked
// Flush.
func countedWrite(path string, data []byte) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	br := bufio.NewWriter(f)
	cw := newCountWriter(br)
	if _, err := cw.Write(data); err != nil {
		f.Close()
		return 0, err
	}
	if err := br.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	if cw.n == 0 {
		return 0, nil
	}
	return int(cw.Sum32()) + cw.Count(), nil
}

// Still reported: a method with an argument, without results, with an
// error result, or with a non-basic result, used after the Flush, writes.
func paddedAfterFlush(w io.Writer, data []byte) error {
	br := bufio.NewWriter(w) // want `bufio.Writer br is not flushed before the return at line 73`
	cw := newCountWriter(br)
	if _, err := cw.Write(data); err != nil {
		return err
	}
	if err := br.Flush(); err != nil {
		return err
	}
	if _, err := cw.Pad(4); err != nil {
		return err
	}
	return nil
}

func markAfterFlush(w io.Writer, data []byte) error {
	br := bufio.NewWriter(w) // want `bufio.Writer br is not flushed before the return at line 83`
	cw := newCountWriter(br)
	if err := br.Flush(); err != nil {
		return err
	}
	cw.Mark()
	return nil
}

func trailerAfterFlush(w io.Writer) (int, error) {
	br := bufio.NewWriter(w) // want `bufio.Writer br is not flushed before the return at line 96`
	cw := newCountWriter(br)
	if err := br.Flush(); err != nil {
		return 0, err
	}
	n, err := cw.Trailer()
	if err != nil {
		return 0, err
	}
	return n, cw.Done()
}
