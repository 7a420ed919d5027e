package chanleak

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Cases are the places where the analyzer stays silent on purpose, each
// named in a comment where it is implemented; docs/analyzers/chanleak.md
// lists them and analyzers/suite checks the page, the fixtures and the
// comments against this table.
var Cases = []rules.Case{
	{ID: "CS-escapes", Reason: "the channel escapes (returned, stored, passed to a call, used in a literal not started or deferred): someone unseen may receive",
		Fixture: "testdata/src/early/early.go", Marker: "func Async(", Silences: all},
	{ID: "CS-wayout", Reason: "the send is a case of a select with another case or a default",
		Fixture: "testdata/src/early/early.go", Marker: "func TimeoutDone(", Silences: sendRules},
	{ID: "CS-deferdrain", Reason: "a deferred function uses the channel: a deferred drain receives on every path",
		Fixture: "testdata/src/early/early.go", Marker: "func DeferredDrain(", Silences: all},
	{ID: "CS-buffer", Reason: "the constant buffer holds every send that can be pending",
		Fixture: "testdata/src/early/early.go", Marker: "func BufferedTwo(", Silences: sendRules},
	{ID: "CS-runtimebuffer", Reason: "a buffer sized at run time is assumed sized right (usually to the number of senders)",
		Fixture: "testdata/src/early/early.go", Marker: "func FirstErrorSized(", Silences: all},
	{ID: "CS-loopcount", Reason: "a loop that receives and ends by its condition is assumed to count its receives right",
		Fixture: "testdata/src/early/early.go", Marker: "func FirstErrorCounted(", Silences: sendRules},
	{ID: "CS-counter", Reason: "the branch where a counter the receiving loop steps reaches its mark has received every send (cmd/go's fuzz coordinator)",
		Fixture: "testdata/src/early/early.go", Marker: "func ActiveWorkers(", Silences: sendRules},
	{ID: "CS-fixedrecv", Reason: "a fixed number of receives from a sender that sends in a loop: the counts cannot be related",
		Fixture: "testdata/src/group/group.go", Marker: "func OneEvent(", Silences: sendRules},
	{ID: "CS-loopstarted", Reason: "a fixed number of receives from senders started in a loop: the counts cannot be related",
		Fixture: "testdata/src/early/early.go", Marker: "func TwoWorkers(", Silences: sendRules},
	{ID: "CS-hearsback", Reason: "the sending function hears from its consumer on another channel the consumer sends on or closes",
		Fixture: "testdata/src/group/group.go", Marker: "func Handshake(", Silences: []string{ruleStopped}},
	{ID: "CS-synced", Reason: "the receiver synchronizes with the senders another way: a receive from a channel they send on or close, a WaitGroup or errgroup Wait",
		Fixture: "testdata/src/group/group.go", Marker: "func Queue(", Silences: sendRules},
	{ID: "CS-inflight", Reason: "a buffered channel whose senders start in a loop that receives as it goes is assumed sized for those in flight (paho.golang's pinger)",
		Fixture: "testdata/src/early/early.go", Marker: "func Pinger(", Silences: []string{ruleEarlyReturn}},
	{ID: "CS-commaok", Reason: "a comma-ok receive saw the channel closed: every sender is done",
		Fixture: "testdata/src/early/early.go", Marker: "func CommaOK(", Silences: sendRules},
	{ID: "CS-recover", Reason: "a sender that defers a recover may panic out before its send",
		Fixture: "testdata/src/early/early.go", Marker: "func Recovered(", Silences: sendRules},
	{ID: "CS-testfailed", Reason: "a path where the test has failed or skipped: the leak ends with the test binary, the report would repeat the failure",
		Fixture: "testdata/src/testfail/testfail_test.go", Marker: "func TestTimeout(", Silences: all},
	{ID: "CS-lastvalue", Reason: "a sender with a last send after which it stops: the receiver may leave on that value",
		Fixture: "testdata/src/unclosed/unclosed.go", Marker: "func SquaresSentinel(", Silences: all},
	{ID: "CS-receivers", Reason: "several receivers, or a consumer started in a loop: one leaving strands nobody",
		Fixture: "testdata/src/early/early.go", Marker: "func TwoReceivers(", Silences: sendRules},
	{ID: "CS-foreignrange", Reason: "the end of a range over a channel another package hands out (a field or a call's result): whether that package ever closes it cannot be seen (slack's IncomingEvents, a Ticker's C)",
		Fixture: "testdata/src/unclosed/unclosed.go", Marker: "func Ticks(", Silences: []string{ruleUnclosed}},
	{ID: "CS-main", Reason: "returning from main.main ends the program",
		Fixture: "testdata/src/mainpkg/main.go", Marker: "func main(", Silences: all},
	{ID: "CS-noreturn", Reason: "a path that panics or exits returns nowhere: only returns are leaking exits",
		Fixture: "testdata/src/early/early.go", Marker: "func PanicBeforeReceive(", Silences: all},
}

var (
	all       = []string{ruleEarlyReturn, ruleStopped, ruleUnclosed}
	sendRules = []string{ruleEarlyReturn, ruleStopped}
)
