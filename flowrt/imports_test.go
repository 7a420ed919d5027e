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
	for _, tags := range [][]string{nil, {"flowrt_noguard"}} {
		ctxt := build.Default
		ctxt.BuildTags = tags
		pkg, err := ctxt.ImportDir(".", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(pkg.GoFiles) == 0 {
			t.Fatal("no Go files")
		}
		for _, path := range pkg.Imports {
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				t.Errorf("flowrt (tags %v) imports %s, which is not in the standard library", tags, path)
			}
		}
	}
}
