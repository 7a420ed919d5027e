package paramfacts

import (
	"maps"
	"slices"
)

// Indexes is the body of a Fact that is a set of parameter indexes (every
// method bit 1): embed it in the analyzer's fact type. The indexes are kept
// sorted in a slice because gob encodes a map in random order, and a fact
// must encode the same way every time.
type Indexes struct {
	Params []int
}

func (f *Indexes) Bits() map[int]uint8 {
	m := make(map[int]uint8, len(f.Params))
	for _, i := range f.Params {
		m[i] = 1
	}
	return m
}

func (f *Indexes) SetBits(m map[int]uint8) { f.Params = slices.Sorted(maps.Keys(m)) }
