// Package vetsuite has a finding of the standard go vet suite, which flowvet
// runs by default and not with -vet=false.
package vetsuite

import "fmt"

// Label formats n with the wrong verb.
func Label(n int) string {
	return fmt.Sprintf("item %s", n)
}
