package fixes

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"time"
)

type result struct{ n int }

func flushStmt(w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	n, err := bw.WriteString("x")
	if err != nil {
		return 0, err
	}
	bw.Flush() // want `the error of bw.Flush\(\) is dropped`
	return n, nil
}

func closeStmt(w io.Writer, data []byte) (result, time.Duration, error) {
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(data); err != nil {
		return result{}, 0, err
	}
	zw.Close() // want `the error of zw.Close\(\) is dropped`
	return result{1}, 0, nil
}

func csvFlush(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush() // want `cw.Flush\(\) reports no error: check cw.Error\(\) after it`
	return nil
}

func deferFile(name string, data []byte) (*result, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	if _, err := f.Write(data); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return &result{}, nil
	}
	return &result{len(data)}, nil
}

func deferGzip(w io.Writer, data []byte) error {
	zw := gzip.NewWriter(w)
	defer zw.Close() // want `the deferred zw.Close\(\) drops its error`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return nil
}

func deferCSV(w io.Writer, row []string) error {
	cw := csv.NewWriter(w)
	defer cw.Flush() // want `the deferred cw.Flush\(\) reports no error`
	if err := cw.Write(row); err != nil {
		return err
	}
	return nil
}

func deferBufio(w io.Writer, s string) (int, error) {
	bw := bufio.NewWriter(w)
	defer bw.Flush() // want `the deferred bw.Flush\(\) drops its error`
	n, err := bw.WriteString(s)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// A csv.Writer over a bufio.Writer flushes the bufio.Writer itself
// (sharedFlush): the fix checks cw.Error() after cw.Flush().
func csvOverBufio(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush() // want `cw.Flush\(\) reports no error: check cw.Error\(\) after it`
	return nil
}
