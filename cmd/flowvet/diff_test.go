package main

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	a := "package p\n\nfunc f() {\n\tpw.Close()\n\treturn\n}\n"
	b := "package p\n\nfunc f() {\n\tpw.CloseWithError(err)\n\treturn\n}\n"
	want := "--- a/p.go\n+++ b/p.go\n@@ -1,6 +1,6 @@\n package p\n \n func f() {\n-\tpw.Close()\n+\tpw.CloseWithError(err)\n \treturn\n }\n"
	if got := unifiedDiff("a/p.go", "b/p.go", a, b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := unifiedDiff("a", "b", a, a); got != "" {
		t.Errorf("equal texts: %q", got)
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// patch applies a unified diff to a, checking every context and removed
// line against a.
func patch(a, diff string) (string, error) {
	old := splitLines(a)
	var out []string
	next := 0 // index in old of the next line not yet copied
	lines := strings.SplitAfter(diff, "\n")
	for i := 2; i < len(lines) && lines[i] != ""; {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n"))
		if m == nil {
			return "", fmt.Errorf("bad hunk header %q", lines[i])
		}
		start, _ := strconv.Atoi(m[1])
		n := 1
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		if n > 0 {
			start-- // 1-based; for an empty range it names the line before
		}
		if start < next {
			return "", fmt.Errorf("hunks overlap at %d", start)
		}
		out = append(out, old[next:start]...)
		next = start
		for i++; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			l := lines[i]
			if strings.HasPrefix(l, `\ No newline`) {
				last := len(out) - 1
				out[last] = strings.TrimSuffix(out[last], "\n")
				continue
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(old) || strings.TrimSuffix(old[next], "\n") != strings.TrimSuffix(l[1:], "\n") {
					return "", fmt.Errorf("line %d: %q does not match %q", next+1, l, old[min(next, len(old)-1)])
				}
				if l[0] == ' ' {
					out = append(out, old[next])
				}
				next++
			case '+':
				out = append(out, l[1:])
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
	}
	out = append(out, old[next:]...)
	return strings.Join(out, ""), nil
}

// TestUnifiedDiffProperty: for random edits, applying the diff to a gives b
// (every context and removed line checked against a).
func TestUnifiedDiffProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "}\n", "\treturn\n", "x := 1\n"}
	for iter := range 2000 {
		var x []string
		for range r.IntN(40) {
			x = append(x, words[r.IntN(len(words))])
		}
		y := append([]string(nil), x...)
		for range r.IntN(5) {
			switch p := r.IntN(len(y) + 1); r.IntN(3) {
			case 0:
				y = append(y[:p], append([]string{words[r.IntN(len(words))]}, y[p:]...)...)
			case 1:
				if p < len(y) {
					y = append(y[:p], y[p+1:]...)
				}
			case 2:
				if p < len(y) {
					y[p] = "changed\n"
				}
			}
		}
		a, b := strings.Join(x, ""), strings.Join(y, "")
		if r.IntN(4) == 0 && len(b) > 0 {
			b = strings.TrimSuffix(b, "\n") // no newline at the end
		}
		d := unifiedDiff("a/f", "b/f", a, b)
		if (d == "") != (a == b) {
			t.Fatalf("#%d: diff %q for a=%q b=%q", iter, d, a, b)
		}
		if d == "" {
			continue
		}
		got, err := patch(a, d)
		if err != nil || got != b {
			t.Fatalf("#%d: patching with\n%s\ngives %q (%v), want %q (a=%q)", iter, d, got, err, b, a)
		}
	}
}
