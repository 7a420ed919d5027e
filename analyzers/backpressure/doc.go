// Package backpressure defines an Analyzer that reports ignored
// backpressure signals of flowrt writers.
//
// # Analyzer backpressure
//
// backpressure: report ignored backpressure signals of flowrt writers
//
// (*flowrt.Writer[T]).Write never blocks: it returns false once the buffer
// reached its high-water mark (or the stream is closed). A producer that
// writes on after a false result makes memory grow without bound. The
// analyzer reports:
//
//   - a Write whose result is discarded: an expression statement, an
//     assignment to _ (a written decision about an error, but not about
//     this bool: silencing it takes //flowvet:ignore backpressure <reason>),
//     a go or defer statement;
//   - a Write result stored in a local variable that is never read,
//     overwritten before it is read on some path, or not read on a path
//     that returns success;
//   - a false result that is tested but ignored: inside a loop, the false
//     branch (of an if, a switch on the signal, a condition combining it
//     with && or ||, or a test of full := !w.Write(v)) neither waits
//     (Drain, Send, a receive from Drained()), nor returns, breaks or
//     hands the bool on, and the loop writes again. A timer (time.Sleep, a
//     ticker, time.After) is no wait: time passing says nothing about the
//     consumer;
//   - a Write retried in a for condition (for !w.Write(v) { ... }): a
//     false Write has buffered the item already, or refused it for good;
//   - a TryWrite whose accepted result is discarded (a statement, _, go,
//     defer): TryWrite never accepts at the mark, so a false there means
//     the item was not taken and is silently dropped. Any read of it
//     (including a deliberate drop) is respected.
//
// A function that returns the signal (func emit(w *flowrt.Writer[int], v
// int) bool { return w.Write(v) }), or a constant false on the signal's
// false branch without waiting (if !w.Write(v) { return false }), is itself
// a source: the analyzer exports a fact for it, and calls to it, in this
// package or another, are checked the same way. A function that waits whenever the signal is false (ok :=
// w.Write(v); if !ok { w.Drain(ctx) }; return ok) is not: its false leaves
// nothing for the caller to wait for. A local variable bound once to a method value (write :=
// w.Write), a function value, or a function literal that returns the
// signal, and only ever called, is followed like the call it stands for;
// so is a method expression ((*flowrt.Writer[T]).Write(w, v)).
//
// Where a context.Context is in scope and the function returns an error as
// its last result, a discarded w.Write(v) gets a suggested fix: use
// w.Send(ctx, v), which waits for the buffer to drain, and return its
// error.
//
// Rule IDs (each diagnostic's Category): B-ignored (the signal dropped in
// a statement), B-blank (assigned to _), B-godefer (lost in a go or defer
// statement), B-neverread (stored and never read), B-overwritten (stored
// and overwritten before it is read), B-successpath (not read on a path
// that returns success), B-tested (tested, then ignored in a loop that
// writes again), B-retried (a Write retried in a for condition),
// B-trywrite (TryWrite's accepted result discarded).
package backpressure
