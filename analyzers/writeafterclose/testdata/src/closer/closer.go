// Package closer has helpers that close their parameters.
package closer

import (
	"io"
	"log"
	"os"
)

// Quietly closes c and logs a failure.
func Quietly(c io.Closer) { // want Quietly:"closesParams\\[0\\]"
	if err := c.Close(); err != nil {
		log.Print(err)
	}
}

// Deferred closes f when it returns.
func Deferred(name string, f *os.File) error { // want Deferred:"closesParams\\[1\\]"
	defer f.Close()
	_, err := f.WriteString(name)
	return err
}

// Through calls Quietly: a fact found through another.
func Through(w io.WriteCloser) { // want Through:"closesParams\\[0\\]"
	Quietly(w)
}

// Sometimes closes only on one path: no fact.
func Sometimes(f *os.File, really bool) {
	if really {
		f.Close()
	}
}

// IfNotNil guards against nil: on the nil path there is nothing to close.
func IfNotNil(f *os.File) { // want IfNotNil:"closesParams\\[0\\]"
	if f != nil {
		f.Close()
	}
}

// Closer closes through a method.
type Closer struct{}

// Done closes f.
func (Closer) Done(f *os.File) { // want Done:"closesParams\\[0\\]"
	f.Close()
}

// Local uses Quietly within the package.
func Local(f *os.File) { // want Local:"closesParams\\[0\\]"
	Quietly(f)
	f.Write(nil) // want `f.Write after Quietly\(f\) \(line 53\)`
}

// IfNil is the same guard written the other way round.
func IfNil(c io.Closer) error { // want IfNil:"closesParams\\[0\\]"
	if c == nil {
		return nil
	}
	return c.Close()
}

// NilOther tests another variable: no fact.
func NilOther(f *os.File, p *int) {
	if p != nil {
		f.Close()
	}
}
