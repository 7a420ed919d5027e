package flowrt

import (
	"context"
	"io"
)

// chunkSize is the size of the chunks FromReader reads and Encode emits.
const chunkSize = 32 << 10

// FromReader adds a stage that reads r into a byte pipe, in chunks of up to
// 32 KiB (reads shorter than 8 KiB are copied into chunks of their own
// size), and returns the pipe's reader. io.EOF from r ends the
// stream cleanly; any other error fails the pipeline. r is not closed. A Read blocked in r is not
// interrupted by the pipeline's context: use a reader that honours it
// (or set a deadline) if that matters. Options: HighWaterMark, Limit and Measure (Bytes by default).
func FromReader(p *Pipeline, r io.Reader, opts ...Option) *Reader[[]byte] {
	return Source(p, func(ctx context.Context, w *Writer[[]byte]) error {
		var buf []byte
		for {
			if buf == nil {
				buf = make([]byte, chunkSize)
			}
			n, err := r.Read(buf)
			if n > 0 {
				// A chunk passes to the reader, so a full buffer is sent
				// as it is and a new one made; a short read is copied
				// out, so that a pipe whose mark counts len never holds
				// a 32 KiB array per few bytes.
				chunk := buf[:n:n]
				if n < chunkSize/4 {
					chunk = make([]byte, n)
					copy(chunk, buf)
				} else {
					buf = nil
				}
				if serr := w.Send(ctx, chunk); serr != nil {
					return serr
				}
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}, bytesFirst(opts)...)
}

// bytesFirst returns opts after Measure(Bytes), the unit of the byte
// stages unless opts say otherwise.
func bytesFirst(opts []Option) []Option {
	return append([]Option{Measure(Bytes)}, opts...)
}

// ToWriter adds a stage that writes every chunk of in to w, in order. A
// write error (or a short write, io.ErrShortWrite) fails the pipeline.
// If w has a Flush() method (an http.ResponseWriter's http.Flusher), it
// is called after each batch of chunks, so that a streaming response
// reaches the client as the pipeline produces it rather than when a
// buffer fills. w is not closed: close it after Wait and check that error
// too.
func ToWriter(p *Pipeline, in *Reader[[]byte], w io.Writer) {
	flusher, _ := w.(interface{ Flush() })
	Sink(p, in, func(ctx context.Context, r *Reader[[]byte]) error {
		return r.eachBatch(ctx, func(batch [][]byte) error {
			for _, b := range batch {
				if len(b) == 0 {
					continue
				}
				n, err := w.Write(b)
				if err != nil {
					return err
				}
				if n != len(b) {
					return io.ErrShortWrite
				}
			}
			if flusher != nil {
				flusher.Flush()
			}
			return nil
		})
	})
}

// Encode adds a stage that runs the chunks of in through an encoder made by
// enc around the stage's output, such as
//
//	func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }
//
// At the end of in it closes the encoder, which flushes it; an error from
// the encoder's Write or Close fails the pipeline. The encoded bytes are
// copied into chunks of up to 32 KiB. Options: HighWaterMark, Limit and Measure (Bytes by default) of the output.
func Encode(p *Pipeline, in *Reader[[]byte], enc func(io.Writer) io.WriteCloser, opts ...Option) *Reader[[]byte] {
	return Transform(p, in, func(ctx context.Context, r *Reader[[]byte], w *Writer[[]byte]) error {
		cw := &chunkWriter{ctx: ctx, w: w}
		e := enc(cw)
		for {
			b, err := r.Read(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			if _, err := e.Write(b); err != nil {
				return err
			}
		}
		if err := e.Close(); err != nil {
			return err
		}
		return cw.flush()
	}, bytesFirst(opts)...)
}

// chunkWriter collects small writes into chunks of chunkSize and sends
// them to a byte pipe.
type chunkWriter struct {
	ctx context.Context
	w   *Writer[[]byte]
	buf []byte
}

func (c *chunkWriter) Write(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		if c.buf == nil {
			c.buf = make([]byte, 0, chunkSize)
		}
		k := copy(c.buf[len(c.buf):cap(c.buf)], b)
		c.buf = c.buf[:len(c.buf)+k]
		b = b[k:]
		n += k
		if len(c.buf) == cap(c.buf) {
			if err := c.flush(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	b := c.buf
	c.buf = nil
	return c.w.Send(c.ctx, b)
}

// IOWriter returns an io.WriteCloser view of a byte pipe's writer. Each
// Write copies p into the pipe (io.Writer callers may reuse p) and never
// keeps it: the bytes go into chunks of 32 KiB that the pipe reuses once an
// IOReader has consumed them, and small writes share a chunk until the
// reader takes it, so a steady stream allocates nothing. A Write blocks
// while the pipe is at its high-water mark, and fails with the stream's
// error or ctx's; if the bytes were accepted and only the wait after them
// failed, it returns len(p) with that error (a caller must not write them
// again). Close closes w.
func IOWriter(ctx context.Context, w *Writer[[]byte]) io.WriteCloser {
	return &ioWriter{ctx: ctx, w: w}
}

type ioWriter struct {
	ctx context.Context
	w   *Writer[[]byte]
}

func (iw *ioWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, iw.w.Err()
	}
	accepted, below := writeCopy(iw.w.p, p)
	if !accepted {
		return 0, iw.w.Err()
	}
	if !below {
		if err := iw.w.Drain(iw.ctx); err != nil {
			return len(p), err
		}
	}
	return len(p), nil
}

func (iw *ioWriter) Close() error { return iw.w.Close() }

// ioChunk is the size of the chunks IOWriter fills and IOReader recycles.
const ioChunk = 32 << 10

// maxSpare bounds the chunks a pipe keeps for reuse: enough for a full
// buffer at the default mark, the reader's batch and the one being read.
const maxSpare = 8

// writeCopy is Writer.Write of a copy of b, made in reused chunks: it
// fills the open tail chunk first, then spare ones. b is accepted whole or
// refused, and counts len(b) toward the mark, as one chunk of it would.
func writeCopy(p *pipe[[]byte], b []byte) (accepted, below bool) {
	n := len(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	spins := 0
	for {
		if p.stop {
			p.refuseLocked()
			return false, false
		}
		if p.guarded && p.size >= p.hwm && p.size > p.limit-n {
			p.overflowLocked(n)
			return false, false
		}
		// A reader whose buffer is full is about to return it: let it
		// run and offer the next one, which takes b with one copy
		// (a yield costs a fraction of copying b into a chunk, and the
		// reader copying it out again).
		if p.directN == 0 || p.directN < len(p.direct) || len(p.buf) > 0 || !p.yieldLocked(&spins) {
			break
		}
	}
	size := n // what b adds to the buffer
	if len(p.direct) > p.directN && len(p.buf) == 0 {
		// The reader waits on an empty pipe with its buffer: the bytes
		// that fit go there, delivered, and count toward nothing.
		if p.guarded && p.directN == 0 {
			p.out++
		}
		k := copy(p.direct[p.directN:], b)
		p.directN += k
		b = b[k:]
		size -= k
	}
	if p.openTail > 0 && p.openTail == len(p.buf) {
		last := p.buf[len(p.buf)-1]
		k := copy(last[len(last):cap(last)], b)
		p.buf[len(p.buf)-1] = last[:len(last)+k]
		b = b[k:]
	}
	for len(b) > 0 {
		var c []byte
		if k := len(p.spare); k > 0 {
			c, p.spare = p.spare[k-1], p.spare[:k-1]
		} else {
			c = make([]byte, 0, ioChunk)
		}
		k := copy(c[:cap(c)], b)
		p.buf = append(p.buf, c[:k])
		b = b[k:]
		p.openTail = len(p.buf)
	}
	p.size += size
	below = p.size < p.hwm
	if p.guarded && !below {
		p.markReached++
	}
	p.wakeReaderLocked()
	return true, below
}

// recycle gives a chunk that an IOReader has finished with back to its
// pipe, for writeCopy to fill again. Only chunks of IOWriter's size are
// kept: the chunk belongs to the reader since it was written, whoever
// made it.
func recycle(p *pipe[[]byte], c []byte) {
	if cap(c) != ioChunk {
		return
	}
	p.mu.Lock()
	if len(p.spare) < maxSpare && !p.dead() {
		p.spare = append(p.spare, c[:0])
	}
	p.mu.Unlock()
}

// IOReader returns an io.ReadCloser view of a byte pipe's reader: Read
// copies from the current chunk, keeping what does not fit for the next
// call, and returns io.EOF at the end of the stream, the stream's error or
// ctx's otherwise. io.Copy uses its WriteTo, which hands the chunks to the
// destination without copying them. A chunk it has finished with goes
// back to the pipe for an IOWriter to reuse: the chunks IOReader reads are
// not for keeping. Close closes r.
func IOReader(ctx context.Context, r *Reader[[]byte]) io.ReadCloser {
	return &ioReader{ctx: ctx, r: r}
}

type ioReader struct {
	ctx  context.Context
	r    *Reader[[]byte]
	cur  []byte // the chunk being read
	rest []byte // its unread part
}

// next makes the next chunk current, recycling the one it replaces. If
// it has to wait for one and dst is not nil, a writer may copy into dst
// directly instead: next then returns the n > 0 bytes there.
func (ir *ioReader) next(dst []byte) (n int, err error) {
	if ir.cur != nil {
		recycle(ir.r.p, ir.cur)
		ir.cur = nil
	}
	b, n, err := ir.r.readInto(ir.ctx, dst)
	if n > 0 || err != nil {
		return n, err
	}
	ir.cur, ir.rest = b, b
	return 0, nil
}

func (ir *ioReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(ir.rest) == 0 {
		if n, err := ir.next(p); n > 0 || err != nil {
			return n, err
		}
	}
	n := copy(p, ir.rest)
	ir.rest = ir.rest[n:]
	return n, nil
}

// WriteTo writes the chunks to w without copying them, for io.Copy.
func (ir *ioReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if len(ir.rest) > 0 {
			n, err := w.Write(ir.rest)
			total += int64(n)
			ir.rest = ir.rest[n:]
			if err != nil {
				return total, err
			}
			if len(ir.rest) > 0 {
				return total, io.ErrShortWrite
			}
		}
		_, err := ir.next(nil)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

func (ir *ioReader) Close() error { return ir.r.Close() }
