// Package readeof: a read error taken for the end of the stream.
package readeof

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

type row struct{ Name string }

func records(r io.Reader) ([][]string, error) {
	cr := csv.NewReader(r)
	var out [][]string
	for {
		rec, err := cr.Read() // want `rec, err := cr.Read\(\): any error leaves the loop like io.EOF, and the function reports success \(line 27\): a failed or truncated input is taken for a complete one; tell io.EOF apart \(if err == io.EOF \{ break \}; if err != nil \{ return err \}\)`
		if err != nil {
			break
		}
		out = append(out, rec)
	}
	return out, nil
}

func decodeAll(r io.Reader) ([]row, error) {
	dec := json.NewDecoder(r)
	var rows []row
	for {
		var v row
		if err := dec.Decode(&v); err != nil { // want `err := dec.Decode\(&v\): any error returns success here`
			log.Printf("decode: %v", err)
			return rows, nil
		}
		rows = append(rows, v)
	}
}

func sum(ctx context.Context, r *flowrt.Reader[int]) (int, error) {
	total := 0
	for {
		v, err := r.Read(ctx) // want `v, err := r.Read\(ctx\): any error leaves the loop like io.EOF`
		if err != nil {
			break
		}
		total += v
	}
	return total, nil
}

func count(r io.Reader) (int, error) {
	buf := make([]byte, 4096)
	n := 0
	for {
		m, err := r.Read(buf) // want `m, err := r.Read\(buf\): any error leaves the loop like io.EOF`
		n += m
		if err != nil {
			break
		}
	}
	return n, nil
}

// The classic io.Reader loop: the bytes are used before the error.
func relay(dst io.Writer, src io.Reader) (int64, error) {
	buf := make([]byte, 512)
	var total int64
	for {
		n, err := src.Read(buf) // want `n, err := src.Read\(buf\): any error leaves the loop like io.EOF`
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
		}
		if err != nil {
			break
		}
	}
	return total, nil
}

// ---- silent ----

func recordsEOF(r io.Reader) ([][]string, error) {
	cr := csv.NewReader(r)
	var out [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func decodeIs(r io.Reader) ([]row, error) {
	dec := json.NewDecoder(r)
	var rows []row
	for {
		var v row
		if err := dec.Decode(&v); err != nil {
			if errors.Is(err, io.EOF) {
				return rows, nil
			}
			return nil, err
		}
		rows = append(rows, v)
	}
}

func excluded(r io.Reader) error {
	cr := csv.NewReader(r)
	for {
		_, err := cr.Read()
		if err != nil && err != io.EOF {
			return err
		}
		if err != nil {
			return nil
		}
	}
}

// Stored where the caller sees it.
type scanner struct{ err error }

func (s *scanner) scan(r io.Reader) (int, error) {
	cr := csv.NewReader(r)
	n := 0
	for {
		_, err := cr.Read()
		if err != nil {
			s.err = err
			break
		}
		n++
	}
	return n, nil
}

// Nobody to tell: no error result.
func best(r io.Reader) int {
	dec := json.NewDecoder(r)
	n := 0
	for {
		var v row
		if err := dec.Decode(&v); err != nil {
			break
		}
		n++
	}
	return n
}

// The pipeline hands the upstream stage's error to Wait.
func stage(ctx context.Context) error {
	p := flowrt.NewPipeline(ctx)
	src := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[int]) error { return w.Send(ctx, 1) })
	flowrt.Sink(p, src, func(ctx context.Context, r *flowrt.Reader[int]) error {
		for {
			_, err := r.Read(ctx)
			if err != nil {
				return nil
			}
		}
	})
	return p.Wait()
}

// A break out of a switch is not the end of the reading.
func inSwitch(r io.Reader, mode int) ([][]string, error) {
	cr := csv.NewReader(r)
	var out [][]string
	for {
		rec, err := cr.Read()
		switch mode {
		case 1:
			if err != nil {
				break
			}
			out = append(out, rec)
		}
		if err == io.EOF {
			return out, nil
		}
	}
}

// A Read outside a loop reads a header of a known size.
func header(r io.Reader) ([]byte, error) {
	buf := make([]byte, 8)
	_, err := r.Read(buf)
	if err != nil {
		return nil, nil
	}
	return buf, nil
}
