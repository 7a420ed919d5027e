// Package flowrt provides typed in-memory streams with backpressure, and a
// pipeline runner built on them: what Node.js's stream module gives
// JavaScript (write() returning false, 'drain', highWaterMark, pipeline()),
// done the Go way.
//
// # Pipes
//
// NewPipe returns the two ends of a stream of T. Writer.Write never blocks:
// it returns false once the buffered size, counting the new item, reaches
// the high-water mark, and the producer then calls Writer.Drain, which
// returns when the reader has taken every buffered item. Writer.Send does
// both. The reader takes the whole buffer in one hand-off under one lock,
// which is why a pipe costs less per item than a channel hop.
//
//	r, w := flowrt.NewPipe[int](flowrt.HighWaterMark(64))
//	go func() {
//		for i := range 1000 {
//			if err := w.Send(ctx, i); err != nil {
//				w.CloseWithError(err) // the reader learns why the stream ended early
//				return
//			}
//		}
//		w.Close() // the reader gets every item, then io.EOF
//	}()
//	for v := range r.All(ctx) {
//		fmt.Println(v)
//	}
//	if err := r.Err(); err != nil { ... }
//
// A pipe counts its mark in one Unit, Items or Bytes (the length of []byte
// chunks), set by Measure or by its constructor, never by the item type.
// TryWrite is Write for callbacks that cannot wait, SendAll is Send of a
// batch, and Reader.Ready waits for data in a select.
//
// Closing: Writer.Close ends the stream (the reader gets every accepted item,
// then io.EOF); Writer.CloseWithError destroys it (buffered items are
// dropped, the reader gets the error, and so does the caller: it returns
// the error); Reader.Close and Reader.CloseWithError give up from the
// consuming side (writes fail with ErrDestroyed). A Write after Close is
// refused and reported as ErrWriteAfterClose. Nothing accepted is dropped
// silently: an item that Write accepted is delivered, or the stream's error
// says why not.
//
// A producer that ignores Write's false does not exhaust memory: every pipe
// has a hard Limit far above its mark (64 times it by default), which code
// that stops at false never reaches. The Write that would pass it is
// refused and the stream fails with an error wrapping ErrOverflow that says
// how much was buffered and what to do. Stats reports a pipe's state and
// counters (Pipeline.Stats, per stage), cheap enough for a metrics scrape.
//
// # Pipelines
//
// NewPipeline groups stages (Source, FromSlice, FromSeq, Map, Transform,
// Merge, Tee, Sink), each in its own goroutine with its own context,
// joined by pipes; a Reader belongs to one stage. Pipeline.Wait returns
// after every stage goroutine has returned; the first error wins, destroys
// every pipe and cancels the stages' contexts. A stage that panics is
// reported as a *PanicError; one that returns before its input ended
// releases the stage writing it; an output that nothing reads fails with
// ErrUnread instead of hanging.
//
// # io
//
// FromReader, Encode and ToWriter move bytes between io and a pipeline;
// IOWriter and IOReader are io views of byte pipes.
package flowrt
