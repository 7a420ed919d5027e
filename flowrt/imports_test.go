package flowrt

import (
	"go/build"
	"strings"
	"testing"
)

// flowrt imports only the standard library (no metrics library, nothing of
// the analyzers): importing the runtime costs a user nothing.
func TestImportsOnlyTheStandardLibrary(t *testing.T) {
	noLeak(t)
	pkg, err := build.Default.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.GoFiles) == 0 {
		t.Fatal("no Go files")
	}
	for _, path := range pkg.Imports {
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			t.Errorf("flowrt imports %s, which is not in the standard library", path)
		}
		if path == "net/http" {
			t.Errorf("flowrt imports net/http: ToWriter finds http.Flusher by its method")
		}
	}
}
