package unflushed

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// closeInTests is the -unflushed.tests flag: report a dropped Close error of
// a written file in test code too. Off by default: a test or test helper
// that drops the Close error of a file it wrote (defer dst.Close() after
// io.Copy) is the most common report on real code and the one users least
// want next to real findings; the test reads the file back or throws it
// away. The rules whose miss makes the test itself wrong (a missing Flush
// or Close, a read before the writer is finished) stay on in tests.
var closeInTests bool

func init() {
	Analyzer.Flags.BoolVar(&closeInTests, "tests", false,
		"report a dropped Close error of a written file in test code too (_test.go files and test-only packages)")
}

// testPackage reports whether the package is test code as a whole: a
// non-test file of it uses package testing for more than testing.Testing()
// (a helper that takes a *testing.T or testing.TB, or calls testing's
// functions: production code cannot use it without the test framework),
// or an element of its import path, or a part of one between _ or -,
// starts with "test" (testutil, testhelpers, testing, tests, testdata,
// testscript, shared_tests) or is "e2e". The
// analysis framework runs a package before the packages that import it, so
// "imported only by tests" cannot be observed; these are the marks such
// packages carry. testing.Testing() alone is production code asking
// whether it runs under a test (cue's cmd/cue/cmd).
// US-testpkg.
func testPackage(pass *analysis.Pass) bool {
	for _, elem := range strings.Split(strings.TrimSuffix(pass.Pkg.Path(), "_test"), "/") {
		// A part of an element separated by _ or - counts too
		// (go-pdfium's shared_tests, integration-tests); "latest" or
		// "contests" does not.
		for _, part := range strings.FieldsFunc(elem, func(r rune) bool { return r == '_' || r == '-' }) {
			if strings.HasPrefix(part, "test") || part == "e2e" {
				return true
			}
		}
	}
	for id, obj := range pass.TypesInfo.Uses {
		if obj.Pkg() != nil && obj.Pkg().Path() == "testing" && obj.Name() != "Testing" && !testFile(pass, id.Pos()) {
			return true
		}
	}
	return false
}

// testFile reports whether the position p is in a _test.go file. (A test
// helper outside _test.go files takes a *testing.T or testing.TB, so its
// file imports "testing" and testPackage covers it.)
func testFile(pass *analysis.Pass, p token.Pos) bool {
	return strings.HasSuffix(pass.Fset.File(p).Name(), "_test.go")
}
