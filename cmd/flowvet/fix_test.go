package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// closeOnErrSrc has one pipelineerr finding with a suggested fix:
// pw.Close() on the error path becomes pw.CloseWithError(err).
const closeOnErrSrc = `package pipes

import (
	"io"
	"os"
)

func Copy(pw *io.PipeWriter, f *os.File) {
	go func() {
		if _, err := io.Copy(pw, f); err != nil {
			pw.Close()
			return
		}
		pw.Close()
	}()
}
`

func TestFix(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"pipes/pipes.go": closeOnErrSrc})
	file := filepath.Join(dir, "pipes", "pipes.go")

	r := run(t, dir, bin, "-vet=false", "-fix", "-diff", "./...")
	if r.code != 0 || !strings.Contains(r.stdout, "+\t\t\tpw.CloseWithError(err)") {
		t.Fatalf("-fix -diff: exit %d, want 0 and the CloseWithError line\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if got := readFile(t, file); got != closeOnErrSrc {
		t.Fatalf("-diff changed the file:\n%s", got)
	}

	r = run(t, dir, bin, "-vet=false", "-fix", "./...")
	if r.code != 0 {
		t.Fatalf("-fix: exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	want := strings.Replace(closeOnErrSrc, "pw.Close()\n\t\t\treturn", "pw.CloseWithError(err)\n\t\t\treturn", 1)
	if got := readFile(t, file); got != want {
		t.Fatalf("-fix wrote:\n%s\nwant:\n%s", got, want)
	}
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d, want 0 (no finding left)\nstderr:\n%s", r.code, r.stderr)
	}
}

// TestFixUnwritable: a file -fix cannot rewrite is a clear error (exit 1,
// the file and the reason named) and keeps its content.
func TestFixUnwritable(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"pipes/pipes.go": closeOnErrSrc})
	file := filepath.Join(dir, "pipes", "pipes.go")
	if err := os.Chmod(file, 0o444); err != nil {
		t.Fatal(err)
	}

	var r result
	if os.Geteuid() != 0 {
		r = run(t, dir, bin, "-vet=false", "-fix", "./...")
	} else {
		// Permissions do not stop root: run as nobody.
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root without setpriv: cannot make a file unwritable")
		}
		home := t.TempDir()
		for _, d := range []string{home, dir, filepath.Dir(bin)} {
			openUp(t, d)
		}
		if err := os.Chown(home, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		r = run(t, dir, setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
			"env", "HOME="+home, "GOCACHE="+filepath.Join(home, "cache"), "GOPATH="+filepath.Join(home, "gopath"),
			bin, "-vet=false", "-fix", "./...")
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "pipes.go: permission denied") {
		t.Errorf("stderr does not name the file and the reason:\n%s", r.stderr)
	}
	if got := readFile(t, file); got != closeOnErrSrc {
		t.Errorf("the unwritable file changed:\n%s", got)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// openUp makes d and its parents up to the temporary directory readable
// and searchable by everyone (t.TempDir creates them 0700).
func openUp(t *testing.T, d string) {
	t.Helper()
	tmp := filepath.Clean(os.TempDir())
	for ; strings.HasPrefix(d, tmp) && d != tmp; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// TestProfiles: the standalone driver writes the profiles multichecker
// would (they used to be accepted and ignored).
func TestProfiles(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"clean/clean.go": cleanSrc})
	out := t.TempDir()
	cpu, mem, tr := filepath.Join(out, "cpu"), filepath.Join(out, "mem"), filepath.Join(out, "trace")
	for _, args := range [][]string{
		{"-cpuprofile", cpu, "-memprofile", mem, "-trace", tr, "./clean"},
		{"-json", "-cpuprofile", cpu, "-memprofile", mem, "-trace", tr, "./clean"},
	} {
		for _, f := range []string{cpu, mem, tr} {
			os.Remove(f)
		}
		r := run(t, dir, bin, args...)
		if r.code != 0 {
			t.Fatalf("flowvet %v: exit %d\nstderr:\n%s", args, r.code, r.stderr)
		}
		for _, f := range []string{cpu, mem, tr} {
			if st, err := os.Stat(f); err != nil || st.Size() == 0 {
				t.Errorf("flowvet %v: %s not written (%v)", args, filepath.Base(f), err)
			}
		}
	}
	r := run(t, dir, bin, "-cpuprofile", filepath.Join(out, "no", "such", "dir"), "./clean")
	if r.code != 1 || !strings.Contains(r.stderr, "no such file or directory") {
		t.Errorf("unwritable profile: exit %d, want 1 and the reason\nstderr:\n%s", r.code, r.stderr)
	}
}
