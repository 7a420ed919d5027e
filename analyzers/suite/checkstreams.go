package suite

import "github.com/flowvet/flowvet/analyzers/internal/stream"

// CheckStreamSpec returns the error DeclareStreams would give for spec
// alone, without declaring anything: .flowvet.yml checks each of its
// streams with it, to name the line of a bad one.
func CheckStreamSpec(spec string) error {
	_, err := stream.ParseSpec(spec)
	return err
}
