package exits

import (
	"log"
	"os"
)

func Die(code int) { // want Die:"exitsProcess"
	os.Exit(code)
}

func Fatal(err error) { // want Fatal:"exitsProcess"
	log.Fatalf("fatal: %v", err)
}

func LoggerFatal(l *log.Logger) { // want LoggerFatal:"exitsProcess"
	l.Fatalln("bye")
}

// Chain exits through another helper of this package.
func Chain(msg string) { // want Chain:"exitsProcess"
	if msg != "" {
		log.Print(msg)
	}
	Die(2)
}

// Panics never returns, but a panic runs the deferred calls.
func Panics() {
	panic("boom")
}

// Mixed exits on one path and panics on the other.
func Mixed(b bool) {
	if b {
		os.Exit(1)
	}
	panic("boom")
}

// LogPanic is log.Panic: a panic.
func LogPanic() {
	log.Panicf("no")
}

// Sometimes returns on one path.
func Sometimes(b bool) {
	if b {
		os.Exit(1)
	}
}

// Loops forever: never returns, never exits.
func Loops() {
	for {
	}
}
