package bufiocase

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
)

// xml.NewEncoder and csv.NewWriter wrap their writer in bufio.NewWriter,
// which returns a *bufio.Writer of at least the default size itself: their
// flushes flush the caller's bufio.Writer (miniflux
// internal/reader/opml/serializer.go:31, the OPML export).

type opml struct {
	Title string `xml:"title"`
}

// Silent: a checked Encode flushes bw into b before b is read.
func serializeOPML(d opml) string {
	var b bytes.Buffer
	bw := bufio.NewWriter(&b)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		return ""
	}
	return b.String()
}

// Silent: the same in one chain, over a file.
func saveXML(name string, d opml) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 8192)
	bw.WriteString(xml.Header)
	if err := xml.NewEncoder(bw).Encode(d); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Silent: csv's WriteAll flushes cw and so bw; the checked Error() reports
// the flush error.
func saveRows(name string, rows [][]string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	bw.WriteString("# header\n")
	cw := csv.NewWriter(bw)
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Silent: Flush then a checked Error().
func saveRowsFlush(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Still reported: a write into bw after the encoder's flush, an unchecked
// Encode, a bufio.Writer smaller than the default size (xml wraps it anew),
// json.NewEncoder (no buffer of its own), and a csv Flush whose error is
// never checked (reported on cw; bw is flushed).
func xmlThenTrailer(w io.Writer, d opml) error {
	bw := bufio.NewWriter(w) // want `bufio.Writer bw is not flushed before the return at line 92`
	enc := xml.NewEncoder(bw)
	if err := enc.Encode(d); err != nil {
		return err
	}
	bw.WriteString("\n")
	return nil
}

func xmlUnchecked(d opml) []byte {
	var b bytes.Buffer
	bw := bufio.NewWriter(&b)
	xml.NewEncoder(bw).Encode(d)
	return b.Bytes() // want `b.Bytes\(\) reads the output before bufio.Writer bw is flushed`
}

func xmlSmall(d opml) []byte {
	var b bytes.Buffer
	bw := bufio.NewWriterSize(&b, 512)
	if err := xml.NewEncoder(bw).Encode(d); err != nil {
		return nil
	}
	return b.Bytes() // want `b.Bytes\(\) reads the output before bufio.Writer bw is flushed`
}

func jsonOver(d opml) []byte {
	var b bytes.Buffer
	bw := bufio.NewWriter(&b)
	if err := json.NewEncoder(bw).Encode(d); err != nil {
		return nil
	}
	return b.Bytes() // want `b.Bytes\(\) reads the output before bufio.Writer bw is flushed`
}

func csvFlushUnchecked(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush() // want `cw.Flush\(\) reports no error: check cw.Error\(\) after it, or a failed write of the buffered rows goes unnoticed`
	return nil
}

func csvWriteAllUnchecked(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.WriteAll(rows) // want `the error of cw.WriteAll\(\) is dropped: check it \(or cw.Error\(\) after it\)`
	return nil
}

// Silent: bw's own checked Flush after cw's Flush returns the error.
func csvThenBufioFlush(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush()
	return bw.Flush()
}
