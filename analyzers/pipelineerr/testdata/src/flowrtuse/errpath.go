package flowrtuse

import (
	"bufio"
	"context"

	"github.com/flowvet/flowvet/flowrt"
)

// Which returns report success is decided by analyzers/internal/errpath.

// Err and Error report a state that is nil when all went well: this path
// may report success without waiting.
func scannerErr(ctx context.Context, sc *bufio.Scanner) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	for sc.Scan() {
		if sc.Text() == "stop" {
			return sc.Err() // want `this path returns without p.Wait\(\)`
		}
	}
	return p.Wait()
}

type stageError struct{ stage string }

func (e *stageError) Error() string { return e.stage + " failed" }

// A concrete error value is never a nil error: the path fails. Silent.
func concreteError(ctx context.Context, bad bool) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if bad {
		return &stageError{"source"}
	}
	return p.Wait()
}

// The error tested just before: the path fails. Silent.
func guarded(ctx context.Context, check func() error) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if err := check(); err != nil {
		return err
	}
	return p.Wait()
}
