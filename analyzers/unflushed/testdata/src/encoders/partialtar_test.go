package encoders

import (
	"archive/tar"
	"fmt"
	"io"
)

// podman image storage/storage_test.go:214 (makeLayerGoroutine): a tar
// stream Flushed with the error checked and deliberately never Closed (the
// end-of-archive blocks would stop a consumer that must see a raw EOF,
// containers/storage#1729). Silent in a _test.go file.
func makeLayerGoroutine(dest io.Writer, data []byte) error {
	tw := tar.NewWriter(dest)
	// defer tw.Close() would terminate the archive: not wanted here.
	if err := tw.WriteHeader(&tar.Header{Name: "/f", Mode: 0o600, Size: int64(len(data))}); err != nil {
		return fmt.Errorf("writing tar header: %w", err)
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("flushing: %w", err)
	}
	return nil
}

// A tar writer Flushed with the error dropped: no sign of a deliberate
// partial stream. Reported.
func tarUncheckedFlush(dest io.Writer, data []byte) error {
	tw := tar.NewWriter(dest) // want `tar.Writer tw is flushed but not closed before the return at line 39`
	if err := tw.WriteHeader(&tar.Header{Name: "/f", Mode: 0o600, Size: int64(len(data))}); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	tw.Flush()
	return nil
}

// A tar writer that is Flushed and closed on one path only: an oversight.
// Reported.
func tarClosedSometimes(dest io.Writer, data []byte, end bool) error {
	tw := tar.NewWriter(dest) // want `tar.Writer tw is flushed but not closed before the return at line 55`
	if _, err := tw.Write(data); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if end {
		return tw.Close()
	}
	return nil
}

// A tar writer that is neither Flushed nor Closed: reported.
func tarForgotten(dest io.Writer, data []byte) error {
	tw := tar.NewWriter(dest) // want `tar.Writer tw is not closed before the return at line 64`
	if _, err := tw.Write(data); err != nil {
		return err
	}
	return nil
}
