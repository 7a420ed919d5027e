// Package upload is a realistic user program: an HTTP handler that parses
// an uploaded body line by line into a flowrt pipeline, through a producer
// type with its own state, generic helpers and goroutines. All of it is
// correct and must stay silent.
package upload

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/flowvet/flowvet/flowrt"
)

type Record struct {
	Fields []string
	Line   int
}

// WriteAll is a generic helper: every item, waiting whenever the buffer
// is full.
func WriteAll[T any](ctx context.Context, w *flowrt.Writer[T], items []T) error {
	for _, it := range items {
		if w.Write(it) {
			continue
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Seq writes what a generator yields, stopping when it is told to.
func Seq[T any](ctx context.Context, w *flowrt.Writer[T], gen func(yield func(T) bool)) (err error) {
	gen(func(v T) bool {
		if w.Write(v) {
			return true
		}
		err = w.Drain(ctx)
		return err == nil
	})
	return err
}

// parser keeps its writer and counts what it wrote.
type parser struct {
	w       *flowrt.Writer[Record]
	line    int
	written int
	stalls  int
}

// put writes one record and reports the signal, like Write.
func (p *parser) put(r Record) bool { // want put:`backpressure signal in results \[0\]`
	p.line++
	r.Line = p.line
	ok := p.w.Write(r)
	if ok {
		p.written++
	}
	return ok
}

func (p *parser) wait(ctx context.Context) error {
	p.stalls++
	return p.w.Drain(ctx)
}

func (p *parser) parse(ctx context.Context, body io.Reader) error {
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !p.put(Record{Fields: strings.Split(line, ",")}) {
			if err := p.wait(ctx); err != nil {
				return err
			}
		}
	}
	return sc.Err()
}

var errTooLarge = errors.New("upload: too many records")

// Handler parses the body in a source stage and stores the records in a
// sink; the response says how it went.
func Handler(store func(context.Context, Record) error) http.HandlerFunc {
	return func(rw http.ResponseWriter, req *http.Request) {
		ctx := req.Context()
		p := flowrt.NewPipeline(ctx)
		recs := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[Record]) error {
			ps := &parser{w: w}
			return ps.parse(ctx, http.MaxBytesReader(rw, req.Body, 1<<20))
		}, flowrt.HighWaterMark(128))
		n := 0
		flowrt.Sink(p, recs, func(ctx context.Context, r *flowrt.Reader[Record]) error {
			for rec := range r.All(ctx) {
				if n++; n > 100_000 {
					return errTooLarge
				}
				if err := store(ctx, rec); err != nil {
					return err
				}
			}
			return r.Err()
		})
		if err := p.Wait(); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	}
}

// Split fans lines out to workers by hash, each worker's pipe waited on
// when it is full; the pipes are closed at the end.
func Split(ctx context.Context, lines []string, outs []*flowrt.Writer[string]) error {
	defer func() {
		for _, w := range outs {
			w.Close()
		}
	}()
	for _, l := range lines {
		w := outs[len(l)%len(outs)]
		if !w.Write(l) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Gather runs one producer goroutine per input and waits for all.
func Gather(ctx context.Context, inputs [][]string, w *flowrt.Writer[string]) error {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	for _, in := range inputs {
		wg.Go(func() {
			for _, s := range in {
				mu.Lock()
				ok := w.Write(s)
				mu.Unlock()
				if !ok {
					if err := w.Drain(ctx); err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						return
					}
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
