package swallowed

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"os"
)

// union is a generated union type (goformation's CloudFormation unions):
// UnmarshalJSON probes each variant over the whole value in memory, and a
// failed Decode means "not this variant": the branch resets the target.
type union struct {
	S *string
	N *float64
}

func (u *union) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u.S); err != nil {
		u.S = nil
	}
	dec = json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&u.N); err != nil {
		u.N = nil
	}
	return nil
}

// A branch that only clears the error decides nothing: still reported.
func clearsErr(dst *os.File, src io.Reader) error {
	_, err := io.Copy(dst, src) // want `the error of io.Copy\(dst, src\) is only logged, then the function goes on and reports success`
	if err != nil {
		log.Print(err)
		err = nil
	}
	return dst.Sync()
}
