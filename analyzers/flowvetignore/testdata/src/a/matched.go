package a

import (
	"bufio"
	"io"
	"os"
)

// Each directive below silences a report of the analyzer it names (the
// analyzer runs before flowvetignore on the package), so none is reported.

func copyBack(dst *os.File, src io.Reader) {
	//flowvet:ignore pipelineerr a short copy is detected by the checksum the caller compares
	io.Copy(dst, src)
}

func twice(f *os.File, b []byte) {
	f.Close()
	f.Write(b) //flowvet:ignore writeafterclose the error is the point of this test helper
}

func report(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	// Only unflushed reports here: writeafterclose is reported in the directive.
	/* // want `//flowvet:ignore unflushed,writeafterclose silences nothing: writeafterclose reports nothing on its line or the line below; remove writeafterclose from it` */ //flowvet:ignore unflushed,writeafterclose the tail is written by the deferred trailer, see Close
	bw := bufio.NewWriter(f)
	bw.WriteString("report")
	return f.Close()
}
