package stream

import (
	"go/importer"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestStdTableMatchesLibrary checks every standard-library kind against the
// package itself: the type exists, has its duty's method and its write
// methods, and every constructor exists and yields the stream at Result.
func TestStdTableMatchesLibrary(t *testing.T) {
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for _, k := range Kinds() {
		if k.ThirdParty {
			continue
		}
		pkg, err := imp.Import(k.Pkg)
		if err != nil {
			t.Fatalf("%s: %v", k.Pkg, err)
		}
		obj, ok := pkg.Scope().Lookup(k.Name).(*types.TypeName)
		if !ok {
			t.Errorf("%s.%s: no such type", k.Pkg, k.Name)
			continue
		}
		ptr := types.NewPointer(obj.Type())
		methods := append([]string(nil), k.Writes...)
		if m := k.Duty.Method(); m != "" {
			methods = append(methods, m)
		}
		for _, m := range methods {
			if f, _, _ := types.LookupFieldOrMethod(ptr, true, pkg, m); f == nil {
				t.Errorf("%s: no method %s", k.Short, m)
			}
		}
		for _, c := range k.Ctors {
			cpkg, err := imp.Import(c.Pkg)
			if err != nil {
				t.Fatalf("%s: %v", c.Pkg, err)
			}
			var sig *types.Signature
			if c.Recv == "" {
				f, ok := cpkg.Scope().Lookup(c.Name).(*types.Func)
				if !ok {
					t.Errorf("%s: no constructor %s", k.Short, c.Name)
					continue
				}
				sig = f.Signature()
			} else {
				recv := pkg.Scope().Lookup(c.Recv)
				f, _, _ := types.LookupFieldOrMethod(types.NewPointer(recv.Type()), true, pkg, c.Name)
				if f == nil {
					t.Errorf("%s: no constructor %s.%s", k.Short, c.Recv, c.Name)
					continue
				}
				sig = f.(*types.Func).Signature()
			}
			if c.Dest >= 0 && (c.Dest >= sig.Params().Len() || !strings.Contains(sig.Params().At(c.Dest).Type().String(), "Writer")) {
				t.Errorf("%s: %s's argument %d is not a writer: %s", k.Short, c.Name, c.Dest, sig)
			}
			if c.Result >= sig.Results().Len() {
				t.Errorf("%s: %s has no result %d", k.Short, c.Name, c.Result)
				continue
			}
			res := sig.Results().At(c.Result).Type()
			if !types.IsInterface(res) && Of(res) != k {
				t.Errorf("%s: %s returns %s, another kind", k.Short, c.Name, res)
			}
		}
	}
}

func TestTable(t *testing.T) {
	seen := map[typeKey]bool{}
	for _, k := range Kinds() {
		key := typeKey{k.Pkg, k.Name}
		if seen[key] {
			t.Errorf("%s.%s twice", k.Pkg, k.Name)
		}
		seen[key] = true
		if k.Short == "" || k.Family == 0 {
			t.Errorf("%s.%s: no Short or Family", k.Pkg, k.Name)
		}
		if k.Family == Encoder && k.Loses == "" {
			t.Errorf("%s: an encoder without what its Close writes", k.Short)
		}
		if k.ThirdParty != strings.Contains(k.Pkg, ".") {
			t.Errorf("%s: ThirdParty is %v for path %s", k.Short, k.ThirdParty, k.Pkg)
		}
	}
	ctors := 0
	for _, k := range Kinds() {
		ctors += len(k.Ctors)
	}
	if ctors != len(byCtor) {
		t.Errorf("%d constructors, %d distinct: two kinds claim one constructor", ctors, len(byCtor))
	}
	for _, want := range []string{"github.com/klauspost/compress/zstd.Encoder", "mime/multipart.Writer", "text/tabwriter.Writer", "encoding/base64.encoder"} {
		i := strings.LastIndex(want, ".")
		if Lookup(want[:i], want[i+1:]) == nil {
			t.Errorf("no kind %s", want)
		}
	}
	if !CtorNames()["NewBufferedWriter"] || CtorNames()["Flush"] {
		t.Errorf("CtorNames: %v", CtorNames())
	}
}

func TestParseSpec(t *testing.T) {
	for spec, want := range map[string]string{
		"example.com/pkg.Writer:Close":          "example.com/pkg Writer Close pkg.Writer",
		"example.com/pkg/v2/enc.Encoder:Flush":  "example.com/pkg/v2/enc Encoder Flush enc.Encoder",
		"mypkg.W:FlushError":                    "mypkg W FlushError mypkg.W",
		"example.com/a.b/c.Pipe:CloseWithError": "example.com/a.b/c Pipe CloseWithError c.Pipe",
	} {
		k, err := ParseSpec(spec)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if got := strings.Join([]string{k.Pkg, k.Name, k.Duty.String(), k.Short}, " "); got != want || !k.Declared {
			t.Errorf("%s: got %s (declared %v), want %s", spec, got, k.Declared, want)
		}
	}
	for spec, want := range map[string]string{
		"example.com/pkg.Writer":        "no duty after a colon",
		"example.com/pkg.Writer:close":  `unknown duty "close"`,
		"example.com/pkg.Writer:":       `unknown duty ""`,
		"*example.com/pkg.Writer:Close": "without *",
		"example.com/pkg:Close":         "no type name",
		"example.com/pkg.:Close":        "no type name",
		"Writer:Close":                  "no type name",
		"example.com/pkg.9W:Close":      "not a Go identifier",
		"example.com//pkg.W:Close":      "empty, . or .. element",
		" example.com/pkg.W:Close":      "white space",
		"compress/gzip.Writer:Close":    "already known to flowvet",
	} {
		_, err := ParseSpec(spec)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "want IMPORTPATH.TYPE:DUTY") {
			t.Errorf("%q: error %v, want one containing %q", spec, err, want)
		}
	}
}

func TestDeclare(t *testing.T) {
	defer Declare(nil)
	if err := Declare([]string{"example.com/p.W:Close", "example.com/p.B:Flush"}); err != nil {
		t.Fatal(err)
	}
	if k := declaredKind("example.com/p", "B"); k == nil || k.Duty != Flush || k.Family != Buffer {
		t.Fatalf("B: %+v", k)
	}
	// A bad list declares nothing and names every bad spec.
	err := Declare([]string{"example.com/q.X:Close", "bad", "example.com/q.X:Flush"})
	if err == nil || !strings.Contains(err.Error(), `"bad"`) || !strings.Contains(err.Error(), "declared twice") {
		t.Fatalf("err = %v", err)
	}
	if len(Declared()) != 2 || declaredKind("example.com/q", "X") != nil {
		t.Errorf("a failed Declare changed the declared kinds: %v", Declared())
	}
	if err := Declare(nil); err != nil || len(Declared()) != 0 {
		t.Errorf("Declare(nil): %v, %v", err, Declared())
	}
}
