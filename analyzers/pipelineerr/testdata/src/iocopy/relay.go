package iocopy

import (
	"io"
	"net"
	"os"
	"os/exec"
)

// Issue 17: `go io.Copy(ptyMaster, conn)`, a terminal relay whose failure
// just ends the session. A bare go statement has no place for the error;
// one end is a connection, a pipe or a terminal: silent.
func ptyRelay(ptyMaster *os.File, conn net.Conn) {
	go io.Copy(ptyMaster, conn)
	io.Copy(conn, ptyMaster)
}

func stdinRelay(ptmx *os.File) {
	go io.CopyBuffer(ptmx, os.Stdin, make([]byte, 1024))
	io.Copy(os.Stdout, ptmx)
}

func pipeRelay(dst io.Writer, pr *io.PipeReader) {
	go io.Copy(dst, pr)
}

func osPipeRelay(dst io.Writer) (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	go io.Copy(dst, r)
	return w, nil
}

func childOutput(cmd *exec.Cmd, log io.Writer) error {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	go io.Copy(log, out)
	return cmd.Start()
}

// Reported twins: a download into a file the function created (the file
// looks complete when it is short), a CopyN (a transfer of a known size),
// and a copy between two ends that are neither.
func downloadTo(name string, conn net.Conn) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	go io.Copy(f, conn) // want `the result of io.Copy is discarded \(go\)`
	return nil
}

func fixedSize(dst io.Writer, conn net.Conn) {
	go io.CopyN(dst, conn, 512) // want `the result of io.CopyN is discarded \(go\)`
}

func notARelay(dst *os.File, src *os.File) {
	go io.Copy(dst, src) // want `the result of io.Copy is discarded \(go\)`
}
