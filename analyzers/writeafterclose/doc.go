// Package writeafterclose reports writes to a stream after it was closed.
//
// # Analyzer writeafterclose
//
// writeafterclose: report writes to a stream after it was closed
//
// A Write, WriteString, WriteByte, WriteRune, WriteAt, ReadFrom, Send,
// Flush or Sync call (or fmt.Fprint*, io.WriteString, io.Copy* and
// binary.Write into the value) that is reachable on some path after Close,
// CloseWithError or CloseWrite of the same variable in the same function
// fails (os.ErrClosed, io.ErrClosedPipe, net.ErrClosed, or a rejected
// flowrt write) and its data is lost. Covered: flowrt writers, *os.File,
// *io.PipeWriter, net connections, gzip, zlib, flate, lzw, zip and tar
// writers, and any local whose type is an interface with Write and Close
// (io.WriteCloser, net.Conn).
//
// A stream in a field of a local or receiver (w.f) is followed too, until
// an assignment to w.f or w, a method call on w, or a call that takes w;
// wrapper fields are known from composite literals and assignments, so
// `w.f.Close(); w.bw.Flush()` is reported. Nested fields (s.out.f, up to
// three deep) are followed too, but any call outside the standard library
// between the close and the write ends the watch.
//
// Deferred calls run at return, in reverse order: `defer f.Close()` followed
// by writes is fine, but `defer w.Sync(); defer w.Close()` syncs a closed
// file, and a deferred write that runs after an explicit Close is reported.
//
// Wrapper chains made by the standard constructors (bufio.NewWriter*,
// gzip.NewWriter*, zlib.NewWriter*, flate.NewWriter*, lzw.NewWriter,
// tar.NewWriter, zip.NewWriter, csv.NewWriter and the json, xml and gob
// encoders) are followed one named level and through anonymous inner
// writers (tar.NewWriter(gzip.NewWriter(f)) writes into f): a write, Flush
// or Close of the wrapper writes into the stream it wraps, so `f.Close()`
// before `gz.Close()` (or `defer gz.Close(); defer f.Close()`) loses the
// compressed tail. A wrapper Close that comes after an explicit Close of
// the same wrapper writes nothing and is not reported, nor is a bufio or
// csv Flush with nothing written since the last Flush.
//
// A close in the last iteration of a counted loop (`if i == n-1 {
// w.Close() }` in `for i := 0; i < n; i++`, or over a range of a slice)
// does not reach the next iteration.
//
// A function that closes one of its parameters on every path that returns
// exports a fact, so a caller that writes after calling it is reported,
// across packages. A function literal that is called immediately or through
// a local variable acts where it is called; a variable reassigned in another
// function, whose address is taken, or that a function literal the analyzer
// cannot follow (passed away, run by go) mentions is not checked.
// Reassignment of the variable, and Reset of a wrapper, start afresh.
// Deferred writes are not reported at returns that report an error (as
// analyzers/internal/errpath judges them), and
// in _test.go files a write after close whose result is looked at is a
// test of the error.
//
// Rule IDs (each diagnostic's Category): W-write (a write after an
// explicit Close), W-atreturn (a deferred write that runs at return after
// an explicit Close), W-deferorder (a deferred write that runs after a
// deferred Close), W-wrapper (a wrapper writes into its destination after
// it was closed).
package writeafterclose
