// Package demo holds one realistic stream bug for each flowvet analyzer, to
// try the tool on a fresh clone:
//
//	go run ./cmd/flowvet ./demo/...
//
// Every function compiles, passes the standard go vet, and looks reasonable
// at a glance; each loses data or hangs in a way flowvet reports. The
// comment on each function says what goes wrong and how to fix it.
package demo
