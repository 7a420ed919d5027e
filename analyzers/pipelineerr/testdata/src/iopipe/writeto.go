package iopipe

import (
	"bytes"
	"errors"
	"io"
	"log"
)

type snapshot interface {
	WriteTo(w io.Writer) (int64, error)
	Close() error
}

// etcd server/etcdserver/api/v3rpc/maintenance.go:146: the snapshot is
// streamed into a pipe with its WriteTo error dropped, then the pipe is
// closed cleanly: on a failure the reader sees io.EOF after truncated data
// (etcd's reader then sends empty chunks until the client goes away).
func snapshotStream(snap snapshot) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		snap.WriteTo(pw) // want `the result of snap.WriteTo\(pw\) is discarded \(statement\): a failed or short write leaves pw truncated and its reader sees a clean io.EOF; hand the error to the reader \(if _, err := snap.WriteTo\(pw\); err != nil \{ pw.CloseWithError\(err\); ... \}\)`
		if err := snap.Close(); err != nil {
			log.Print(err)
		}
		pw.Close()
	}()
	return pr
}

// The fix: the reader gets the error.
func snapshotStreamChecked(snap snapshot) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		_, err := snap.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	return pr
}

// Memory cannot fail to be read: WriteTo fails only when the reader left.
func bufferStream(b *bytes.Buffer) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		b.WriteTo(pw)
		pw.Close()
	}()
	return pr
}

// On a path that reports failure the caller was told.
func writeOrFail(snap snapshot, pw *io.PipeWriter, bad bool) error {
	if bad {
		_, _ = snap.WriteTo(pw)
		return errors.New("bad snapshot")
	}
	_, err := snap.WriteTo(pw)
	return err
}
