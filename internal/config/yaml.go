package config

import (
	"fmt"
	"slices"
	"strings"
)

// The subset of YAML a .flowvet.yml may use, read without a dependency:
// block mappings of plain keys, block sequences ("- item") of scalars, flow
// sequences of scalars ("[a, b]"), plain, 'single' and "double" quoted
// scalars, and # comments. Anything else (anchors, flow mappings,
// multi-line strings, tabs in indentation) is an error naming the line, so
// a file is never read differently from what its author meant.

// A node is a value of the file with the line it starts on (0 when it came
// from golangci-lint's settings, which carry no lines).
type node struct {
	line    int
	scalar  *string // a scalar; nil for a mapping or sequence
	items   []*node // a sequence
	isSeq   bool
	keys    []string // a mapping, in file order
	values  map[string]*node
	keyLine map[string]int
}

func (n *node) kind() string {
	switch {
	case n.scalar != nil:
		return "a value"
	case n.isSeq:
		return "a list"
	case n.values != nil:
		return "a mapping"
	}
	return "empty"
}

type yamlLine struct {
	num    int
	indent int
	text   string // without indentation and comment
}

// parseYAML parses data into a mapping node.
func parseYAML(data string) (*node, error) {
	var lines []yamlLine
	for i, raw := range strings.Split(data, "\n") {
		num := i + 1
		raw = strings.TrimRight(raw, "\r")
		text := strings.TrimLeft(raw, " ")
		indent := len(raw) - len(text)
		if strings.HasPrefix(text, "\t") {
			return nil, lineErr(num, "a tab in the indentation (YAML indents with spaces)")
		}
		text, err := stripComment(text)
		if err != nil {
			return nil, lineErr(num, "%v", err)
		}
		if text == "" || (indent == 0 && text == "---") {
			continue
		}
		lines = append(lines, yamlLine{num, indent, text})
	}
	p := &yamlParser{lines: lines}
	if len(lines) == 0 {
		return &node{values: map[string]*node{}}, nil
	}
	if lines[0].indent != 0 {
		return nil, lineErr(lines[0].num, "the first key is indented")
	}
	n, err := p.block(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(lines) {
		return nil, lineErr(lines[p.i].num, "unexpected indentation")
	}
	if n.values == nil {
		return nil, lineErr(n.line, "the file must be a mapping of keys (key: value), not %s", n.kind())
	}
	return n, nil
}

type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

func lineErr(line int, format string, args ...any) error {
	return &lineError{line, fmt.Sprintf(format, args...)}
}

// stripComment removes a # comment (at the start or after a space, outside
// quotes) and trailing spaces.
func stripComment(s string) (string, error) {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			if i == 0 || strings.ContainsRune(" [,:-", rune(s[i-1])) {
				quote = c
			}
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimRight(s[:i], " "), nil
		}
	}
	if quote != 0 {
		return "", fmt.Errorf("unterminated %c quote", quote)
	}
	return strings.TrimRight(s, " "), nil
}

type yamlParser struct {
	lines []yamlLine
	i     int
}

// block parses the mapping or sequence whose lines start at p.i with the
// given indentation.
func (p *yamlParser) block(indent int) (*node, error) {
	first := p.lines[p.i]
	if first.text == "-" || strings.HasPrefix(first.text, "- ") {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

func (p *yamlParser) sequence(indent int) (*node, error) {
	n := &node{line: p.lines[p.i].num, isSeq: true}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent {
		l := p.lines[p.i]
		if l.text != "-" && !strings.HasPrefix(l.text, "- ") {
			break // a key after a list at its key's indentation
		}
		item := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		if item == "" {
			return nil, lineErr(l.num, "an empty list item")
		}
		if _, _, isKey := cutKey(item); isKey {
			return nil, lineErr(l.num, "a list item must be a value, not a mapping")
		}
		v, err := scalarOrFlow(l.num, item)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
		p.i++
	}
	return n, nil
}

func (p *yamlParser) mapping(indent int) (*node, error) {
	n := &node{line: p.lines[p.i].num, values: map[string]*node{}, keyLine: map[string]int{}}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent {
		l := p.lines[p.i]
		key, rest, ok := cutKey(l.text)
		if !ok {
			return nil, lineErr(l.num, "want key: value, got %q", l.text)
		}
		if _, dup := n.values[key]; dup {
			return nil, lineErr(l.num, "key %q appears twice", key)
		}
		p.i++
		var v *node
		switch {
		case rest != "":
			var err error
			if v, err = scalarOrFlow(l.num, rest); err != nil {
				return nil, err
			}
		case p.i < len(p.lines) && p.lines[p.i].indent > indent:
			var err error
			if v, err = p.block(p.lines[p.i].indent); err != nil {
				return nil, err
			}
		case p.i < len(p.lines) && p.lines[p.i].indent == indent &&
			(p.lines[p.i].text == "-" || strings.HasPrefix(p.lines[p.i].text, "- ")):
			// YAML allows a list at the key's own indentation.
			var err error
			if v, err = p.sequence(indent); err != nil {
				return nil, err
			}
		default:
			v = &node{line: l.num} // key: with nothing: empty
		}
		n.keys = append(n.keys, key)
		n.values[key] = v
		n.keyLine[key] = l.num
	}
	return n, nil
}

// cutKey splits "key: rest" (or "key:"); a quoted key keeps its quotes out.
func cutKey(s string) (key, rest string, ok bool) {
	if s == "" || s[0] == '[' || s[0] == '{' {
		return "", "", false
	}
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", false
		}
		key, after := s[1:1+end], s[2+end:]
		if after == ":" || strings.HasPrefix(after, ": ") {
			return key, strings.TrimSpace(after[1:]), true
		}
		return "", "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i == len(s)-1 || s[i+1] == ' ') {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

// scalarOrFlow parses a value on one line: a scalar or a [flow, list].
func scalarOrFlow(line int, s string) (*node, error) {
	switch s[0] {
	case '{':
		return nil, lineErr(line, "{...} mappings are not supported: write one key per line")
	case '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, lineErr(line, "%q: anchors, tags and multi-line strings are not supported; quote the value", s)
	case '[':
		if !strings.HasSuffix(s, "]") {
			return nil, lineErr(line, "a [list] must end on its line with ]")
		}
		n := &node{line: line, isSeq: true}
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if inner == "" {
			return n, nil
		}
		for _, item := range splitFlow(inner) {
			item = strings.TrimSpace(item)
			if item == "" {
				return nil, lineErr(line, "an empty item in %s", s)
			}
			if item[0] == '[' || item[0] == '{' {
				return nil, lineErr(line, "nested lists are not supported")
			}
			v, err := scalar(line, item)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
		return n, nil
	}
	return scalar(line, s)
}

// splitFlow splits a flow list's inside at commas outside quotes.
func splitFlow(s string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ',':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func scalar(line int, s string) (*node, error) {
	v := s
	switch s[0] {
	case '"':
		if len(s) < 2 || s[len(s)-1] != '"' {
			return nil, lineErr(line, "%s: text after the closing quote", s)
		}
		var b strings.Builder
		for i := 1; i < len(s)-1; i++ {
			c := s[i]
			if c == '"' {
				return nil, lineErr(line, "%s: text after the closing quote", s)
			}
			if c == '\\' && i+1 < len(s)-1 {
				i++
				switch s[i] {
				case 'n':
					c = '\n'
				case 't':
					c = '\t'
				case '"', '\\', '/':
					c = s[i]
				default:
					return nil, lineErr(line, "%s: unsupported escape \\%c", s, s[i])
				}
			}
			b.WriteByte(c)
		}
		v = b.String()
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil, lineErr(line, "%s: text after the closing quote", s)
		}
		v = strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return &node{line: line, scalar: &v}, nil
}

// fromSettings turns the settings golangci-lint decoded from .golangci.yml
// (maps, []any lists, strings, bools, numbers) into nodes.
func fromSettings(v any) (*node, error) {
	switch v := v.(type) {
	case nil:
		return &node{}, nil
	case map[string]any:
		n := &node{values: map[string]*node{}}
		for k, x := range v {
			c, err := fromSettings(x)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			n.keys = append(n.keys, k)
			n.values[k] = c
		}
		slices.Sort(n.keys)
		return n, nil
	case []any:
		n := &node{isSeq: true}
		for _, x := range v {
			c, err := fromSettings(x)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
		return n, nil
	case []string:
		n := &node{isSeq: true}
		for _, x := range v {
			s := x
			n.items = append(n.items, &node{scalar: &s})
		}
		return n, nil
	case string, bool, int, int64, float64, uint64:
		s := fmt.Sprint(v)
		return &node{scalar: &s}, nil
	}
	return nil, fmt.Errorf("unsupported value %v (%T)", v, v)
}
