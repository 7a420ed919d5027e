package main

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// An edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

func (e edit) overlaps(o edit) bool {
	if e.start == e.end && o.start == o.end {
		return e.start == o.start // two insertions at one point: order unknown
	}
	return e.start < o.end && o.start < e.end
}

// fixResult is what applyFixes did.
type fixResult struct {
	left   []finding // findings without a fix, or whose fix was not applied
	failed bool      // a file could not be read or written
}

// applyFixes applies the first suggested fix of each finding (in position
// order; a fix whose edits overlap one already taken is not applied), then
// formats each changed file. With dryRun it writes nothing and prints the
// changes to out as a unified diff with names relative to cwd.
func applyFixes(findings []finding, cwd string, dryRun bool, out io.Writer) fixResult {
	var res fixResult
	byFile := make(map[string][]edit)
	size := make(map[string]int)
	fixed := make(map[string][]finding) // by file, to count them left when it fails
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			res.left = append(res.left, f)
			continue
		}
		fset := f.act.Package.Fset
		edits := make(map[string][]edit)
		ok := true
		for _, te := range f.diag.SuggestedFixes[0].TextEdits {
			tf := fset.File(te.Pos)
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			if tf == nil || fset.File(end) != tf {
				ok = false
				break
			}
			name := tf.Name()
			size[name] = tf.Size()
			edits[name] = append(edits[name], edit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)})
		}
		for name, es := range edits {
			for _, e := range es {
				for _, taken := range byFile[name] {
					if e.overlaps(taken) && e != taken {
						ok = false
					}
				}
			}
		}
		if !ok {
			res.left = append(res.left, f)
			continue
		}
		for name, es := range edits {
			for _, e := range es {
				if !slices.Contains(byFile[name], e) { // the same fix from a test variant
					byFile[name] = append(byFile[name], e)
				}
			}
			fixed[name] = append(fixed[name], f)
		}
	}

	names := make([]string, 0, len(byFile))
	for name := range byFile {
		names = append(names, name)
	}
	slices.Sort(names)
	// Read every file first: one changed since it was analyzed stops the
	// run before anything is written.
	contents := make(map[string][]byte)
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			log.Print(err)
			res.failed = true
			res.left = append(res.left, fixed[name]...)
			continue
		}
		if len(data) != size[name] {
			log.Printf("%s changed on disk while flowvet ran (concurrent file modification detected): nothing written; run again", relName(cwd, name))
			return fixResult{left: findings, failed: true}
		}
		contents[name] = data
	}
	for _, name := range names {
		old, ok := contents[name]
		if !ok {
			continue
		}
		es := byFile[name]
		slices.SortStableFunc(es, func(a, b edit) int { return a.start - b.start })
		var b bytes.Buffer
		last := 0
		for _, e := range es {
			b.Write(old[last:e.start])
			b.WriteString(e.text)
			last = e.end
		}
		b.Write(old[last:])
		updated := b.Bytes()
		if formatted, err := format.Source(updated); err == nil {
			updated = formatted
		}
		if dryRun {
			rel := filepath.ToSlash(relName(cwd, name))
			fmt.Fprint(out, unifiedDiff("a/"+rel, "b/"+rel, string(old), string(updated)))
			continue
		}
		mode := os.FileMode(0o644)
		if st, err := os.Stat(name); err == nil {
			mode = st.Mode().Perm()
		}
		if err := os.WriteFile(name, updated, mode); err != nil {
			log.Print(err)
			res.failed = true
			res.left = append(res.left, fixed[name]...)
		}
	}
	return res
}

func relName(cwd, name string) string {
	if rel, err := filepath.Rel(cwd, name); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return name
}

// unifiedDiff returns the unified diff (3 lines of context) from a to b, or
// "" when they are equal.
func unifiedDiff(oldName, newName, a, b string) string {
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	const ctx = 3
	var out strings.Builder
	// Group the changes into hunks separated by more than 2*ctx equal lines.
	i := 0
	for i < len(ops) {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*ctx {
				break
			}
		}
		end = min(end+ctx, len(ops))
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
		}
		oldStart, newStart := ops[start].oldLine, ops[start].newLine
		oldN, newN := 0, 0
		for _, op := range ops[start:end] {
			if op.kind != '+' {
				oldN++
			}
			if op.kind != '-' {
				newN++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
		for _, op := range ops[start:end] {
			out.WriteByte(op.kind)
			out.WriteString(op.text)
			if !strings.HasSuffix(op.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start) // the line before an empty range
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// A lineOp is one line of a diff: ' ' kept, '-' removed, '+' added, with
// the 0-based line numbers in the old and new text where it stands.
type lineOp struct {
	kind             byte
	text             string
	oldLine, newLine int
}

// diffLines is Myers' O(ND) difference algorithm over lines: fixes change
// few lines, so D stays small.
func diffLines(x, y []string) []lineOp {
	n, m := len(x), len(y)
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int // trace[d]: v after round d
	for d := 0; d <= n+m; d++ {
		done := false
		for k := -d; k <= d && !done; k += 2 {
			var i int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				i = v[off+k+1]
			} else {
				i = v[off+k-1] + 1
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i, j = i+1, j+1
			}
			v[off+k] = i
			done = i >= n && j >= m
		}
		trace = append(trace, slices.Clone(v))
		if done {
			break
		}
	}

	var ops []lineOp
	i, j := n, m
	for d := len(trace) - 1; d > 0; d-- {
		v := trace[d-1]
		k := i - j
		prevK := k - 1
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		}
		prevI := v[off+prevK]
		prevJ := prevI - prevK
		midI, midJ := prevI+1, prevJ // a deletion from x
		if prevK == k+1 {
			midI, midJ = prevI, prevJ+1 // an insertion from y
		}
		for i > midI && j > midJ {
			i, j = i-1, j-1
			ops = append(ops, lineOp{' ', x[i], i, j})
		}
		if prevK == k+1 {
			j--
			ops = append(ops, lineOp{'+', y[j], i, j})
		} else {
			i--
			ops = append(ops, lineOp{'-', x[i], i, j})
		}
	}
	for i > 0 && j > 0 {
		i, j = i-1, j-1
		ops = append(ops, lineOp{' ', x[i], i, j})
	}
	slices.Reverse(ops)
	return ops
}
