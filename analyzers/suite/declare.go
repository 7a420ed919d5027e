package suite

import "github.com/flowvet/flowvet/analyzers/internal/stream"

// DeclareStreams names stream types flowvet cannot infer, so that its
// analyzers track them like the standard library's writers. Each spec is
// IMPORTPATH.TYPE:DUTY, DUTY one of Close, Flush, FlushError (Flush, then
// Error, like csv.Writer) or CloseWithError (like io.PipeWriter):
//
//	example.com/pkg.Writer:Close
//
// It replaces the kinds declared before. A malformed spec, a type declared
// twice or a type flowvet already knows is an error that names the spec,
// and then nothing is declared. Call it before the analyzers run.
func DeclareStreams(specs []string) error { return stream.Declare(specs) }
