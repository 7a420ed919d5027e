// Package chanleak reports goroutines that block forever on a channel
// because the other side of the channel left first.
//
// # Analyzer chanleak
//
// chanleak: report goroutines that block forever on a channel whose other side left
//
// Three shapes, for a channel made in the function by make(chan T) or
// make(chan T, n) with a constant n, used only by the function itself and
// by the goroutines it starts with a function literal (go func(){...}(),
// errgroup's g.Go, sync.WaitGroup's wg.Go):
//
//  1. Early return before the receive. A goroutine sends on the channel
//     (once, or in a loop) with no way out, and the function can return on
//     a path that has not received every send the buffer cannot hold: an
//     error return between the go statement and the receive, a select whose
//     other case (time.After, ctx.Done(), another channel) returns, a
//     break or return out of `for v := range ch`. The sender blocks forever.
//     When a single send can be pending on an unbuffered channel, the
//     suggested fix gives the channel a buffer of one.
//  2. A consumer goroutine that stops early. A goroutine (an errgroup stage,
//     a WaitGroup worker) receives from the channel and can return while
//     another goroutine, or the function itself, still has sends pending:
//     the sender blocks forever, and the group's Wait never returns.
//  3. A range nobody ends. The channel is closed by one function, which can
//     return on some path without closing it, while another ranges over it:
//     the range waits forever.
//
// A send counts as having a way out when it is a case of a select with
// another case or a default. The report is silent when the channel escapes
// (returned, stored, converted, passed to a call or to a goroutine the
// analyzer does not see, captured by another function literal), when a
// deferred function uses it (a deferred drain), when the buffer holds every
// send that can be pending, when the receiver synchronizes with the sender
// some other way before it returns (a receive from another channel the
// sender writes, a Wait of a WaitGroup or errgroup), when a loop that
// receives from the channel ends normally (it is assumed to count its
// receives right, as is a branch where a counter that loop steps reaches
// its mark), after a comma-ok receive reports the channel closed, when a
// sender in a loop has a last send after which it stops (the receiver may
// leave on that value), when a sender defers a recover (it may panic out
// before its send), when several receives outside loops take from senders
// started in a loop (the counts cannot be related), when a buffered
// channel's senders are started in a loop that receives as it goes (the
// buffer is taken to be sized for those in flight), and on a path where a
// test has failed (t.Error, t.Fatal, t.Skip...). A receiver that takes a
// fixed number of values from a sender that sends in a loop, a sending
// function that hears from its consumer on another channel, and a
// consumer that returns on a channel the sender closes are not reported
// either. Returning from main.main ends the program and is not a leak.
//
// Rule IDs (each diagnostic's Category): C-earlyreturn (a sender blocks
// forever: the function can return before receiving its send),
// C-stopped (a sender blocks forever once the consumer goroutine returns
// and stops receiving), C-unclosed (a range over a channel waits forever:
// its closer can return without closing it).
package chanleak
