package bufiocase

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
)

// An encoder built on a bufio.Writer writes into it when it is used, not
// when it is made: json.NewEncoder(bw) (or a codec's NewEncoder) writes
// nothing by itself.

type rpcHandle struct{ compat bool }

type rpcEncoder struct {
	w io.Writer
	h *rpcHandle
}

func newRPCEncoder(w io.Writer, h *rpcHandle) *rpcEncoder { return &rpcEncoder{w: w, h: h} }

func (e *rpcEncoder) Encode(v any) error { _, err := e.w.Write([]byte{0}); return err }

type transport struct{}

func (t *transport) handleCommand(r *bufio.Reader, enc *rpcEncoder) error {
	if _, err := r.ReadByte(); err != nil {
		return err
	}
	return enc.Encode(1)
}

// hashicorp/raft net_transport.go:607 (handleConn): the encoder over w is
// made before the loop; a response is flushed at the end of each
// iteration; the first iteration's ctx.Done return has nothing buffered,
// and the return on handleCommand's error is a failure path (a broken
// connection). Silent.
func (t *transport) handleConn(ctx context.Context, conn net.Conn) {
	defer func() { _ = conn.Close() }()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	h := &rpcHandle{}
	enc := newRPCEncoder(w, h)
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
		if err := t.handleCommand(r, enc); err != nil {
			if err != io.EOF {
				log.Print(err)
			}
			return
		}
		if err := w.Flush(); err != nil {
			log.Print(err)
			return
		}
	}
}

// The same with a greeting written straight into w before the loop: the
// ctx.Done return loses it. Reported.
func (t *transport) handleConnGreeting(ctx context.Context, conn net.Conn) {
	defer func() { _ = conn.Close() }()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn) // want `bufio.Writer w is not flushed before the return at line 77`
	w.WriteString("hello\n")
	enc := newRPCEncoder(w, &rpcHandle{})
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
		if err := t.handleCommand(r, enc); err != nil {
			return
		}
		if err := w.Flush(); err != nil {
			return
		}
	}
}

// The encoder is used and the function returns before any Flush. Reported.
func encodeThenStop(conn net.Conn, v any, stop bool) error {
	w := bufio.NewWriter(conn) // want `bufio.Writer w is not flushed before the return at line 97`
	enc := json.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if stop {
		return nil
	}
	return w.Flush()
}

// An encoder made and then used only after an early return: the early
// return has nothing buffered. Silent.
func encodeLater(conn net.Conn, v any, skip bool) error {
	w := bufio.NewWriter(conn)
	enc := json.NewEncoder(w)
	if skip {
		return nil
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	return w.Flush()
}

// The encoder escapes into a goroutine: when it writes is unknown, so the
// write counts where it is made (as before). Reported.
func encodeInGoroutine(conn net.Conn, v any, done chan error) error {
	w := bufio.NewWriter(conn) // want `bufio.Writer w is not flushed before the return at line 126`
	enc := json.NewEncoder(w)
	go func() { done <- enc.Encode(v) }()
	if err := <-done; err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	return w.Flush()
}

// A function that is not a constructor (its name does not start with New)
// writes when it is called: a later use of its result is no write. Reported.
func renderThenStop(conn net.Conn, stop bool) error {
	w := bufio.NewWriter(conn) // want `bufio.Writer w is not flushed before the return at line 137`
	st := renderStats(w)
	if stop {
		return nil
	}
	log.Print(st.n)
	return w.Flush()
}

type stats struct{ n int }

func renderStats(w io.Writer) *stats { io.WriteString(w, "x"); return &stats{n: 1} }

// An unrelated error known non-nil on the branch: the return handles that
// failure (today's rule, unchanged). Silent.
func unrelatedError(conn net.Conn, v any, check func() error) {
	w := bufio.NewWriter(conn)
	enc := json.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		return
	}
	if err := check(); err != nil {
		log.Print(err)
		return
	}
	if err := w.Flush(); err != nil {
		log.Print(err)
	}
}

// The encoder's error tested with && err != io.EOF, in a function without
// an error result, after a response was encoded: the return is a failure
// path of the writer's own chain. Silent.
func (t *transport) serveOne(conn net.Conn, v any) {
	w := bufio.NewWriter(conn)
	enc := json.NewEncoder(w)
	if err := enc.Encode(v); err != nil && err != io.EOF {
		log.Print(err)
		return
	}
	if err := w.Flush(); err != nil {
		log.Print(err)
	}
}

// err != nil || v == nil: on the true branch err may be nil (v was nil):
// the return may report nothing wrong. Reported.
func (t *transport) serveOr(conn net.Conn, v any, check func() error) {
	w := bufio.NewWriter(conn) // want `bufio.Writer w is not flushed before the return at line 188`
	enc := json.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		return
	}
	if err := check(); err != nil || v == nil {
		return
	}
	if err := w.Flush(); err != nil {
		log.Print(err)
	}
}
