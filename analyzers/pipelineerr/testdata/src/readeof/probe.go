package readeof

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// One Decode of a document already in memory is a probe: its failure says
// the bytes are not of that shape (helm's RetryingRoundTripper hands on a
// 5xx body that is not a Kubernetes error). PS-probedecode.
func probe(b []byte) (int, error) {
	var ke struct{ Code int }
	r := bytes.NewReader(b)
	err := json.NewDecoder(r).Decode(&ke)
	if err != nil {
		return 0, nil
	}
	return ke.Code, nil
}

func probeNamed(s string) (int, error) {
	var ke struct{ Code int }
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&ke); err != nil {
		return 0, nil
	}
	return ke.Code, nil
}

// The same Decode of a stream can be cut short: reported.
func probeStream(r io.Reader) (int, error) {
	var ke struct{ Code int }
	err := json.NewDecoder(r).Decode(&ke) // want `err = json.NewDecoder\(r\).Decode\(&ke\): any error returns success here|err := json.NewDecoder\(r\).Decode\(&ke\): any error returns success here`
	if err != nil {
		return 0, nil
	}
	return ke.Code, nil
}

// A sequence of documents in memory, decoded in a loop: a malformed one
// ends the reading like io.EOF and the rest is dropped. Reported.
func sequence(b []byte) ([]row, error) {
	var rows []row
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var v row
		if err := dec.Decode(&v); err != nil { // want `err := dec.Decode\(&v\): any error leaves the loop like io.EOF`
			break
		}
		rows = append(rows, v)
	}
	return rows, nil
}
