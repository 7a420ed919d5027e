package flowrtclose

import (
	"bufio"
	"context"
	"io"

	"github.com/flowvet/flowvet/flowrt"
)

// `return w.Close()` with an error in hand that is not the stream's: the
// reader gets a clean end and the caller gets nil. Since issue 14,
// `return w.CloseWithError(err)` is the line.
func lines(ctx context.Context, in io.Reader, w *flowrt.Writer[string]) error {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if err := w.Send(ctx, sc.Text()); err != nil {
			return w.Close() // the stream's own error: Close returns it
		}
	}
	if err := sc.Err(); err != nil {
		return w.Close() // want `w.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use w.CloseWithError\(err\)`
	}
	return w.Close()
}

func chunks(ctx context.Context, in io.Reader, w *flowrt.Writer[[]byte]) (int, error) {
	buf := make([]byte, 512)
	n, rerr := in.Read(buf)
	if rerr != nil {
		return 0, w.Close() // want `use w.CloseWithError\(rerr\)`
	}
	err := w.Drain(ctx)
	if err != nil {
		return n, w.Close() // the stream's own error
	}
	return n, w.Send(ctx, buf[:n])
}
