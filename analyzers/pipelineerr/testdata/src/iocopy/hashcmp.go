package iocopy

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"log"
	"os"
)

// A hash whose sum is only compared (rogpeppe/go-internal cache.go:485, a
// copy of cmd/go/internal/cache's copyFile): a failed or short read hashes
// other bytes, the sums differ, and the code takes the path it takes for a
// stale file. Nothing is stored from the hash. Silent, with or without an
// error result, when the source is opened in the function and its open
// error is only tested against nil.

// ensure writes data to name unless the file there already has its digest.
func ensure(name string, data []byte) error {
	want := sha256.Sum256(data)
	if f, err := os.Open(name); err == nil {
		h := sha256.New()
		io.Copy(h, f)
		f.Close()
		var got [32]byte
		h.Sum(got[:0])
		if got == want {
			return nil
		}
	}
	return os.WriteFile(name, data, 0o644)
}

// upToDate reports whether the file at name already has the wanted digest.
func upToDate(name string, want [32]byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	var got [32]byte
	h.Sum(got[:0])
	return got == want
}

// The sum compared directly, or through the comparison helpers.
func sameSum(name string, want []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	_, _ = io.Copy(h, f)
	return bytes.Equal(h.Sum(nil), want)
}

func sameMAC(name string, key, want []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	m := hmac.New(sha256.New, key)
	io.Copy(m, f)
	got := m.Sum(nil)
	return hmac.Equal(got, want) && subtle.ConstantTimeCompare(got, want) == 1
}

func sameCRC(name string, want uint32) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := crc32.NewIEEE()
	io.Copy(h, f)
	return h.Sum32() != want
}

// Still reported: the sum is returned (gofakes3's hashFile), stored,
// printed or passed on: a read error makes a wrong digest that somebody
// keeps.
func sumReturned(name string) ([]byte, bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves h truncated`
	return h.Sum(nil), true
}

type entry struct{ sum [32]byte }

func (e *entry) refresh(name string, want [32]byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	h.Sum(e.sum[:0])
	return e.sum == want
}

func sumStored(name string, want [32]byte, e *entry) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	var got [32]byte
	h.Sum(got[:0])
	e.sum = got
	return got == want
}

func sumPrinted(name string, want []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	got := h.Sum(nil)
	fmt.Println(hex.EncodeToString(got))
	return bytes.Equal(got, want)
}

func hashPassedOn(name string, want []byte, keep func(io.Writer)) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	keep(h)
	return bytes.Equal(h.Sum(nil), want)
}

// Still reported: a source the function did not open (a parameter), or
// whose open error it logs or returns.
func sameSumParam(r io.Reader, want []byte) bool {
	h := sha256.New()
	io.Copy(h, r) // want `the result of io.Copy is discarded`
	return bytes.Equal(h.Sum(nil), want)
}

func sameSumLogged(name string, want []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		log.Print(err)
		return false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	return bytes.Equal(h.Sum(nil), want)
}

func verify(name string, want []byte) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	if !bytes.Equal(h.Sum(nil), want) {
		return fmt.Errorf("%s: checksum mismatch", name)
	}
	return nil
}

// Still reported: the hash is a parameter (the caller may read its sum).
func feedHash(h io.Writer, name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	return true
}

// Still reported: a hash that is not made fresh in the function (a field's
// hash: other methods may read its sum).
type verifier struct{ h hash.Hash }

func (v *verifier) same(name string, want []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := v.h
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	return bytes.Equal(h.Sum(nil), want)
}
