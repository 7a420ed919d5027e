package analyzerdoc

import "testing"

func TestExtract(t *testing.T) {
	src := "// Package x defines an Analyzer.\n//\n// # Analyzer x\n//\n// x: report things\n//\n// Details.\npackage x\n"
	if got, want := Extract(src, "x"), "x: report things\n\nDetails."; got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
}

func TestExtractWithoutHeadingPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Extract of a doc.go without the heading did not panic")
		}
	}()
	Extract("// Package x reports things.\npackage x\n", "x")
}
