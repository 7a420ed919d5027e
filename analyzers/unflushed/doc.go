// Package unflushed defines an Analyzer that reports buffered and encoding
// writers whose last step is missing or whose error is dropped, so that the
// output is silently truncated.
//
// # Analyzer unflushed
//
// unflushed: report writers left unflushed or unclosed, and their final errors dropped
//
// A *bufio.Writer holds the tail of the output until Flush; a gzip, zlib,
// flate, lzw, zip or tar writer writes its trailer (checksum, final block,
// central directory, end-of-archive blocks) only in Close; a csv.Writer
// holds rows until Flush and reports the errors of Write and Flush only
// through Error. A function that creates such a writer, writes to it and
// returns successfully without that last step loses data without telling
// anyone. The analyzer reports, for writers created in the function:
//
//   - a path to a successful return on which the writer is not flushed
//     (bufio, csv) or closed (compress/*, archive/*), or on which an encoder
//     is only flushed (Flush does not write the trailer);
//   - the error of that last step dropped (a statement, a plain defer) in a
//     function that returns an error, and csv.Writer.Flush not followed by a
//     check of Error();
//   - bytes.Buffer.Bytes/String/Len read while an encoder writing into that
//     buffer is not yet finished, including when its only Close is deferred;
//   - a file created or opened for writing whose every Close on the success
//     path drops its error (the defer f.Close()-only pattern); not a file
//     opened with O_SYNC/O_DSYNC or under /proc, /sys or /dev, whose writes
//     report their own errors, nor one only truncated or chmod'ed, nor a
//     scratch file removed on return (or unlinked while open) whose only
//     Close is deferred;
//   - a writer of the table in an unexported struct field, written to and
//     flushed or closed nowhere in the package;
//   - os.Exit(0) reached before a buffered or encoding writer is flushed
//     or closed (a deferred Flush or Close does not run there), and any
//     exit that skips a pending deferred Flush or Close: os.Exit with any
//     status, log.Fatal*, or a function found to always end the process.
//
// The writers are those of flowvet's stream table: bufio, tabwriter, the
// compress and archive writers, csv, multipart, the base64/base32/ascii85
// encoders, hex.Dumper, quotedprintable, textproto's DotWriter, files, the
// common third-party compressors (klauspost/compress, pgzip, lz4, brotli,
// xz, snappy, bzip2) and the types declared with -streams, also when a
// helper function made and returned them (the returnsFresh fact).
//
// A finishing wrapper of another package — a type whose Close() error
// returns, on every path, the error of finishing an encoder or bufio.Writer
// held in a field (goreleaser's targz.Archive), known through a fact
// (finishesFields) — made by a constructor that returns the concrete type
// is checked like an encoder. In a _test.go file, a gzip, zlib or flate
// writer that is Flushed and never Closed, or a tar writer Flushed with the
// error checked and never Closed, is a partial stream on purpose.
//
// In test code (_test.go files, and packages only tests use: a non-test
// file uses package testing for more than testing.Testing(), or a path
// element starts with "test" or is "e2e") a dropped Close error of a written file is not reported unless
// the flag -unflushed.tests is set; a missing Flush or Close is.
//
// A file whose open failure the function reports as success (if err != nil
// { return nil } right after the constructor) is best-effort: its dropped
// Close is not reported. A dropped Close of a profile, a trace, a log file
// or a generated Go file is reported with "(low stakes: ...)".
//
// A path that returns a non-nil error has told its caller that the work
// failed and is not checked. An explicit discard (_ = w.Close()) is a written
// decision and is respected. Writers received as parameters, returned,
// stored in the result or in fields, or passed where the callee can finish
// them (as the concrete type or an interface with Flush/Close) are not this
// function's to finish; converting a writer to io.Writer does not hand on
// the duty, unless the callee converts that parameter back to an interface
// with Close or Flush (a fact, assertsParams).
//
// Rule IDs (each diagnostic's Category): U-unfinished (written and not
// finished before a successful return), U-dropped (the finishing call's
// error dropped), U-deferred (the only finishing call is deferred and its
// error dropped), U-readearly (the output read before the writer is
// finished), U-exit (an exit that skips the finish), U-field (a writer in
// an unexported field that nothing in the package finishes).
package unflushed
