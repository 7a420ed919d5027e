//go:build !unix

package flowrt

func processCPU() (int64, bool) { return 0, false }
