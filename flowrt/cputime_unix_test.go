//go:build unix

package flowrt

import "syscall"

// processCPU returns the CPU time (user + system) the test process has used
// so far, in nanoseconds, and whether it is known.
func processCPU() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
