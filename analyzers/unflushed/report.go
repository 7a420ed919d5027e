package unflushed

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/fixsrc"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// ---- reports ----

func (c *checker) report(v *value, f *findings) {
	name := v.obj.Name()
	typ := v.info.typ
	line := func(p token.Pos) int { return c.pass.Fset.Position(p).Line }
	if f.readAt != nil {
		ev := f.readAt
		bufName := v.buf.Name()
		what := "finished"
		step := name + ".Close()"
		switch v.info.kind {
		case kBufio:
			what, step = "flushed", name+".Flush()"
		case kCSV:
			what, step = "flushed", name+".Flush()"
		case kEncoder:
			what = "closed"
		}
		msg := fmt.Sprintf("%s.%s() reads the output before %s %s is %s: ", bufName, ev.method, typ, name, what)
		if f.readDefer {
			msg += fmt.Sprintf("the deferred %s runs only after this read, so the data read is truncated; call %s (and check its error) before reading %s", step, step, bufName)
		} else {
			msg += fmt.Sprintf("the data read is truncated; call %s (and check its error) before reading %s", step, bufName)
		}
		c.pass.Report(analysis.Diagnostic{Pos: ev.call.Pos(), End: ev.call.End(), Category: ruleReadEarly, Message: msg})
		return
	}
	if f.missing != token.NoPos && !v.unobserved {
		where := fmt.Sprintf("before the return at line %d", line(f.missing))
		if f.missing == v.ctor.Pos() {
			where = "before it is created again"
		}
		var msg string
		switch v.info.kind {
		case kBufio:
			msg = fmt.Sprintf("%s %s is not flushed %s: the buffered tail of the output is lost; call %s.Flush() and check its error", typ, name, where, name)
		case kCSV:
			msg = fmt.Sprintf("%s %s is not flushed %s: buffered rows are lost; call %s.Flush() and then check %s.Error()", typ, name, where, name, name)
		case kEncoder:
			if f.missFlush {
				msg = fmt.Sprintf("%s %s is flushed but not closed %s: Flush does not write %s, so the output is truncated; call %s.Close() and check its error", typ, name, where, v.info.trailer, name)
			} else {
				msg = fmt.Sprintf("%s %s is not closed %s: the output lacks %s and is truncated; call %s.Close() and check its error", typ, name, where, v.info.trailer, name)
			}
		}
		c.pass.Report(analysis.Diagnostic{Pos: v.ctor.Pos(), End: v.ctor.End(), Category: ruleUnfinished, Message: msg})
		return
	}
	for _, ev := range c.events {
		if ev.v != v || !f.dropped[ev.pos] {
			continue
		}
		c.reportDropped(v, &ev)
	}
	if len(f.deferRets) > 0 {
		var ev *event
		for k := range c.events {
			if c.events[k].v == v && c.events[k].pos == f.deferAt {
				ev = &c.events[k]
			}
		}
		if ev != nil {
			c.reportDeferred(v, ev, f)
		}
	}
	if f.exitAt != token.NoPos {
		step := name + "." + dutyMethod(v.info.kind) + "()"
		var msg string
		switch {
		case f.exitDefer:
			msg = fmt.Sprintf("%s does not run deferred calls: the deferred %s never runs and %s's output is lost; call %s before exiting", c.exitName(f.exitCall), step, name, step)
		case v.info.kind == kEncoder:
			msg = fmt.Sprintf("os.Exit(0) ends the program before %s %s is closed: the output lacks %s; call %s and check its error before exiting", typ, name, v.info.trailer, step)
		default:
			msg = fmt.Sprintf("os.Exit(0) ends the program before %s %s is flushed: the buffered output is lost; call %s before exiting", typ, name, step)
		}
		c.pass.Report(analysis.Diagnostic{Pos: f.exitAt, Category: ruleExit, Message: msg})
	}
}

func (c *checker) reportDropped(v *value, ev *event) {
	name := v.obj.Name()
	kind := v.info.kind
	if ev.via {
		// cw.Flush() or cw.WriteAll(rows) of a csv.Writer over v, which
		// flushes v (sharedFlush) and reports through cw.Error().
		kind, name = kCSV, c.src(streams.Receiver(ev.call))
	}
	var msg string
	switch kind {
	case kCSV:
		if ev.via && ev.call != nil && ev.method == "WriteAll" {
			msg = fmt.Sprintf("the error of %s.WriteAll() is dropped: check it (or %s.Error() after it), or a failed write of the rows goes unnoticed", name, name)
			break
		}
		msg = fmt.Sprintf("%s.Flush() reports no error: check %s.Error() after it, or a failed write of the buffered rows goes unnoticed", name, name)
	case kFile:
		msg = fmt.Sprintf("the error of %s.%s() is dropped: a write to a file can fail only at Close (NFS, full disk, quota); check it%s", name, ev.method, c.stakesNote(v))
	case kBufio:
		msg = fmt.Sprintf("the error of %s.Flush() is dropped: a failed write of the buffered data goes unreported; check it", name)
	default:
		msg = fmt.Sprintf("the error of %s.%s() is dropped: Close writes %s and a failure there means truncated output; check it", name, ev.method, v.info.trailer)
	}
	d := analysis.Diagnostic{Pos: ev.call.Pos(), End: ev.call.End(), Category: ruleDropped, Message: msg}
	if es, ok := ev.stmt.(*ast.ExprStmt); ok {
		if ret, ok := c.returnErr(es.Pos()); ok {
			indent := c.indent(es.Pos())
			var text string
			if kind == kCSV {
				text = fmt.Sprintf("\n%sif err := %s.Error(); err != nil {\n%s\t%s\n%s}", indent, name, indent, ret, indent)
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Check %s.Error() after %s.%s()", name, name, ev.method),
					TextEdits: []analysis.TextEdit{{Pos: es.End(), End: es.End(), NewText: []byte(text)}},
				}}
			} else {
				text = fmt.Sprintf("if err := %s; err != nil {\n%s\t%s\n%s}", c.src(ev.call), indent, ret, indent)
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Check the error of %s", c.src(ev.call)),
					TextEdits: []analysis.TextEdit{{Pos: es.Pos(), End: es.End(), NewText: []byte(text)}},
				}}
			}
		}
	}
	c.pass.Report(d)
}

func (c *checker) reportDeferred(v *value, ev *event, f *findings) {
	name := v.obj.Name()
	var msg string
	step := name + "." + ev.method + "()"
	switch v.info.kind {
	case kFile:
		msg = fmt.Sprintf("%s is written to, but every Close drops its error: a write to a file can fail only at Close (NFS, full disk, quota); close it and check the error before the successful return (the deferred Close then only covers the error paths)%s", name, c.stakesNote(v))
	case kCSV:
		msg = fmt.Sprintf("the deferred %s reports no error: flush and check %s.Error() before the successful return", step, name)
	default:
		msg = fmt.Sprintf("the deferred %s drops its error: call %s and check its error before the successful return (the deferred call then only covers the error paths)", step, step)
	}
	d := analysis.Diagnostic{Pos: ev.call.Pos(), End: ev.call.End(), Category: ruleDeferred, Message: msg}
	// Fix: a checked call before each successful return that returns a
	// literal nil error.
	var edits []analysis.TextEdit
	rets := make([]*ast.ReturnStmt, 0, len(f.deferRets))
	for r := range f.deferRets {
		rets = append(rets, r)
	}
	sort.Slice(rets, func(i, j int) bool { return rets[i].Pos() < rets[j].Pos() })
	ok := true
	for _, r := range rets {
		if len(r.Results) != c.sig.Results().Len() || !streams.IsNil(c.pass.TypesInfo, ast.Unparen(r.Results[c.errRes])) {
			ok = false
			break
		}
		retText, good := c.returnErr(r.Pos())
		if !good {
			ok = false
			break
		}
		indent := c.indent(r.Pos())
		var text string
		if v.info.kind == kCSV {
			text = fmt.Sprintf("%s.Flush()\n%sif err := %s.Error(); err != nil {\n%s\t%s\n%s}\n%s", name, indent, name, indent, retText, indent, indent)
		} else {
			text = fmt.Sprintf("if err := %s.%s(); err != nil {\n%s\t%s\n%s}\n%s", name, ev.method, indent, retText, indent, indent)
		}
		edits = append(edits, analysis.TextEdit{Pos: r.Pos(), End: r.Pos(), NewText: []byte(text)})
	}
	if ok && len(edits) > 0 {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Check the error of %s before the successful return", step),
			TextEdits: edits,
		}}
	}
	c.pass.Report(d)
}

// returnErr returns "return <zero values>, err" for the function, or false
// when a zero value cannot be written.
func (c *checker) returnErr(at token.Pos) (string, bool) {
	if c.errRes < 0 {
		return "", false
	}
	file := c.fileOf(at)
	if file == nil {
		return "", false
	}
	qual := func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		for _, imp := range file.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if path != p.Path() {
				continue
			}
			if imp.Name != nil {
				return imp.Name.Name
			}
			return p.Name()
		}
		return "\x00"
	}
	var parts []string
	res := c.sig.Results()
	for i := 0; i < res.Len(); i++ {
		if i == c.errRes {
			parts = append(parts, "err")
			continue
		}
		z, ok := fixsrc.ZeroValue(res.At(i).Type(), qual)
		if !ok {
			return "", false
		}
		parts = append(parts, z)
	}
	return "return " + strings.Join(parts, ", "), true
}

func (c *checker) fileOf(p token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= p && p <= f.FileEnd {
			return f
		}
	}
	return nil
}

func (c *checker) indent(p token.Pos) string {
	col := c.pass.Fset.Position(p).Column
	if col < 1 {
		col = 1
	}
	return strings.Repeat("\t", col-1)
}

func (c *checker) src(n ast.Node) string {
	var b strings.Builder
	if err := format.Node(&b, c.pass.Fset, n); err != nil {
		return ""
	}
	return b.String()
}

// parenParent returns the index in stack (the path from the root to id,
// id last) of id's first ancestor that is not a ParenExpr, -1 if none, and
// the node below it (id or its outermost parentheses).
func parenParent(stack []ast.Node, id ast.Node) (int, ast.Node) {
	i, child := len(stack)-2, id
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
		i--
	}
	return i, child
}
