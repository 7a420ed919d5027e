package suite

import (
	"strings"
	"testing"
)

func TestDeclareStreams(t *testing.T) {
	defer DeclareStreams(nil)
	if err := DeclareStreams([]string{"example.com/pkg.Writer:Close", "example.com/pkg.Buf:Flush"}); err != nil {
		t.Fatalf("valid specs: %v", err)
	}
	err := DeclareStreams([]string{"example.com/pkg.Writer", "example.com/pkg.Writer:Closed"})
	if err == nil {
		t.Fatal("malformed specs accepted")
	}
	for _, want := range []string{`"example.com/pkg.Writer"`, "no duty", `unknown duty "Closed"`, "IMPORTPATH.TYPE:DUTY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
