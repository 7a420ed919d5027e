// Package pipelineerr reports stream errors that nobody handles, in flowrt
// pipelines and in the standard library's io package.
//
// # Analyzer pipelineerr
//
// pipelineerr: report stream errors that nobody handles
//
// flowrt:
//
//   - a *flowrt.Pipeline created by NewPipeline in a function that does not
//     hand it on (return it, send it, store it, pass it to a function other
//     than flowrt's stage constructors) and never calls its Wait, or returns
//     success on a path that does not call it: the first stage error is lost
//     and the stage goroutines leak. Call p.Wait() and handle its error.
//   - the result of Pipeline.Wait, Writer.Send, Writer.SendAll or
//     Writer.Drain discarded by an expression statement, go or defer.
//     (`_ = p.Wait()` is a written decision and is respected.)
//   - the result of Reader.CloseWithError(err) discarded where the function
//     goes on to report success: it is the only report of why the consumer
//     gave up. Not when err is returned, sent or stored right after.
//   - Reader.Read whose error is discarded (`v, _ := r.Read(ctx)`, or the call
//     as a statement): the error is the only end-of-stream signal, so the loop
//     cannot tell io.EOF, a failed upstream or a cancelled context from a zero
//     item.
//   - a `for v := range r.All(ctx)` loop over a reader made by NewPipe in the
//     function, with no r.Err() check anywhere: the loop ends the same way on
//     a clean close and on a failure.
//
// io:
//
//   - the results of io.Copy, io.CopyN or io.CopyBuffer discarded (expression
//     statement, go, defer, or an assignment of both results to _): a failed or
//     short copy leaves truncated data and nobody knows. A copy into io.Discard
//     (a deliberate drain), into os.Stdout or os.Stderr (like fmt.Print), into
//     a peer (a connection, or a response with a Content-Length: the peer
//     sees the cut), between in-memory buffers that cannot fail, or on a path that returns
//     an error is not reported; nor a copy of memory in a function without
//     an error result (one Write, like fmt.Fprint), a best-effort digest (a
//     hash fed from a source the function gives up on silently), a local
//     hash whose sum is only compared (a read error only makes the sums
//     differ), or a relay
//     in a fire-and-forget goroutine (no result, no error channel, no
//     captured error variable; a go func literal, an unexported function
//     used only as a go statement's callee, or a func() literal an
//     unexported function returns for callers that run it only in a
//     goroutine), unless its destination can
//     carry the error to its reader: an *io.PipeWriter (CloseWithError) or a
//     child's cmd.StdinPipe() (set cmd.Stdin instead: cmd.Wait reports the
//     copy). A bare `go io.Copy(dst, src)` (or CopyBuffer) is a relay when
//     one end is a connection, a pipe or a terminal, and not reported unless
//     dst is a file the function created or can carry the error. A copy out
//     of a pseudo-terminal master, in any statement, ends with EIO whenever
//     the child exits and is not reported either, unless dst is a file the
//     function created or can carry the error (the pty special case).
//   - `n, _ := io.Copy(dst, src)` (CopyN, CopyBuffer; `=` too): the count
//     is kept and the error dropped, so a failed or short copy's count is
//     taken for a whole one (P-halfcopy). The suggested fix names the error
//     and returns it.
//   - io.Copy or io.CopyN into an http.ResponseWriter with the error
//     dropped, in a handler that sets no Content-Length: net/http ends the
//     chunked body normally and the client keeps a truncated body as
//     complete (golang/go#31932; P-httpcopy). The suggested fix panics with
//     http.ErrAbortHandler when the copy fails, which cuts the connection.
//   - x.WriteTo(pw) into an *io.PipeWriter with its result discarded: like
//     a dropped io.Copy into the pipe, the reader sees a clean io.EOF after
//     truncated data; pw.CloseWithError(err) hands it the error.
//   - pw.Close() of an *io.PipeWriter (or of a type declared with the
//     CloseWithError duty, -streams=pkg.T:CloseWithError), or w.Close() of
//     a flowrt writer as a statement or returned (unless the error is the
//     writer's own), on a
//     path where an error is in hand (inside
//     `if err != nil { ... }`): the reader sees a clean io.EOF after
//     truncated data. The suggested fix replaces it with pw.CloseWithError(err)
//     (for a flowrt writer only when the error cannot be io.EOF:
//     CloseWithError(io.EOF) drops what is buffered). Not when the error is
//     the pipe writer's own write error (pw.Write, io.WriteString(pw, …),
//     fmt.Fprint*(pw, …)): such a write fails only once the reader has
//     stopped, so nobody is left to tell. Nor when the error comes from
//     reading another io.Pipe of the function whose writer end was handed,
//     in one call, together with pw's reader end (a duplex peer over two
//     pipes: the peer ended its requests itself).
//   - an *io.PipeWriter made by io.Pipe and written by one goroutine (a `go`
//     statement's function literal, or a literal passed to errgroup's or
//     sync.WaitGroup's Go) that is not closed on some path to the end of that
//     goroutine: the reader blocks forever. A deferred Close or
//     CloseWithError counts as a close.
//   - in such a goroutine that defers pw.Close(), an `if err != nil` branch
//     that only logs err and returns: the deferred Close hands the reader a
//     clean io.EOF after truncated data.
//   - `defer pw.CloseWithError(err)` (an *io.PipeWriter, *io.PipeReader or
//     flowrt writer) where the local error variable err is assigned on a
//     path after the defer statement: the argument is evaluated at the
//     defer, so the pipe is closed with the old value (usually nil) and the
//     reader gets a clean io.EOF even after a failure. The suggested fix
//     rewrites it to `defer func() { pw.CloseWithError(err) }()`. Silent
//     inside an `if err != nil` branch (the error in hand is the one meant).
//   - the result of (*io.PipeWriter).CloseWithError or
//     (*io.PipeReader).CloseWithError used as a value: it is always nil, so
//     `return pw.CloseWithError(err)` returns nil and the error is lost. The
//     suggested fix calls CloseWithError first and returns (or sends) err.
//
// Errors caught and then thrown away:
//
//   - P-swallowed: the error of a flowrt Send, SendAll, Drain, Close, Read,
//     a pipeline's Wait, an io.Copy, a csv.Reader.Read, a json.Decoder.Decode
//     an io.Reader's Read in a loop, an *os.File's Write, a bufio.Writer's
//     Flush or a gzip, zlib, zip or tar writer's Close is only logged or
//     counted, the branch
//     carries on (falls through, continue, break), and a return that
//     reports success is reachable from it.
//   - P-readeof: after such a read, any error ends the loop (break) or
//     returns success, and io.EOF is told apart nowhere in the function: a
//     truncated input is accepted as complete.
//   - P-deferclose: `defer w.Close()` of an *io.PipeWriter or a flowrt
//     writer in a function that returns a certain failure on a path where w
//     is not closed first: the reader gets a clean io.EOF after truncated
//     data. The suggested fix closes with the function's error over a named
//     result (in a flowrt Source or Transform literal: drops the defer).
//
// The rules about unchecked errors (io.Copy, Wait, Send, Drain, Read, All)
// stay out of _test.go files, where a test pokes an API on purpose and
// judges the outcome by its assertions; the pipe rules apply there too.
//
// The analyzer stays silent when a pipeline or pipe writer escapes where it
// cannot follow it: returned, stored, sent, captured by a closure it cannot
// place, or passed to a function that might close it. A pipe writer passed
// through an interface parameter without Close (io.Writer) stays the
// goroutine's to close, whoever the callee, unless a fact (assertsParams)
// says the callee can convert it back to something with Close. Silence one report with
// `//flowvet:ignore pipelineerr <reason>` on its line or the line above.
//
// Rule IDs (each diagnostic's Category): P-neverwaited, P-waitpath,
// P-waitdropped, P-senddropped, P-readerclose, P-readdropped, P-allerr,
// P-copydropped, P-halfcopy, P-httpcopy, P-pipewrite, P-closeonerror,
// P-pipeopen, P-deferlogged, P-deferarg, P-closevalue, P-swallowed,
// P-readeof, P-deferclose.
package pipelineerr
