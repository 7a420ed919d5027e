package flowrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var (
	errFuzz   = errors.New("fuzz: CloseWithError")
	errReason = errors.New("fuzz: Reader.CloseWithError")
)

// FuzzPipe drives a random schedule of writer operations (Write, Send,
// TryWrite, SendAll, Drain, Drained, Close, CloseWithError, cancel) and
// reader operations (Read, a range loop over All left early, Ready,
// Close, CloseWithError, cancel) on two
// goroutines, then closes the writer and reads to the end. It checks:
//   - the reader gets the written items in order, each once, with no gap;
//   - a clean io.EOF means every item written before Close was delivered,
//     and every accepted one (Stats.In): nothing accepted is dropped;
//   - any other end is an error the schedule explains, and
//     ErrWriteAfterClose (which destroys nothing) also comes after every
//     item written before Close, unless a destroy after it dropped them;
//   - a writer that obeys Write's false never buffers more than the mark;
//   - nothing hangs (a deadline inside the test);
//   - no goroutine is left behind (goleak, for each input).
//
// Bit 3 of the first byte picks how waits park: in a select on ctx.Done (a
// pipe of NewPipe with a cancellable context), or on the pipe's conds, as
// in a pipeline whose context wakes the pipe when it ends (the schedule's
// context plays the pipeline's). The final read always selects.
//
// The seed corpus is in testdata/fuzz/FuzzPipe.
func FuzzPipe(f *testing.F) {
	f.Add([]byte{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		if len(data) > 200 {
			data = data[:200]
		}
		runSchedule(t, data)
	})
}

func runSchedule(t *testing.T, data []byte) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	mark := int(data[0]%8) + 1
	r, w := NewPipe[int](HighWaterMark(mark))
	var wops, rops []byte
	for i, b := range data[1:] {
		if i%2 == 0 {
			wops = append(wops, b)
		} else {
			rops = append(rops, b)
		}
	}
	// opsCtx is what the schedule may cancel; the final phases use end,
	// whose deadline only a hang reaches.
	opsCtx, cancelOps := context.WithCancel(context.Background())
	defer cancelOps()
	end, cancelEnd := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelEnd()
	if data[0]&8 != 0 {
		// What Pipeline.start does for the pipes of a stage.
		r.p.writerDone = opsCtx.Done()
		stop := context.AfterFunc(opsCtx, r.p.wake)
		defer stop()
	}

	var (
		wg          sync.WaitGroup
		written     int   // sequence numbers handed to Write/Send
		beforeClose = -1  // written when the writer first closed
		closedWith  error // error given to CloseWithError, if any
		afterClose  bool  // Write or Send called after Close
		overMark    string
	)
	wg.Go(func() {
		mayWrite := true // false after Write said false, until a drain
		write := func() {
			if !mayWrite {
				if w.Drain(opsCtx) == nil {
					mayWrite = true
				}
				return
			}
			afterClose = afterClose || beforeClose >= 0
			ok := w.Write(written)
			written++
			if !ok {
				mayWrite = false
			}
		}
		for _, op := range wops {
			switch op % 13 {
			case 0, 1, 2:
				write()
			case 3:
				if !mayWrite {
					write()
					break
				}
				afterClose = afterClose || beforeClose >= 0
				err := w.Send(opsCtx, written)
				written++
				mayWrite = err == nil
			case 4:
				if w.Drain(opsCtx) == nil {
					mayWrite = true
				}
			case 5:
				select {
				case <-w.Drained():
					if w.Err() == nil {
						mayWrite = true
					}
				case <-opsCtx.Done():
				}
			case 6:
				if beforeClose < 0 {
					beforeClose = written
				}
				w.Close()
			case 7:
				if op%3 == 0 { // rarer: a destroy ends most schedules early
					if beforeClose < 0 {
						beforeClose = written
					}
					w.CloseWithError(errFuzz)
					closedWith = errFuzz
				}
			case 8:
				if (op/10)%3 == 0 {
					cancelOps()
				}
			case 9:
				for range mark {
					write()
				}
			case 10:
				// TryWrite takes the item or not; a refused or
				// untaken item is not written (its number is reused).
				afterClose = afterClose || beforeClose >= 0
				accepted, err := w.TryWrite(written)
				if accepted {
					written++
				}
				// TryWrite says nothing of the mark once it took the
				// item: a producer that goes on with Write checks it.
				mayWrite = accepted && err == nil && w.Buffered() < mark
			case 11:
				if !mayWrite {
					write()
					break
				}
				k := int(op/13)%5 + 1
				batch := make([]int, k)
				for i := range batch {
					batch[i] = written + i
				}
				afterClose = afterClose || beforeClose >= 0
				before := w.Stats().In
				err := w.SendAll(opsCtx, batch)
				if err == nil {
					written += k
				} else {
					// A prefix was accepted: the only writer counts it.
					written += int(w.Stats().In - before)
				}
				mayWrite = err == nil
			}
			if n := w.Buffered(); n > mark {
				overMark = fmt.Sprintf("buffered %d > mark %d", n, mark)
			}
		}
		if beforeClose < 0 {
			beforeClose = written
		}
		w.Close()
	})

	var (
		got      []int
		endErr   error
		readerCl bool
	)
	wg.Go(func() {
		for _, op := range rops {
			switch op % 10 {
			case 0, 1, 2, 3:
				v, err := r.Read(opsCtx)
				if err == nil {
					got = append(got, v)
				}
			case 4:
				k := int(op/8) % 5
				i := 0
				for v := range r.All(opsCtx) {
					got = append(got, v)
					if i++; i > k {
						break // destroys the stream
					}
				}
				if i > k || r.Err() != nil && r.Err() == opsCtx.Err() {
					readerCl = true // left early, or ended by its context: both close the reader
				}
			case 5:
				if op%3 == 0 {
					r.Close()
					readerCl = true
				}
			case 6:
				if op%5 == 0 {
					cancelOps()
				}
			case 7:
				time.Sleep(time.Duration(op%4) * 10 * time.Microsecond)
			case 8:
				select {
				case <-r.Ready():
					v, err := r.Read(opsCtx) // returns at once
					if err == nil {
						got = append(got, v)
					}
				case <-opsCtx.Done():
				}
			case 9:
				if op%3 == 0 {
					r.CloseWithError(errReason)
					readerCl = true
				}
			}
		}
		for {
			v, err := r.Read(end)
			if err != nil {
				endErr = err
				return
			}
			got = append(got, v)
		}
	})

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("schedule %v hangs", data)
	}
	if errors.Is(endErr, context.DeadlineExceeded) {
		t.Fatalf("schedule %v: the final read hung", data)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("schedule %v: item %d is %d (order, gap or duplicate): %v", data, i, v, got)
		}
	}
	if overMark != "" {
		t.Fatalf("schedule %v: %s", data, overMark)
	}
	in := w.Stats().In
	switch {
	case endErr == io.EOF:
		// Items written after Close are refused; all before it arrive.
		if len(got) != beforeClose || int64(len(got)) != in {
			t.Fatalf("schedule %v: clean EOF after %d items; %d were written before Close, %d accepted", data, len(got), beforeClose, in)
		}
	case errors.Is(endErr, ErrDestroyed):
		if !readerCl {
			t.Fatalf("schedule %v: ErrDestroyed but the reader never closed", data)
		}
	case errors.Is(endErr, errFuzz):
		if closedWith == nil {
			t.Fatalf("schedule %v: CloseWithError's error, never given", data)
		}
	case errors.Is(endErr, ErrWriteAfterClose):
		if !afterClose {
			t.Fatalf("schedule %v: ErrWriteAfterClose, but nothing was written after Close", data)
		}
		// The items accepted before Close come first, unless a destroy
		// after the failure (CloseWithError, the reader's Close) dropped
		// the rest: a destroy drops the buffer whatever failed first.
		destroyed := closedWith != nil || readerCl
		if len(got) > beforeClose || !destroyed && (len(got) != beforeClose || int64(len(got)) != in) {
			t.Fatalf("schedule %v: ErrWriteAfterClose after %d items; %d were written before Close, %d accepted", data, len(got), beforeClose, in)
		}
	default:
		t.Fatalf("schedule %v: the reader ended with %v", data, endErr)
	}
}
