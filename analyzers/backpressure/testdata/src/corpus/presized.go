package corpus

import (
	"context"

	"github.com/flowvet/flowvet/flowrt"
)

type Job struct{ ID int }

func use(*flowrt.Reader[Job]) {}

// Queue fills a pipe sized for all the jobs, as one fills a buffered
// channel of len(jobs) before starting its readers: no Write can return
// false (the buffer stays below the mark), silent.
func Queue(jobs []Job) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs) + 1))
	for _, j := range jobs {
		w.Write(j)
	}
	w.Close()
	return r
}

func Queue2(ctx context.Context, jobs []Job) error {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(1+len(jobs)), flowrt.Workers(2))
	for i := range jobs {
		_ = i
	}
	for _, j := range jobs {
		w.Write(j)
	}
	if err := w.Close(); err != nil {
		return err
	}
	use(r)
	return nil
}

// ---- still reported ----

// HighWaterMark(len(jobs)): the last Write returns false.
func Exact(jobs []Job) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs)))
	for _, j := range jobs {
		w.Write(j) // want `result of w.Write ignored`
	}
	w.Close()
	return r
}

// Another write to the pipe: the room is not for all of them.
func Trailer(jobs []Job) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs) + 1))
	for _, j := range jobs {
		w.Write(j) // want `result of w.Write ignored`
	}
	w.Write(Job{}) // want `result of w.Write ignored`
	w.Close()
	return r
}

// Nested in another loop: len(jobs) items per outer iteration.
func Rounds(jobs []Job, n int) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs) + 1))
	for range n {
		for _, j := range jobs {
			w.Write(j) // want `result of w.Write ignored`
		}
	}
	w.Close()
	return r
}

// A range over another slice.
func Other(jobs, more []Job) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs) + 1))
	for _, j := range more {
		w.Write(j) // want `result of w.Write ignored`
	}
	w.Close()
	return r
}

// The slice grows after the pipe was made.
func Grows(jobs []Job, extra Job) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs) + 1))
	jobs = append(jobs, extra, extra)
	for _, j := range jobs {
		w.Write(j) // want `result of w.Write ignored`
	}
	w.Close()
	return r
}

func feed(*flowrt.Writer[Job]) {}

// The writer is handed to code that may write to it.
func Handed(jobs []Job) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs) + 1))
	feed(w)
	for _, j := range jobs {
		w.Write(j) // want `result of w.Write ignored`
	}
	w.Close()
	return r
}

// A writer that this function did not make.
func Param(w *flowrt.Writer[Job], jobs []Job) {
	for _, j := range jobs {
		w.Write(j) // want `result of w.Write ignored`
	}
}

// A later mark replaces the first.
func Remarked(jobs []Job, n int) *flowrt.Reader[Job] {
	r, w := flowrt.NewPipe[Job](flowrt.HighWaterMark(len(jobs)+1), flowrt.HighWaterMark(n+1))
	for _, j := range jobs {
		w.Write(j) // want `result of w.Write ignored`
	}
	w.Close()
	return r
}
