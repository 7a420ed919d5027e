package flowrt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// FuzzIOViews writes a stream of bytes through IOWriter in writes of
// random sizes, and reads it
// through IOReader with reads of random sizes, some by WriteTo, on another
// goroutine; then closes the writer, or destroys it. It checks:
//   - after Close, the reader gets every byte once, in order, then io.EOF;
//   - after CloseWithError, it gets a prefix of them, then that error;
//   - a Write never reports fewer bytes than it was given without an error;
//   - nothing hangs (a deadline inside the test), no goroutine is left.
//
// The sizes straddle the mark, the reader's buffers and IOWriter's 32 KiB
// chunks, so that writes go into a waiting reader's buffer, into chunks,
// or both.
func FuzzIOViews(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{7, 255, 128, 3, 200, 1, 99, 250, 17})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		if len(data) > 64 {
			data = data[:64]
		}
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		// sizes maps a byte to a size from 1 byte to 40 KiB.
		size := func(b byte) int { return 1 + int(b)*int(b)*40<<10/(255*255) }
		mark := size(data[0])
		destroy := data[1]&1 != 0
		var writes, reads []int
		for i, b := range data[2:] {
			if i%2 == 0 {
				writes = append(writes, size(b))
			} else {
				reads = append(reads, size(b))
			}
		}
		total := 0
		for _, n := range writes {
			total += n
		}
		want := make([]byte, total)
		for i := range want {
			want[i] = byte(i * 7 / 3)
		}

		r, w := NewBytePipe(HighWaterMark(mark))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		iw, ir := IOWriter(ctx, w), IOReader(ctx, r)
		boom := errors.New("fuzz: destroyed")
		werr := make(chan error, 1)
		go func() {
			rest := want
			for _, n := range writes {
				k, err := iw.Write(rest[:n])
				if err != nil {
					werr <- err
					return
				}
				if k != n {
					werr <- io.ErrShortWrite
					return
				}
				rest = rest[n:]
			}
			if destroy {
				werr <- w.CloseWithError(boom)
				return
			}
			werr <- iw.Close()
		}()

		var got bytes.Buffer
		var err error
		for i := 0; err == nil; i++ {
			n := 32 << 10
			if len(reads) > 0 {
				n = reads[i%len(reads)]
			}
			if n%5 == 0 {
				if _, err = ir.(io.WriterTo).WriteTo(&got); err == nil {
					err = io.EOF
				}
				break
			}
			buf := make([]byte, n)
			var k int
			k, err = ir.Read(buf)
			got.Write(buf[:k])
		}
		wres := <-werr
		switch {
		case ctx.Err() != nil:
			t.Fatalf("hung: read %d of %d bytes", got.Len(), total)
		case destroy:
			if !errors.Is(wres, boom) {
				t.Fatalf("CloseWithError = %v, want boom", wres)
			}
			if err != boom {
				t.Fatalf("reader ended with %v, want boom", err)
			}
			if !bytes.HasPrefix(want, got.Bytes()) {
				t.Fatalf("read %d bytes that are not a prefix of the %d written", got.Len(), total)
			}
		default:
			if wres != nil {
				t.Fatalf("writer: %v", wres)
			}
			if err != io.EOF {
				t.Fatalf("reader ended with %v, want io.EOF", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("read %d bytes, want the %d written, in order", got.Len(), total)
			}
		}
		ir.Close()
	})
}
