// Package flowrtembed: a struct that embeds a flowrt writer, as one does to
// give it a name or counters, closes and writes the writer through its
// promoted methods (found by the bpcorpus hunt: it was not followed).
package flowrtembed

import (
	"context"

	"github.com/flowvet/flowvet/flowrt"
)

type Event struct{ N int }

type Out struct {
	*flowrt.Writer[Event]
	Name string
}

func trailer(ctx context.Context, o *Out, es []Event) error {
	for _, e := range es {
		if err := o.Send(ctx, e); err != nil {
			return err
		}
	}
	o.Close()
	return o.Send(ctx, Event{}) // want `o.Send after o.Close \(line 25\): the write is rejected with flowrt.ErrWriteAfterClose and its data is lost`
}

func loop(o *Out, es []Event) {
	for _, e := range es {
		o.Write(e) // want `o.Write after o.Close \(line 32\)`
		o.Close()
	}
}

// ---- silent ----

func closeLast(ctx context.Context, o *Out, es []Event) error { // want closeLast:"closesParams\\[1\\]"
	defer o.Close()
	for _, e := range es {
		if err := o.Send(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// Own declares its own Close: what it does is not known.
type Own struct {
	*flowrt.Writer[Event]
	closed bool
}

func (o *Own) Close() error { o.closed = true; return nil }

func own(ctx context.Context, o *Own) error { // want own:"closesParams\\[1\\]"
	o.Close()
	return o.Send(ctx, Event{})
}

// Rec declares its own Write: it may write elsewhere.
type Rec struct {
	*flowrt.Writer[Event]
	log []Event
}

func (r *Rec) Write(e Event) bool { r.log = append(r.log, e); return true }

func rec(r *Rec) { // want rec:"closesParams\\[0\\]"
	r.Close()
	r.Write(Event{})
}
