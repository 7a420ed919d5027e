// Package broken does not type-check.
package broken

import "io"

// Copy returns the wrong number of results.
func Copy(dst io.Writer, src io.Reader) error {
	return io.Copy(dst, src)
}
