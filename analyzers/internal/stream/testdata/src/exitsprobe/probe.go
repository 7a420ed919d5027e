package exitsprobe

import (
	"exits"
	"log"
	"os"
)

func f(code int, l *log.Logger) {
	if code > 10 {
		os.Exit(code)
		log.Fatal("x")
		l.Fatalf("y")
		exits.Chain("z")
		(exits.Die)(1)
	}
	log.Panic("a panic runs deferred calls")
	exits.Panics()
	exits.Mixed(true)
	log.Print("no")
	defer os.Exit(3)
}
