package unflushed

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Cases are the places where the analyzer stays silent on purpose, each
// named in a comment where it is implemented; docs/analyzers/unflushed.md
// lists them and analyzers/suite checks the page, the fixtures and the
// comments against this table. A reason that starts with "project-shaped"
// is a special case cut to the code of the projects it names, which no
// rule of the model covers yet.
var Cases = []rules.Case{
	// Paths that do not report success.
	{ID: "US-errorreturn", Reason: "a path that returns a non-nil error (errpath), or fails or skips a test, has told its caller",
		Fixture: "testdata/src/bufiocase/bufio.go", Marker: "func errorPathsOnly(", Silences: finishRules},
	{ID: "US-splitoffset", Reason: "a buf.Len() taken before the finishing call whose every use bounds or indexes buf.Bytes()/String() is an offset where the content, read later, is split, not a read (go-proxmox's multipart upload)",
		Fixture: "testdata/src/buffers/splitoffset.go", Marker: "func uploadBody(", Silences: []string{ruleReadEarly}},
	{ID: "US-nildest", Reason: "a path on which the destination a writer wraps is nil (tested directly, or through a variable found equal to it) has nothing to flush to: a Flush would panic (relic's zipslicer WriteDirectory)",
		Fixture: "testdata/src/bufiocase/nildest.go", Marker: "func writeDirectory(", Silences: []string{ruleUnfinished}},
	{ID: "US-errbranch", Reason: "a return on a branch where an error variable is known non-nil is an error path, even when it does not hand that error on",
		Fixture: "testdata/src/bufiocase/encoderover.go", Marker: "func unrelatedError(", Silences: finishRules},
	{ID: "US-errsentinel", Reason: "an Err() error compared only with sentinels is non-nil where it is not the sentinel (a judgment found on inbucket's code)",
		Fixture: "testdata/src/bufiocase/sentinel.go", Marker: "func copyTokens(", Silences: finishRules},
	{ID: "US-unjudged", Reason: "a returned error neither followed nor tested (a parameter, a field) cannot be judged",
		Fixture: "testdata/src/bufiocase/errpath.go", Marker: "func handedError(", Silences: finishRules},
	{ID: "US-noreturn", Reason: "log.Fatal, a failing os.Exit with nothing deferred, panic and runtime.Goexit are not normal returns",
		Fixture: "testdata/src/bufiocase/bufio.go", Marker: "func fatalPath(", Silences: []string{ruleUnfinished, ruleDropped, ruleExit}},
	{ID: "US-exitfile", Reason: "an exit that skips a file's deferred Close, or a writer into memory, loses nothing: the data is in the kernel, the memory dies with the process",
		Fixture: "testdata/src/realworld/mods.go", Marker: "func exitWithDeferredFileClose(", Silences: []string{ruleExit}},
	// Written decisions.
	{ID: "US-blank", Reason: "an explicit discard (_ = w.Close(), also in a deferred closure) is a decision, respected",
		Fixture: "testdata/src/bufiocase/bufio.go", Marker: "func explicitDiscard(", Silences: errRules},
	{ID: "US-nolint", Reason: "a dropped Close, Flush or Sync error on a line whose nolint directive covers errcheck: the same written decision as _ =",
		Fixture: "testdata/src/files/nolint.go", Marker: "func nolintDeferred(", Silences: errRules},
	{ID: "US-nosec", Reason: "a #nosec directive naming G307, G104 or no rule: gosec's spelling of the same decision",
		Fixture: "testdata/src/files/nolint.go", Marker: "func nosecReport(", Silences: errRules},
	// Writers not this function's to finish.
	{ID: "US-handedon", Reason: "a parameter, a field, a writer returned, stored, passed as something that can finish it, captured, used in a go statement or type-asserted",
		Fixture: "testdata/src/bufiocase/handoff.go", Marker: "func storedInResult(", Silences: finishRules},
	{ID: "US-assertedfield", Reason: "a writer stored in a struct field that the package type-asserts to an interface with its duty method",
		Fixture: "testdata/src/handon/fields.go", Marker: "func openAll(", Silences: finishRules},
	{ID: "US-assertsparams", Reason: "a writer passed to a callee that converts its io.Writer parameter back to a closer or flusher (the assertsParams fact)",
		Fixture: "testdata/src/handon/handon.go", Marker: "func CompressStream(", Silences: finishRules},
	{ID: "US-funclit", Reason: "a file in a func literal that may run later, or does more than write it, is handed on",
		Fixture: "testdata/src/handon/closures.go", Marker: "func literalCloses(", Silences: finishRules},
	{ID: "US-flushfact", Reason: "a callee that wraps its io.Writer in bufio and flushes the wrapper flushes the caller's bufio.Writer (the flushesParams fact)",
		Fixture: "testdata/src/preprofile/main.go", Marker: "func preprocess(", Silences: []string{ruleUnfinished}},
	{ID: "US-sharedbufio", Reason: "xml.NewEncoder and csv.NewWriter over a bufio.Writer reuse it: their checked flushes are its flushes",
		Fixture: "testdata/src/bufiocase/shared.go", Marker: "func serializeOPML(", Silences: []string{ruleUnfinished, ruleReadEarly}},
	{ID: "US-lazyuse", Reason: "a value built over the writer writes when used: a return between its constructor and first use has nothing buffered",
		Fixture: "testdata/src/bufiocase/encoderover.go", Marker: "func encodeLater(", Silences: []string{ruleUnfinished}},
	{ID: "US-getter", Reason: "a getter of a value built over the writer (no arguments, results of basic type) reads a counter and writes nothing",
		Fixture: "testdata/src/bufiocase/builtgetter.go", Marker: "func countedWrite(", Silences: []string{ruleUnfinished}},
	// Nothing to lose.
	{ID: "US-neverwritten", Reason: "a writer never written to loses nothing",
		Fixture: "testdata/src/bufiocase/bufio.go", Marker: "func neverWritten(", Silences: all},
	{ID: "US-noinfo", Reason: "the dropped-error rules skip a writer into memory or over a tracked writer with a sticky error, and functions without an error result",
		Fixture: "testdata/src/buffers/buffers.go", Marker: "func gzipIntoCallersBufferClosed(", Silences: errRules},
	{ID: "US-overbufio", Reason: "a writer over a *bufio.Writer: bufio keeps the first write error and returns it from its own Flush",
		Fixture: "testdata/src/realworld/mods.go", Marker: "func writeIndex(", Silences: errRules},
	{ID: "US-discard", Reason: "a writer into io.Discard (or io/ioutil.Discard) has nothing to lose",
		Fixture: "testdata/src/realworld/std.go", Marker: "func intoDiscard(", Silences: all},
	{ID: "US-unreadbuf", Reason: "a local bytes.Buffer destination whose content nobody reads observes no unfinished stream",
		Fixture: "testdata/src/realworld/tests_test.go", Marker: "func TestCompressionSize(", Silences: []string{ruleUnfinished}},
	{ID: "US-flushedread", Reason: "a bytes.Buffer read after the encoder's Flush, before more writes: a streaming sync point",
		Fixture: "testdata/src/buffers/buffers.go", Marker: "func readAfterFlush(", Silences: []string{ruleReadEarly}},
	{ID: "US-readbefore", Reason: "a buffer read only before the last write: what the unfinished writer holds is read by nobody",
		Fixture: "testdata/src/buffers/after.go", Marker: "func leftBuffered(", Silences: []string{ruleUnfinished}},
	// Files.
	{ID: "US-besteffort", Reason: "a file whose creation failure the function reports as success (a REPL's history): its Close failure loses nothing promised",
		Fixture: "testdata/src/files/lowstakes.go", Marker: "func saveHistory(", Silences: errRules},
	{ID: "US-testclose", Reason: "test code (_test.go files, test-only packages): a dropped Close error of a written file, unless -unflushed.tests",
		Fixture: "testdata/src/tcpolicy/code_test.go", Marker: "func copyFixture(", Silences: errRules},
	{ID: "US-testpkg", Reason: "a package that uses testing in its non-test files, or whose path has an element (or a part of one between _ or -) starting with test or equal to e2e, is test code",
		Fixture: "testdata/src/tcpolicy/testutil/testutil.go", Marker: "func CopyFile(", Silences: errRules},
	{ID: "US-scratch", Reason: "a scratch file removed by a deferred os.Remove or RemoveAll, or unlinked while open, its only Close deferred: a short spool fails its own read",
		Fixture: "testdata/src/realworld/gocmd.go", Marker: "func spoolZip(", Silences: errRules},
	{ID: "US-readonly", Reason: "a file opened read-only, or by os.OpenFile with flags that are not a constant",
		Fixture: "testdata/src/files/files.go", Marker: "func readOnly(", Silences: errRules},
	{ID: "US-syncchecked", Reason: "a file whose success path has a checked Sync with no write after it",
		Fixture: "testdata/src/files/files.go", Marker: "func syncChecked(", Silences: errRules},
	{ID: "US-neverclosed", Reason: "a file never closed, or created again in a loop before it was closed: a descriptor leak, the data is in the kernel",
		Fixture: "testdata/src/files/loops.go", Marker: "func saveOne(", Silences: []string{ruleUnfinished}},
	{ID: "US-syncops", Reason: "Truncate, Chmod, Chown, Seek, Stat and Name report their own errors: they are no writes",
		Fixture: "testdata/src/realworld/containerd.go", Marker: "func initalizeBlockDevice(", Silences: errRules},
	{ID: "US-childwrites", Reason: "a file only a child process writes (cmd.Stdout = f): the child writes through its own descriptor",
		Fixture: "testdata/src/handles/handles.go", Marker: "func runTo(", Silences: errRules},
	{ID: "US-handles", Reason: "a file handed to a function that uses only its handle (Fd, Name, Stat...: the handlesParams fact) is not written",
		Fixture: "testdata/src/handles/handles.go", Marker: "return reflink.CloneTo(f, src)", Silences: errRules},
	{ID: "US-osync", Reason: "a file opened with O_SYNC or O_DSYNC: every Write waits for the device and reports its own error",
		Fixture: "testdata/src/realworld/containerd.go", Marker: "func writeToCompletion(", Silences: errRules},
	{ID: "US-kernelfiles", Reason: "a path under /proc/, /sys/ or /dev/: the kernel takes the write in the call itself, Close reports nothing more",
		Fixture: "testdata/src/realworld/containerd.go", Marker: "func SetOOMScore(", Silences: errRules},
	// Tests that build partial streams on purpose.
	{ID: "US-ownpkgtests", Reason: "the _test.go files of the package that defines the writer exercise it in partial states",
		Fixture: "testdata/src/example.com/sink/sink_test.go", Marker: "func TestPartial(", Silences: all},
	{ID: "US-partialtest", Reason: "project-shaped (pdfcpu, podman): in a _test.go file, a compressor flushed and never closed, or a tar writer with a checked Flush never closed",
		Fixture: "testdata/src/encoders/partial_test.go", Marker: "func flatePartialFlushTestData(", Silences: []string{ruleUnfinished}},
}

var (
	all         = []string{ruleUnfinished, ruleDropped, ruleDeferred, ruleReadEarly, ruleExit}
	finishRules = []string{ruleUnfinished, ruleDropped, ruleDeferred}
	errRules    = []string{ruleDropped, ruleDeferred}
)
