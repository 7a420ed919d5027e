package newkinds

import (
	"fmt"
	"io"

	"github.com/liggitt/tabwriter"
)

// kubectl's fork of text/tabwriter has the same duty.

// newTabWriter is k8s.io/cli-runtime's printers.GetNewTabWriter: a
// constructor inferred through returnsFresh.
func newTabWriter(out io.Writer) *tabwriter.Writer { // want newTabWriter:"returnsFresh.github.com/liggitt/tabwriter.Writer."
	return tabwriter.NewWriter(out, 6, 4, 3, ' ', tabwriter.RememberWidths)
}

// kubectl's auth whoami: the deferred Flush writes the whole table.
func whoami(out io.Writer, user string) error {
	w := newTabWriter(out)
	defer w.Flush() // want `the deferred w.Flush\(\) drops its error: call w.Flush\(\) and check its error before the successful return`
	if _, err := fmt.Fprintf(w, "ATTRIBUTE\tVALUE\nUsername\t%s\n", user); err != nil {
		return err
	}
	return nil
}

func notFlushed(out io.Writer, user string) error {
	w := tabwriter.NewWriter(out, 6, 4, 3, ' ', 0) // want `tabwriter.Writer w is not flushed before the return at line \d+`
	_, err := fmt.Fprintf(w, "NAME\t%s\n", user)
	return err
}

// ---- silent ----

func flushed(out io.Writer, user string) error {
	w := newTabWriter(out)
	if _, err := fmt.Fprintf(w, "NAME\t%s\n", user); err != nil {
		return err
	}
	return w.Flush()
}
