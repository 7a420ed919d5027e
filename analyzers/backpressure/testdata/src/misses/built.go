package misses

import (
	"context"
	"log"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// The loop receives the parts of the item it writes (a batch appended to,
// an event built from a line): that receive fetches input, and is no wait
// for the consumer.

func batchLines(ctx context.Context, in <-chan string, w *flowrt.Writer[[]string], size int) error {
	var buf []string
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line := <-in:
			buf = append(buf, line)
			if len(buf) < size {
				continue
			}
			if !w.Write(buf) { // want `a false result of w.Write is tested but ignored`
				log.Print("consumer slow")
			}
			buf = nil
		}
	}
}

type Line struct {
	Text string
	At   time.Time
}

func wrapLines(in <-chan string, w *flowrt.Writer[Line]) {
	for {
		text := <-in
		ev := Line{Text: text, At: time.Now()}
		if ok := w.Write(ev); !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			log.Print("consumer slow")
		}
	}
}

// Silent: the consumer's reply is no part of the item, or the next item is
// derived from it (a lockstep protocol: the producer waits for the reply).

func withAck(w *flowrt.Writer[[]string], lines []string, acks <-chan struct{}) {
	var buf []string
	for _, l := range lines {
		buf = append(buf, l)
		if !w.Write(buf) {
			log.Print("consumer slow")
		}
		<-acks
		buf = nil
	}
}

type Req struct{ Seq int }

func next(reply int) Req { return Req{Seq: reply + 1} }

func lockstep(w *flowrt.Writer[Req], replies <-chan int) {
	req := Req{}
	for {
		if !w.Write(req) {
			log.Print("full")
		}
		reply := <-replies
		req = next(reply)
	}
}

// Silent: the batch is waited for.
func batchLinesDrain(ctx context.Context, in <-chan string, w *flowrt.Writer[[]string], size int) error {
	var buf []string
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line := <-in:
			buf = append(buf, line)
			if len(buf) < size {
				continue
			}
			ok := w.Write(buf)
			buf = nil
			if !ok {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
		}
	}
}
