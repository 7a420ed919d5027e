package flowrt

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
	"time"
)

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.IntN(16)) // compressible
	}
	return b
}

func TestFromReaderToWriter(t *testing.T) {
	noLeak(t)
	data := randomBytes(1<<20 + 123)
	var out bytes.Buffer
	p := NewPipeline(context.Background())
	ToWriter(p, FromReader(p, bytes.NewReader(data)), &out)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Fatalf("copied %d bytes, want %d equal bytes", out.Len(), len(data))
	}
}

func TestFromReaderEOFWithData(t *testing.T) {
	noLeak(t)
	// iotest.DataErrReader returns the last bytes together with io.EOF.
	var out bytes.Buffer
	p := NewPipeline(context.Background())
	ToWriter(p, FromReader(p, iotest.DataErrReader(bytes.NewReader([]byte("tail")))), &out)
	if err := p.Wait(); err != nil || out.String() != "tail" {
		t.Fatalf("Wait = %v, out %q", err, out.String())
	}
}

func TestFromReaderError(t *testing.T) {
	noLeak(t)
	boom := errors.New("disk on fire")
	r := io.MultiReader(bytes.NewReader([]byte("head")), iotest.ErrReader(boom))
	var out bytes.Buffer
	p := NewPipeline(context.Background())
	ToWriter(p, FromReader(p, r), &out)
	if err := p.Wait(); err != boom {
		t.Fatalf("Wait = %v, want the source's error, not a clean end", err)
	}
}

type failWriter struct {
	n     int // bytes accepted before failing
	err   error
	short bool
}

func (f *failWriter) Write(b []byte) (int, error) {
	if len(b) <= f.n {
		f.n -= len(b)
		return len(b), nil
	}
	if f.short {
		return f.n, nil
	}
	return f.n, f.err
}

func TestToWriterErrors(t *testing.T) {
	noLeak(t)
	boom := errors.New("disk full")
	for _, tc := range []struct {
		name string
		w    *failWriter
		want error
	}{
		{"error", &failWriter{n: 100_000, err: boom}, boom},
		{"short", &failWriter{n: 100_000, short: true}, io.ErrShortWrite},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPipeline(context.Background())
			ToWriter(p, FromReader(p, bytes.NewReader(randomBytes(1<<20))), tc.w)
			if err := p.Wait(); err != tc.want {
				t.Fatalf("Wait = %v, want %v", err, tc.want)
			}
		})
	}
}

func gzipEncoder(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }

func TestEncodeGzipRoundTrip(t *testing.T) {
	noLeak(t)
	data := randomBytes(300<<10 + 7)
	var out bytes.Buffer
	p := NewPipeline(context.Background())
	ToWriter(p, Encode(p, FromReader(p, bytes.NewReader(data)), gzipEncoder), &out)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("gzip round trip differs")
	}
}

// badEncoder passes bytes through and fails in Write or Close.
type badEncoder struct {
	w                  io.Writer
	writeErr, closeErr error
}

func (e *badEncoder) Write(b []byte) (int, error) {
	if e.writeErr != nil {
		return 0, e.writeErr
	}
	return e.w.Write(b)
}

func (e *badEncoder) Close() error { return e.closeErr }

func TestEncoderErrors(t *testing.T) {
	noLeak(t)
	boom := errors.New("encoder broke")
	for _, tc := range []struct {
		name string
		enc  badEncoder
	}{
		{"close", badEncoder{closeErr: boom}},
		{"write", badEncoder{writeErr: boom}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPipeline(context.Background())
			src := FromReader(p, bytes.NewReader(randomBytes(100_000)))
			enc := Encode(p, src, func(w io.Writer) io.WriteCloser {
				e := tc.enc
				e.w = w
				return &e
			})
			ToWriter(p, enc, io.Discard)
			if err := p.Wait(); err != boom {
				t.Fatalf("Wait = %v, want the encoder's error", err)
			}
		})
	}
}

func TestIOViews(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe(HighWaterMark(1000))
	ctx := context.Background()
	data := randomBytes(100_000)
	errc := make(chan error, 1)
	go func() {
		iw := IOWriter(ctx, w)
		buf := make([]byte, 777)
		src := bytes.NewReader(data)
		_, err := io.CopyBuffer(iw, src, buf) // buf is reused: the view copies
		if err != nil {
			errc <- err
			return
		}
		errc <- iw.Close()
	}()
	var out bytes.Buffer
	ir := IOReader(ctx, r)
	small := make([]byte, 100)
	// Read through the io.Reader in small pieces, then the rest by WriteTo.
	n, err := io.ReadFull(ir, small)
	if err != nil || n != 100 {
		t.Fatal(n, err)
	}
	out.Write(small)
	if _, err := io.Copy(&out, ir); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Fatal("data differs through the io views")
	}
	if err := ir.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestIOWriterBlocksAtTheMark(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe(HighWaterMark(10))
	iw := IOWriter(context.Background(), w)
	done := make(chan error)
	go func() {
		_, err := iw.Write(make([]byte, 10))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Write returned %v at the mark with no reader", err)
	case <-time.After(short):
	}
	r.Close()
	if err := <-done; !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Write = %v, want ErrDestroyed", err)
	}
}

func TestIOReaderReportsStreamError(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe()
	boom := errors.New("boom")
	w.CloseWithError(boom)
	if _, err := io.ReadAll(IOReader(context.Background(), r)); err != boom {
		t.Fatalf("ReadAll = %v, want boom", err)
	}
}

// trickle returns its data a few bytes per Read, like a slow connection.
type trickle struct{ data []byte }

func (t *trickle) Read(b []byte) (int, error) {
	if len(t.data) == 0 {
		return 0, io.EOF
	}
	n := copy(b[:min(len(b), 100)], t.data)
	t.data = t.data[n:]
	return n, nil
}

func TestFromReaderShortReadsStaySmall(t *testing.T) {
	noLeak(t)
	data := randomBytes(50_000)
	p := NewPipeline(context.Background())
	src := FromReader(p, &trickle{data: data})
	var out []byte
	Sink(p, src, func(ctx context.Context, r *Reader[[]byte]) error {
		for c := range r.All(ctx) {
			if cap(c) > 100 {
				return fmt.Errorf("a %d-byte read kept a %d-byte array", len(c), cap(c))
			}
			out = append(out, c...)
		}
		return r.Err()
	})
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, data) {
		t.Fatal("data differs")
	}
}

// flushRecorder is an io.Writer with an http.Flusher's Flush method: it
// reports on flushed how many bytes each Flush pushed out.
type flushRecorder struct {
	written, flushedUpTo int
	flushed              chan int
}

func (f *flushRecorder) Write(b []byte) (int, error) { f.written += len(b); return len(b), nil }

func (f *flushRecorder) Flush() {
	if f.written > f.flushedUpTo {
		f.flushedUpTo = f.written
		f.flushed <- f.written
	}
}

// ToWriter flushes a destination with a Flush method after each batch: a
// streaming response gets each event as it comes, not when a buffer
// fills. The source writes its second event only once the first was
// flushed.
func TestToWriterFlushesAfterEachBatch(t *testing.T) {
	noLeak(t)
	f := &flushRecorder{flushed: make(chan int, 10)}
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[[]byte]) error {
		for _, ev := range []string{"event 1\n", "event 2\n"} {
			if err := w.Send(ctx, []byte(ev)); err != nil {
				return err
			}
			select {
			case <-f.flushed:
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Second):
				return errors.New("the event was not flushed")
			}
		}
		return nil
	})
	ToWriter(p, src, f)
	if err := waitWithin(t, p); err != nil {
		t.Fatal(err)
	}
	if f.flushedUpTo != 16 {
		t.Fatalf("flushed %d of 16 bytes", f.flushedUpTo)
	}
}

// offered waits until an IOReader's Read waits on p with its buffer
// offered to the writer.
func offered(t *testing.T, p *pipe[[]byte]) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p.mu.Lock()
		ok := p.direct != nil
		p.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the reader never waited")
		}
		time.Sleep(time.Millisecond)
	}
}

type readResult struct {
	b   []byte
	err error
}

// readAsync calls ir.Read with a buffer of size on another goroutine, and
// returns once it waits on p.
func readAsync(t *testing.T, ir io.Reader, p *pipe[[]byte], size int) <-chan readResult {
	c := make(chan readResult, 1)
	go func() {
		buf := make([]byte, size)
		n, err := ir.Read(buf)
		c <- readResult{buf[:n], err}
	}()
	offered(t, p)
	return c
}

// A Read that waits on an empty pipe takes the next writes straight into
// its buffer (one copy, as io.Pipe); what does not fit is buffered as
// usual and comes next, in order.
func TestIOReaderTakesWritesDirectly(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe(HighWaterMark(100))
	ctx := context.Background()
	iw, ir := IOWriter(ctx, w), IOReader(ctx, r)

	for _, step := range []struct {
		readBuf  int    // the waiting Read's buffer
		write    string // then written
		buffered int    // what the buffer did not take
		read     string // what the Read returns
	}{
		{16, "0123456789", 0, "0123456789"}, // room for all of it
		{4, "abcdefghij", 6, "abcd"},        // room for part
	} {
		c := readAsync(t, ir, r.p, step.readBuf)
		if n, err := iw.Write([]byte(step.write)); n != len(step.write) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		if b := w.Buffered(); b != step.buffered {
			t.Fatalf("Buffered = %d after writing %q to a Read waiting with %d bytes, want %d",
				b, step.write, step.readBuf, step.buffered)
		}
		if res := <-c; string(res.b) != step.read || res.err != nil {
			t.Fatalf("Read = %q, %v; want %q", res.b, res.err, step.read)
		}
	}
	iw.Close()
	rest, err := io.ReadAll(ir)
	if string(rest) != "efghij" || err != nil {
		t.Fatalf("ReadAll = %q, %v; want efghij", rest, err)
	}
	if s := w.Stats(); s.In != s.Out || s.In != 3 {
		t.Fatalf("Stats In %d, Out %d; want 3 and 3 (two direct fills and one chunk)", s.In, s.Out)
	}
}

// Bytes copied into a waiting reader's buffer are returned even if its
// context ends before it wakes: they were accepted.
func TestIOReaderDirectBytesSurviveCancel(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe()
	ctx, cancel := context.WithCancel(context.Background())
	iw, ir := IOWriter(context.Background(), w), IOReader(ctx, r)
	c := readAsync(t, ir, r.p, 16)
	if n, err := iw.Write([]byte("accepted")); n != 8 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	cancel()
	if res := <-c; string(res.b) != "accepted" || res.err != nil {
		t.Fatalf("Read = %q, %v; want the accepted bytes", res.b, res.err)
	}
	if _, err := ir.Read(make([]byte, 1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("next Read = %v, want context.Canceled", err)
	}
	iw.Close()
}

// A destroy drops bytes copied into the reader's buffer that Read has not
// returned yet, as it drops the reader's batch: the reader gets them
// before the error, or only the error, never the error and then bytes.
func TestIOReaderDestroyAfterDirectWrite(t *testing.T) {
	noLeak(t)
	boom := errors.New("boom")
	for range 20 {
		r, w := NewBytePipe()
		ctx := context.Background()
		iw, ir := IOWriter(ctx, w), IOReader(ctx, r)
		c := readAsync(t, ir, r.p, 16)
		if _, err := iw.Write([]byte("maybe")); err != nil {
			t.Fatal(err)
		}
		w.CloseWithError(boom)
		res := <-c
		switch {
		case string(res.b) == "maybe" && res.err == nil:
			if _, err := ir.Read(make([]byte, 16)); err != boom {
				t.Fatalf("Read after the delivered bytes = %v, want boom", err)
			}
		case len(res.b) == 0 && res.err == boom:
		default:
			t.Fatalf("Read = %q, %v; want the 5 bytes then boom, or boom", res.b, res.err)
		}
		if _, err := ir.Read(make([]byte, 16)); err != boom {
			t.Fatalf("Read after the end = %v, want boom", err)
		}
	}
}
