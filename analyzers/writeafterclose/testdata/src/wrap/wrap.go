package wrap

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

func gzipWrongOrder(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	gz.Write(data)
	f.Close()
	return gz.Close() // want `gz.Close writes into f after f.Close \(line 25\): the write fails with os.ErrClosed and what gz still holds is lost; finish gz before closing f`
}

func gzipRightOrder(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	gz.Write(data)
	if err := gz.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func deferWrongOrder(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	defer gz.Close() // want `deferred gz.Close writes into f, which the deferred f.Close \(line 50\) has closed by then \(defers run in reverse order\)`
	defer f.Close()
	_, err = gz.Write(data)
	return err
}

func deferRightOrder(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	defer gz.Close()
	_, err = gz.Write(data)
	return err
}

// The classic: a deferred wrapper Close after the file's explicit Close.
func deferredWrapperExplicitFile(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	zw := zlib.NewWriter(f)
	defer zw.Close() // want `deferred zw.Close writes into f after f.Close \(line 78\)`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return f.Close()
}

// The safety-net defer: the explicit Close of the wrapper came first, so the
// deferred one writes nothing.
func safetyNet(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	defer gz.Close()
	if _, err := gz.Write(data); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return f.Close()
}

func tarOverGzip(f *os.File, hdr *tar.Header, data []byte) { // want tarOverGzip:"closesParams\\[0\\]"
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(hdr)
	tw.Write(data)
	gz.Close()
	tw.Close() // want `tw.Close writes into gz after gz.Close \(line 104\): the write fails and what tw still holds is lost; finish tw before closing gz`
	f.Close()
}

func tarOverGzipRight(f *os.File, hdr *tar.Header, data []byte) error {
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(hdr)
	tw.Write(data)
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return f.Close()
}

func bufioFlushAfter(f *os.File, data []byte) error { // want bufioFlushAfter:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	bw.Write(data)
	f.Close()
	return bw.Flush() // want `bw.Flush writes into f after f.Close`
}

func bufioDeferFlush(f *os.File, data []byte) error { // want bufioDeferFlush:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `deferred bw.Flush writes into f after f.Close`
	bw.Write(data)
	return f.Close()
}

func bufioReset(f, g *os.File, data []byte) { // want bufioReset:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	bw.Write(data)
	bw.Flush()
	f.Close()
	bw.Reset(g)
	bw.Write(data) // fine: bw writes into g now
	bw.Flush()
}

func gzipReuse(w io.Writer, data []byte) {
	gz := gzip.NewWriter(w)
	gz.Write(data)
	gz.Close()
	gz.Reset(w)
	gz.Write(data) // fine: Reset reopens it
	gz.Close()
}

func gzipDirect(w io.Writer, data []byte) {
	gz := gzip.NewWriter(w)
	gz.Close()
	gz.Write(data) // want `gz.Write after gz.Close \(line 158\): the write fails and its data is lost`
}

func zipAfter(f *os.File) {
	zw := zip.NewWriter(f)
	zw.Close()
	zw.Create("x") // want `zw.Create after zw.Close`
}

func flateLevel(f *os.File, data []byte) {
	fw, err := flate.NewWriter(f, 9)
	if err != nil {
		return
	}
	fw.Write(data)
	f.Close()
	fw.Close() // want `fw.Close writes into f after f.Close`
}

func csvAfter(pw *io.PipeWriter, rec []string) { // want csvAfter:"closesParams\\[0\\]"
	cw := csv.NewWriter(pw)
	cw.Write(rec)
	pw.Close()
	cw.Flush() // want `cw.Flush writes into pw after pw.Close \(line 181\): the write fails with io.ErrClosedPipe`
}

func jsonAfter(f *os.File, v any) { // want jsonAfter:"closesParams\\[0\\]"
	enc := json.NewEncoder(f)
	f.Close()
	enc.Encode(v) // want `enc.Encode writes into f after f.Close`
}

// A wrapper variable assigned twice wraps what it was last given: not followed.
func twoTargets(f, g *os.File, data []byte) { // want twoTargets:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	bw.Flush()
	f.Close()
	bw = bufio.NewWriter(g)
	bw.Write(data)
	bw.Flush()
}

// An anonymous inner wrapper: tw writes into f through it.
func anonymous(f *os.File, hdr *tar.Header) { // want anonymous:"closesParams\\[0\\]"
	tw := tar.NewWriter(gzip.NewWriter(f))
	tw.WriteHeader(hdr)
	f.Close()
	tw.Close() // want `tw.Close writes into f \(through the gzip writer it wraps\) after f.Close \(line 205\): what tw and the gzip writer hold is lost, and the gzip writer is never finished; give the gzip writer a name and close tw, then it, then f`
}

func anonymousDeferred(name string, hdr *tar.Header) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gzip.NewWriter(f))
	defer tw.Close() // want `deferred tw.Close writes into f \(through the gzip writer it wraps\) after the deferred f.Close`
	defer f.Close()
	return tw.WriteHeader(hdr)
}

func anonymousBufio(f *os.File, data []byte) error { // want anonymousBufio:"closesParams\\[0\\]"
	bw := bufio.NewWriter(gzip.NewWriter(f))
	bw.Write(data)
	f.Close()
	return bw.Flush() // want `bw.Flush writes into f \(through the gzip writer it wraps\) after f.Close`
}

func anonymousRightOrder(f *os.File, hdr *tar.Header) error { // want anonymousRightOrder:"closesParams\\[0\\]"
	tw := tar.NewWriter(gzip.NewWriter(f)) // the gzip writer is never closed: unflushed's business
	tw.WriteHeader(hdr)
	tw.Close()
	return f.Close()
}

func anonymousNotAConstructor(f *os.File, data []byte) { // want anonymousNotAConstructor:"closesParams\\[0\\]"
	bw := bufio.NewWriter(io.MultiWriter(f, os.Stderr))
	f.Close()
	bw.Write(data) // silent: io.MultiWriter is not followed
	bw.Flush()
}

// A local wrapper around a field.

type conn struct {
	f *os.File
}

func (c *conn) flushAfterClose(data []byte) error {
	bw := bufio.NewWriter(c.f)
	bw.Write(data)
	c.f.Close()
	return bw.Flush() // want `bw.Flush writes into c.f after c.f.Close`
}

func (c *conn) flushBeforeClose(data []byte) error {
	bw := bufio.NewWriter(c.f)
	bw.Write(data)
	if err := bw.Flush(); err != nil {
		return err
	}
	return c.f.Close()
}

func (c *conn) touched(data []byte) error {
	bw := bufio.NewWriter(c.f)
	bw.Write(data)
	c.f.Close()
	c.reopen()
	return bw.Flush() // silent: reopen may have changed c
}

func (c *conn) reopen() {}

// A field assigned somewhere: which value does the wrapper hold?

type session struct {
	out *os.File
}

func (s *session) swap(g *os.File) { s.out = g }

func (s *session) flush(data []byte) error {
	bw := bufio.NewWriter(s.out)
	bw.Write(data)
	s.out.Close()
	return bw.Flush() // silent: s.out is assigned in swap
}

// The examples of docs/analyzers/writeafterclose.md.

func archiveBad(name string, files []string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	defer zw.Close() // want `deferred zw.Close writes into f after f.Close \(line 304\)`
	tw := tar.NewWriter(zw)
	for _, file := range files {
		if err := add(tw, file); err != nil {
			return err
		}
	}
	tw.Close()
	return f.Close()
}

func archiveGood(name string, files []string) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for _, file := range files {
		if err := add(tw, file); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

func add(tw *tar.Writer, name string) error { return tw.WriteHeader(&tar.Header{Name: name}) }

// The target is reassigned: which file does bw wrap? Not followed.
func targetReassigned(f, g *os.File) {
	bw := bufio.NewWriter(f)
	f = g
	f.Close()
	bw.Flush()
}

// The shape seen most in public code: the file's Close is deferred after
// the writer's Flush, so it runs first.
func deferFlushThenClose(path string, rows [][]string) error {
	file, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(file)
	defer w.Flush() // want `deferred w.Flush writes into file, which the deferred file.Close \(line \d+\) has closed by then`
	defer file.Close()
	return w.WriteAll(rows)
}

type dumper interface {
	WriteTo(io.Writer) (int64, error)
}

func deferBufioPassedOn(path string, d dumper) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	writer := bufio.NewWriter(file)
	defer writer.Flush() // want `deferred writer.Flush writes into file, which the deferred file.Close`
	defer file.Close()
	_, err = d.WriteTo(writer)
	return err
}

func deferRightFlush(path string, d dumper) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	defer file.Close()
	writer := bufio.NewWriter(file)
	defer writer.Flush()
	_, err = d.WriteTo(writer)
	return err
}

// Safety-net defers in the wrong order, but on the success path both
// writers are closed explicitly, inner last; only error paths run the
// deferred Closes for real, and their output is discarded
// (github.com/goreleaser/nfpm/v2 deb/deb.go createControl).
func safetyNetWrongOrder(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	compress := gzip.NewWriter(&buf)
	out := tar.NewWriter(compress)
	defer out.Close()
	defer compress.Close()
	for name, data := range files {
		if err := out.WriteHeader(&tar.Header{Name: name, Size: int64(len(data))}); err != nil {
			return nil, err
		}
		if _, err := out.Write(data); err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := out.Close(); err != nil {
		return nil, err
	}
	if err := compress.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The same, with a success path that leaves out open: the deferred
// out.Close writes its trailer into the closed gzip stream.
func safetyNetWrongOrderBad(data []byte, short bool) ([]byte, error) {
	var buf bytes.Buffer
	compress := gzip.NewWriter(&buf)
	out := tar.NewWriter(compress)
	defer out.Close() // want `deferred out.Close writes into compress, which the deferred compress.Close \(line \d+\) has closed by then`
	defer compress.Close()
	if _, err := out.Write(data); err != nil {
		return nil, err
	}
	if short {
		return buf.Bytes(), nil
	}
	if err := out.Close(); err != nil {
		return nil, err
	}
	if err := compress.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Returns that report a failure (analyzers/internal/errpath): the deferred
// writes in the wrong order run only where the caller is told the output
// is no good.

var errShort = fmt.Errorf("short write")

func sentinelReturn(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	defer gz.Close()
	defer f.Close()
	if n, _ := gz.Write(data); n < len(data) {
		return errShort // a sentinel: a failure
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return nil // gz closed explicitly: its deferred Close writes nothing
}

func elseOfNilCheck(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	defer f.Close()
	if _, err := bw.Write(data); err == nil {
		return errShort
	} else {
		return err // err != nil here
	}
}

// A Flush of a bufio (or csv) writer that was flushed with nothing written
// since writes nothing: the safety-net `defer bw.Flush()` in the wrong
// order is harmless once the buffer was flushed explicitly.

func flushSafetyNet(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	defer f.Close()
	if _, err := bw.Write(data); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return nil
}

func flushSafetyNetMissed(name string, data []byte, short bool) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `deferred bw.Flush writes into f, which the deferred f.Close`
	defer f.Close()
	if _, err := bw.Write(data); err != nil {
		return err
	}
	if short {
		return nil // the explicit Flush is skipped here
	}
	return bw.Flush()
}

func flushTwice(f *os.File, data []byte) { // want flushTwice:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	bw.Write(data)
	bw.Flush()
	f.Close()
	bw.Flush() // nothing to write
}

func flushWriteFlush(f *os.File, data []byte) { // want flushWriteFlush:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	bw.Flush()
	bw.Write(data)
	f.Close()
	bw.Flush() // want `bw.Flush writes into f after f.Close`
}

func gzipFlushTwice(f *os.File, data []byte) { // want gzipFlushTwice:"closesParams\\[0\\]"
	gz := gzip.NewWriter(f)
	gz.Write(data)
	gz.Flush()
	f.Close()
	gz.Flush() // want `gz.Flush writes into f after f.Close`
}

// A wrapper held in an interface variable, flushed through a type assertion.
func interfaceHeld(f *os.File, data []byte) { // want interfaceHeld:"closesParams\\[0\\]"
	var w io.Writer = bufio.NewWriter(f)
	w.Write(data)
	f.Close()
	w.(*bufio.Writer).Flush() // want `w.Flush writes into f after f.Close`
}

// A pipe destroyed with an error: the deferred Close of the wrapper on top
// of it writes into a closed pipe, but the reader was told the stream
// failed (github.com/moby/go-archive@v0.3.3 archive.go:181).
func destroyedPipe(in io.Reader, hdrs []*tar.Header) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		defer func() {
			_ = tw.Close()
		}()
		for _, h := range hdrs {
			if err := tw.WriteHeader(h); err != nil {
				_ = pw.CloseWithError(err)
				return
			}
		}
		_ = pw.CloseWithError(tw.Close()) // tw finished, then pw: the deferred tw.Close writes nothing
	}()
	return pr
}

// The same with the success path of the original, which closes the pipe
// before the deferred tw.Close writes tar's trailer into it.
func destroyedPipeOriginal(in io.Reader, hdrs []*tar.Header) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		defer func() {
			_ = tw.Close() // want `deferred tw.Close writes into pw after pw.Close \(line \d+\)`
		}()
		for _, h := range hdrs {
			if err := tw.WriteHeader(h); err != nil {
				_ = pw.CloseWithError(err)
				return
			}
		}
		_ = pw.Close()
	}()
	return pr
}

// Closed cleanly, then the deferred Close writes the trailer into it: the
// reader has seen EOF without the trailer.
func cleanPipe(hdrs []*tar.Header) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		defer tw.Close() // want `deferred tw.Close writes into pw after pw.Close`
		for _, h := range hdrs {
			tw.WriteHeader(h)
		}
		pw.Close()
	}()
	return pr
}

func destroyedWithNil(hdrs []*tar.Header) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		defer tw.Close() // want `deferred tw.Close writes into pw after pw.CloseWithError`
		for _, h := range hdrs {
			tw.WriteHeader(h)
		}
		pw.CloseWithError(nil) // a clean close
	}()
	return pr
}

// bufio.Writer.ReadFrom writes into the target.
func bufioReadFromAfter(f *os.File, r io.Reader) error { // want bufioReadFromAfter:"closesParams\\[0\\]"
	bw := bufio.NewWriter(f)
	f.Close()
	if _, err := bw.ReadFrom(r); err != nil { // want `bw.ReadFrom writes into f after f.Close`
		return err
	}
	return bw.Flush() // want `bw.Flush writes into f after f.Close`
}

func bufioReadFromRight(f *os.File, r io.Reader) error {
	bw := bufio.NewWriter(f)
	if _, err := bw.ReadFrom(r); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// A deferred close through a function literal or a function known to
// close its parameter: the remedy names that call.
func deferredLiteralClose(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush()             // want `deferred bw.Flush writes into f, which the deferred function literal \(it closes f\) \(line \d+\) has closed by then \(defers run in reverse order\): what bw still holds is lost; defer the function literal that closes f before deferring bw.Flush\(\) so that it runs last`
	defer func() { f.Close() }() // the literal closes f
	_, err = bw.Write(data)
	return err
}

func closeQuietly(f *os.File) { // want closeQuietly:"closesParams\\[0\\]"
	_ = f.Close()
}

func deferredFactClose(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `deferred bw.Flush writes into f, which the deferred closeQuietly\(f\) \(line \d+\) has closed by then \(defers run in reverse order\): what bw still holds is lost; defer closeQuietly\(f\) before deferring bw.Flush\(\) so that it runs last`
	defer closeQuietly(f)
	_, err = bw.Write(data)
	return err
}

func deferredNamedClose(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	cleanup := func() { f.Close() }
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `which the deferred cleanup\(\) \(it closes f\) \(line \d+\) has closed by then .*; defer cleanup\(\) before deferring bw.Flush\(\) so that it runs last`
	defer cleanup()
	_, err = bw.Write(data)
	return err
}

func deferredLiteralCloseRightOrder(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() { f.Close() }()
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	_, err = bw.Write(data)
	return err
}
