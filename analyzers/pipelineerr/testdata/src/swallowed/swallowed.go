// Package swallowed: a stream error that is only logged or counted, after
// which the function reports success.
package swallowed

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"

	"github.com/flowvet/flowvet/flowrt"
)

var failures int

func produce(ctx context.Context, w *flowrt.Writer[int], items []int) error {
	for _, v := range items {
		if err := w.Send(ctx, v); err != nil { // want `the error of w.Send\(ctx, v\) is only logged, then the function goes on with the next one and reports success \(line 28\): the stream is closed or destroyed, and every item from the failed one on is lost, and the caller is told all went well; return the error, or store it where the caller sees it`
			log.Printf("send %d: %v", v, err)
			continue
		}
	}
	return nil
}

func backup(dst *os.File, src io.Reader) error {
	_, err := io.Copy(dst, src) // want `the error of io.Copy\(dst, src\) is only logged, then the function goes on and reports success \(line 36\): dst is left truncated`
	if err != nil {
		slog.Error("backup", "err", err)
	}
	return dst.Sync()
}

func run(ctx context.Context, p *flowrt.Pipeline) bool {
	if err := p.Wait(); err != nil { // want `the error of p.Wait\(\) is only logged, then the function goes on and reports success \(line 43\): a stage failed`
		log.Print(err)
	}
	return true
}

func counted(ctx context.Context, w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		err := w.Send(ctx, l) // want `the error of w.Send\(ctx, l\) is only counted or ignored, then the function leaves the loop and reports success`
		if err != nil {
			failures++
			break
		}
	}
	return w.Close()
}

func export(path string, rows []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw := gzip.NewWriter(bw)
	for _, r := range rows {
		if _, err := zw.Write([]byte(r)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil { // want `the error of zw.Close\(\) is only logged, then the function goes on and reports success \(line \d+\): the archive or compressed stream is left without its end`
		log.Print(err)
	}
	if err := bw.Flush(); err != nil { // want `the error of bw.Flush\(\) is only logged.*: the buffered data never reaches its destination`
		log.Print(err)
	}
	if _, err := f.WriteString("\n"); err != nil { // want `the error of f.WriteString\("\\n"\) is only logged.*: f is left without the data`
		log.Print(err)
	}
	return nil
}

// ---- silent ----

// Returned.
func returned(ctx context.Context, w *flowrt.Writer[int], v int) error {
	if err := w.Send(ctx, v); err != nil {
		log.Print(err)
		return err
	}
	return nil
}

// The function returns on that path (a deliberate quiet stop).
func stops(ctx context.Context, w *flowrt.Writer[int], v int) error {
	if err := w.Send(ctx, v); err != nil {
		log.Print(err)
		return nil
	}
	return nil
}

// Stored where the caller sees it.
type job struct{ err error }

func (j *job) copy(dst *os.File, src io.Reader) error {
	if _, err := io.Copy(dst, src); err != nil {
		j.err = fmt.Errorf("copy: %w", err)
	}
	return nil
}

func named(dst *os.File, src io.Reader) (err error) {
	if _, e := io.Copy(dst, src); e != nil {
		log.Print(e)
		err = e
	}
	return
}

func sent(ctx context.Context, w *flowrt.Writer[int], errc chan<- error) error {
	if err := w.Send(ctx, 1); err != nil {
		errc <- err
	}
	return nil
}

func handedToWriter(ctx context.Context, w *flowrt.Writer[int], src io.Reader, dst *os.File) error {
	if _, err := io.Copy(dst, src); err != nil {
		log.Print(err)
		w.CloseWithError(err)
	}
	return nil
}

// Told apart: only one kind of error is swallowed.
func tellsApart(ctx context.Context, w *flowrt.Writer[int]) error {
	if err := w.Send(ctx, 1); err != nil {
		if !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return nil
}

// Nobody to tell: no error (or bool) result.
func background(ctx context.Context, w *flowrt.Writer[int]) {
	if err := w.Send(ctx, 1); err != nil {
		log.Print(err)
	}
}

// A drain and a copy of memory cannot lose anything that matters.
func drain(src io.Reader) error {
	if _, err := io.Copy(io.Discard, src); err != nil {
		log.Print(err)
	}
	return nil
}

// Does not go on: the process exits.
func fatal(dst *os.File, src io.Reader) error {
	if _, err := io.Copy(dst, src); err != nil {
		log.Fatal(err)
	}
	return nil
}

// Every path after the failure reports it.
func laterFailure(dst *os.File, src io.Reader) error {
	_, err := io.Copy(dst, src)
	if err != nil {
		log.Print(err)
	}
	return err
}
