package csvcase

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
)

// ---- reported ----

func noFlush(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w) // want `csv.Writer cw is not flushed before the return at line 19: buffered rows are lost; call cw.Flush\(\) and then check cw.Error\(\)`
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return nil
}

func flushNoError(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush() // want `cw.Flush\(\) reports no error: check cw.Error\(\) after it`
	return nil
}

func deferredFlush(w io.Writer, row []string) error {
	cw := csv.NewWriter(w)
	defer cw.Flush() // want `the deferred cw.Flush\(\) reports no error: flush and check cw.Error\(\) before the successful return`
	return cw.Write(row)
}

// ---- silent ----

func flushAndError(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func flushAndErrorIf(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return nil
}

func writeAll(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	return cw.WriteAll(rows) // complete on its own
}

func intoBuffer(rows [][]string) string {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush() // memory: Error() would report nothing
	return buf.String()
}

func mainLike(rows [][]string) {
	cw := csv.NewWriter(os.Stdout)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush()
}

func deferredClosure(w io.Writer, row []string) (err error) {
	cw := csv.NewWriter(w)
	defer func() {
		cw.Flush()
		if ferr := cw.Error(); ferr != nil && err == nil {
			err = ferr
		}
	}()
	return cw.Write(row)
}

// Error() as a statement drops what it reports: not a check.
func errorAsStatement(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush() // want `cw.Flush\(\) reports no error: check cw.Error\(\) after it`
	cw.Error()
	return nil
}

// The Error() before Flush sees nothing of Flush.
func errorBeforeFlush(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		cw.Write(r)
	}
	if err := cw.Error(); err != nil {
		return err
	}
	cw.Flush() // want `cw.Flush\(\) reports no error`
	return nil
}

// An explicit discard of Error() is a written decision.
func errorDiscarded(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush()
	_ = cw.Error()
	return nil
}
