// Package flowrt has the same name as the real runtime, but another path.
package flowrt

type Writer[T any] struct{}

func (w *Writer[T]) Write(v T) bool { return true }
