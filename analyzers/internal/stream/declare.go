package stream

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"
	"sync"
)

// Declared stream kinds: types flowvet cannot infer, named by the user
// (the -streams flag, the plugin's and the config file's setting).
//
// A spec is IMPORTPATH.TYPE:DUTY, for example
//
//	example.com/pkg.Writer:Close
//	example.com/pkg/v2/enc.Encoder:Flush
//
// where IMPORTPATH is the package's import path, TYPE the name of a type
// declared in it (a value of the type or a pointer to it is the stream) and
// DUTY one of Close, Flush, FlushError (Flush, then an Error method reports
// a failed write, like csv.Writer) or CloseWithError (on failure the writer
// is closed with CloseWithError, like io.PipeWriter).

var declared struct {
	sync.RWMutex
	kinds map[typeKey]*Kind
}

// ParseSpec parses one spec into the kind it declares.
func ParseSpec(spec string) (*Kind, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("stream spec %q: %s (want IMPORTPATH.TYPE:DUTY, e.g. example.com/pkg.Writer:Close)", spec, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(spec) != spec || strings.ContainsAny(spec, " \t\n") {
		return nil, bad("contains white space")
	}
	typ, dutyName, ok := strings.Cut(spec, ":")
	if !ok {
		return nil, bad("no duty after a colon")
	}
	if strings.HasPrefix(typ, "*") {
		return nil, bad("name the type without *: a pointer to it is a stream too")
	}
	var duty Duty
	for d, name := range dutyNames {
		if name != "" && name == dutyName {
			duty = Duty(d)
		}
	}
	if duty == NoDuty {
		return nil, bad("unknown duty %q: one of Close, Flush, FlushError, CloseWithError", dutyName)
	}
	slash := strings.LastIndex(typ, "/")
	dot := strings.LastIndex(typ, ".")
	if dot <= slash || dot == len(typ)-1 || dot == 0 {
		return nil, bad("no type name after the import path")
	}
	pkg, name := typ[:dot], typ[dot+1:]
	if !token.IsIdentifier(name) {
		return nil, bad("type name %q is not a Go identifier", name)
	}
	for _, elem := range strings.Split(pkg, "/") {
		if elem == "" || elem == "." || elem == ".." {
			return nil, bad("import path %q has an empty, . or .. element", pkg)
		}
	}
	if k := Lookup(pkg, name); k != nil {
		return nil, bad("%s is already known to flowvet (duty %s)", k.Short, k.Duty)
	}
	return &Kind{Pkg: pkg, Name: name, Short: shortName(pkg, name), Family: familyOf(duty), Duty: duty,
		Writes: []string{"Write", "WriteString", "ReadFrom"}, Loses: "what its " + duty.Method() + " writes", Declared: true}, nil
}

func familyOf(d Duty) Family {
	switch d {
	case Flush:
		return Buffer
	case FlushError:
		return Table
	case CloseWithError:
		return Pipe
	}
	return Encoder
}

// Declare replaces the declared kinds with those specs name. On a malformed
// spec, or one type declared twice, it declares nothing and returns an
// error naming every bad spec.
func Declare(specs []string) error {
	kinds := make(map[typeKey]*Kind, len(specs))
	var errs []string
	for _, spec := range specs {
		k, err := ParseSpec(spec)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		key := typeKey{k.Pkg, k.Name}
		if prev, dup := kinds[key]; dup {
			errs = append(errs, fmt.Sprintf("stream spec %q: %s.%s is declared twice (also with duty %s)", spec, k.Pkg, k.Name, prev.Duty))
			continue
		}
		kinds[key] = k
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	declared.Lock()
	declared.kinds = kinds
	declared.Unlock()
	return nil
}

// Declared returns the declared kinds.
func Declared() []*Kind {
	declared.RLock()
	defer declared.RUnlock()
	out := make([]*Kind, 0, len(declared.kinds))
	for _, k := range declared.kinds {
		out = append(out, k)
	}
	return out
}

func declaredKind(pkg, name string) *Kind {
	declared.RLock()
	defer declared.RUnlock()
	return declared.kinds[typeKey{pkg, name}]
}

// HasDeclared reports whether any kind is declared.
func HasDeclared() bool {
	declared.RLock()
	defer declared.RUnlock()
	return len(declared.kinds) > 0
}

// DeclaredCtor reports whether fn, a function (not a method), returns a
// value of a declared kind (T or *T, alone or with an error): a declared
// kind's constructor. Its destination is its first parameter when that
// has a Write method.
func DeclaredCtor(fn *types.Func) (*Kind, Ctor, bool) {
	if fn == nil || !HasDeclared() {
		return nil, Ctor{}, false
	}
	sig := fn.Signature()
	res := sig.Results()
	if sig.Recv() != nil || res.Len() == 0 || res.Len() > 2 ||
		res.Len() == 2 && !types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()) {
		return nil, Ctor{}, false
	}
	pkg, name, ok := named(res.At(0).Type())
	if !ok {
		return nil, Ctor{}, false
	}
	k := declaredKind(pkg, name)
	if k == nil {
		return nil, Ctor{}, false
	}
	c := Ctor{Pkg: fn.Pkg().Path(), Name: fn.Name(), Dest: -2}
	if sig.Params().Len() > 0 {
		if m, _, _ := types.LookupFieldOrMethod(sig.Params().At(0).Type(), true, nil, "Write"); m != nil {
			c.Dest = 0
		}
	}
	return k, c, true
}
