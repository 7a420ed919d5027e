package encoders

import (
	"archive/tar"
	"io"
)

// The podman test helper's shape outside a test: the caller gets a tar
// stream without its end-of-archive blocks. Reported.
func tarPartial(dest io.Writer, data []byte) error {
	tw := tar.NewWriter(dest) // want `tar.Writer tw is flushed but not closed before the return at line 18`
	if _, err := tw.Write(data); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return nil
}
