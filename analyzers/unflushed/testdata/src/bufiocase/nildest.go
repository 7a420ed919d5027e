package bufiocase

import (
	"bufio"
	"io"
)

// relic's zipslicer Directory.WriteDirectory(wcd, weod): the entries go to
// wcd through a bufio.Writer, the end records to weod; when both are the
// same writer the buffer carries on into the end records, and when both
// are nil there is nothing to write to. The return on that branch leaves
// buf unflushed over a nil destination: nothing is lost (a Flush would
// panic). Silent.
func writeDirectory(entries [][]byte, end []byte, wcd, weod io.Writer) error {
	buf := bufio.NewWriter(wcd)
	for _, e := range entries {
		if _, err := buf.Write(e); err != nil {
			return err
		}
	}
	if wcd != weod {
		if err := buf.Flush(); err != nil {
			return err
		}
		buf.Reset(weod)
	} else if weod == nil {
		return nil
	}
	if _, err := buf.Write(end); err != nil {
		return err
	}
	return buf.Flush()
}

// Twin: the early return is on the branch where the shared destination is
// not nil: the entries are lost.
func writeDirectoryShared(entries [][]byte, end []byte, wcd, weod io.Writer) error {
	buf := bufio.NewWriter(wcd) // want `bufio.Writer buf is not flushed before the return at line 50`
	for _, e := range entries {
		if _, err := buf.Write(e); err != nil {
			return err
		}
	}
	if wcd != weod {
		if err := buf.Flush(); err != nil {
			return err
		}
		buf.Reset(weod)
	} else if weod != nil {
		return nil
	}
	if _, err := buf.Write(end); err != nil {
		return err
	}
	return buf.Flush()
}
