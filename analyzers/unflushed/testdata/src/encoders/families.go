package encoders

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/lzw"
	"compress/zlib"
	"io"
	"os"
)

// Issue 4: each encoder family, not closed on some path, with its closed
// twin.

// ---- reported ----

func tarNoClose(w io.Writer, hdr *tar.Header, data []byte) error {
	tw := tar.NewWriter(w) // want `tar.Writer tw is not closed before the return at line 26: the output lacks the padding of the last entry and the end-of-archive blocks`
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	return nil
}

func zipSomePath(w io.Writer, name string, data []byte, dryRun bool) error {
	zw := zip.NewWriter(w) // want `zip.Writer zw is not closed before the return at line 36`
	f, err := zw.Create(name)
	if err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

func zlibSomePath(w io.Writer, data []byte, quick bool) error {
	zw := zlib.NewWriter(w) // want `zlib.Writer zw is not closed before the return at line 50`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if quick {
		return nil
	}
	return zw.Close()
}

func flateCloseDropped(w io.Writer, data []byte) error {
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return err
	}
	fw.Write(data)
	fw.Close() // want `the error of fw.Close\(\) is dropped: Close writes the final block`
	return nil
}

func lzwDeferDropped(w io.Writer, data []byte) error { // want lzwDeferDropped:"assertsParams.0:Flush."
	lw := lzw.NewWriter(w, lzw.MSB, 8)
	defer lw.Close() // want `the deferred lw.Close\(\) drops its error`
	_, err := lw.Write(data)
	return err
}

func tarExitZero(hdr *tar.Header) {
	tw := tar.NewWriter(os.Stdout)
	tw.WriteHeader(hdr)
	os.Exit(0) // want `os.Exit\(0\) ends the program before tar.Writer tw is closed: the output lacks the padding of the last entry and the end-of-archive blocks`
}

// ---- silent ----

func tarClosed(w io.Writer, hdr *tar.Header, data []byte) error {
	tw := tar.NewWriter(w)
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	return tw.Close()
}

func zipClosed(w io.Writer, name string, data []byte) error {
	zw := zip.NewWriter(w)
	f, err := zw.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return nil
}

func zlibClosed(w io.Writer, data []byte) error {
	zw := zlib.NewWriter(w)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

func flateClosed(w io.Writer, data []byte) error {
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := fw.Write(data); err != nil {
		return err
	}
	return fw.Close()
}

func lzwClosed(w io.Writer, data []byte) error { // want lzwClosed:"assertsParams.0:Flush."
	lw := lzw.NewWriter(w, lzw.MSB, 8)
	if _, err := lw.Write(data); err != nil {
		return err
	}
	return lw.Close()
}

func deferredExplicitDiscard(w io.Writer, data []byte) error {
	zw := zlib.NewWriter(w)
	defer func() { _ = zw.Close() }() // a written decision
	_, err := zw.Write(data)
	return err
}

func zipNeverWritten(w io.Writer, empty bool) error {
	zw := zip.NewWriter(w)
	if empty {
		return nil // nothing written yet
	}
	if _, err := zw.Create("a"); err != nil {
		return err
	}
	return zw.Close()
}
