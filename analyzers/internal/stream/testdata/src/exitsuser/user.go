package exitsuser

import "exits"

// Wrap exits through an imported helper, known by its fact.
func Wrap() { // want Wrap:"exitsProcess"
	exits.Chain("")
}

func NotWrap() {
	exits.Panics()
}
