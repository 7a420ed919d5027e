package files

import (
	"archive/zip"
	"io"
)

// x/vulndb's Database.WriteZip, d2's Presentation.SaveTo: the entries are
// written by a helper of the package that only calls Create on the
// zip.Writer, and the only Close is deferred with its error dropped: the
// central directory may be lost while nil is returned. Reported.
func saveZip(w io.Writer, entries map[string][]byte) error {
	zw := zip.NewWriter(w)
	defer zw.Close() // want `the deferred zw.Close\(\) drops its error: call zw.Close\(\) and check its error before the successful return`
	for name, data := range entries {
		if err := addEntry(zw, name, data); err != nil {
			return err
		}
	}
	return nil
}

func addEntry(zw *zip.Writer, name string, data []byte) error {
	f, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

// Twin: a helper that closes the writer finishes it for the caller: it is
// handed on. Silent.
func saveZipFinished(w io.Writer, entries map[string][]byte) error {
	zw := zip.NewWriter(w)
	defer zw.Close()
	for name, data := range entries {
		if err := addEntry(zw, name, data); err != nil {
			return err
		}
	}
	return finishZip(zw)
}

func finishZip(zw *zip.Writer) error {
	if err := zw.SetComment("done"); err != nil {
		return err
	}
	return zw.Close()
}
