package user

import (
	"io"
	"os"

	"closer"
)

func afterQuietly(f *os.File) { // want afterQuietly:"closesParams\\[0\\]"
	closer.Quietly(f)
	f.Write(nil) // want `f.Write after Quietly\(f\) \(line 11\): the write fails with os.ErrClosed and its data is lost`
}

func afterDeferred(f *os.File) { // want afterDeferred:"closesParams\\[0\\]"
	closer.Deferred("x", f)
	f.Sync() // want `f.Sync after Deferred\(f\)`
}

func afterThrough(pw *io.PipeWriter) { // want afterThrough:"closesParams\\[0\\]"
	closer.Through(pw)
	io.WriteString(pw, "x") // want `io.WriteString\(pw, ...\) after Through\(pw\)`
}

func afterMethod(f *os.File) { // want afterMethod:"closesParams\\[0\\]"
	var c closer.Closer
	c.Done(f)
	f.Write(nil) // want `f.Write after Done\(f\)`
}

func afterSometimes(f *os.File) {
	closer.Sometimes(f, true)
	f.Write(nil) // no fact: silent
}

func afterIfNotNil(f *os.File) { // want afterIfNotNil:"closesParams\\[0\\]"
	closer.IfNotNil(f)
	f.Write(nil) // want `f.Write after IfNotNil\(f\)`
}

func afterIfNil(f *os.File) { // want afterIfNil:"closesParams\\[0\\]"
	closer.IfNil(f)
	f.Write(nil) // want `f.Write after IfNil\(f\)`
}

func afterNilOther(f *os.File) {
	closer.NilOther(f, nil)
	f.Write(nil) // no fact: silent
}

func beforeQuietly(f *os.File) { // want beforeQuietly:"closesParams\\[0\\]"
	f.Write(nil)
	closer.Quietly(f)
}
