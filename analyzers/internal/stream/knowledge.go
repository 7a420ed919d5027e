// Package stream is what flowvet knows about streams, in one place: a table
// of stream kinds (the type, its constructors and which argument is the
// destination, its write methods, its duty, what a missing duty loses and
// what a write after close does), the kinds a user declares, and the
// questions the analyzers ask of it. The table is data: adding a kind is
// adding an entry, and every analyzer that asks sees it.
//
// Third-party kinds are matched by import path and type name; flowvet never
// imports them.
package stream

import (
	"go/types"
	"strings"
)

// Duty is what a stream needs on the paths that succeed before the bytes
// written to it are complete.
type Duty uint8

const (
	NoDuty         Duty = iota
	Flush               // Flush writes what is buffered (bufio.Writer)
	Close               // Close writes the trailer or reports the last error (gzip.Writer, os.File)
	FlushError          // Flush, then Error reports a failed write (csv.Writer)
	CloseWithError      // on failure, CloseWithError tells the reader why (io.PipeWriter)
)

var dutyNames = [...]string{NoDuty: "", Flush: "Flush", Close: "Close", FlushError: "FlushError", CloseWithError: "CloseWithError"}

func (d Duty) String() string { return dutyNames[d] }

// Method is the method that discharges the duty: "Flush" or "Close".
func (d Duty) Method() string {
	switch d {
	case Flush, FlushError:
		return "Flush"
	case Close, CloseWithError:
		return "Close"
	}
	return ""
}

// Family groups the kinds whose duty and use are alike, for the rules that
// treat them differently (an os.File's Close error is about the data already
// written; an encoder's Close writes data of its own).
type Family uint8

const (
	Buffer  Family = iota + 1 // buffers writes; Flush empties the buffer (bufio, tabwriter)
	Encoder                   // Close writes a trailer (compressors, archives, base64, multipart)
	Table                     // csv.Writer: Flush, then Error
	File                      // os.File opened for writing: Close reports the write-back error
	Pipe                      // io.PipeWriter
	Conn                      // network connections: no duty, writes after Close fail
	Codec                     // json/xml/gob encoders: write through to a destination
	Flowrt                    // flowrt.Writer
)

// Ctor is a function (or a method, when Recv is set) that makes a stream.
type Ctor struct {
	Pkg    string // the function's package, when not the kind's (io/ioutil.TempFile)
	Name   string
	Recv   string // the receiver's type name, for a method constructor ("" for a function)
	Dest   int    // the argument that is the destination; -1 for the receiver, -2 for none
	Result int    // the result that is the stream (io.Pipe: 1)
}

// Kind is one stream type.
type Kind struct {
	Pkg, Name string // import path and type name: "compress/gzip", "Writer"
	Short     string // for messages: "gzip.Writer"
	Family    Family
	Duty      Duty
	Ctors     []Ctor
	Writes    []string // methods that put bytes in the stream
	Loses     string   // what a missing duty loses, for the message ("" when the family says it)
	// AfterClose says what a write after Close does, for the message
	// ("fails with os.ErrClosed"); "" when a write after Close is not
	// followed for this kind.
	AfterClose string
	// ThirdParty kinds are matched by path and name only; no analyzer's
	// behaviour before the kind was added depends on them.
	ThirdParty bool
	// Declared kinds come from the user's configuration (Declare).
	Declared bool
}

// IsWrite reports whether name is one of k's write methods (false for a
// nil k).
func (k *Kind) IsWrite(name string) bool {
	if k == nil {
		return false
	}
	for _, w := range k.Writes {
		if w == name {
			return true
		}
	}
	return false
}

func fn(name string, dest int) Ctor { return Ctor{Name: name, Dest: dest} }

var (
	bufWrites  = []string{"Write", "WriteString", "WriteByte", "WriteRune", "ReadFrom"}
	zipWrites  = []string{"Create", "CreateHeader", "CreateRaw", "Copy", "SetComment", "AddFS"}
	tarWrites  = []string{"Write", "WriteHeader", "AddFS"}
	fileWrites = []string{"Write", "WriteString", "WriteAt", "ReadFrom"}
	onlyWrite  = []string{"Write"}
	readFrom   = []string{"Write", "ReadFrom"}
)

const (
	gzipLoses  = "the final block and the gzip footer (CRC-32 and size)"
	zlibLoses  = "the final block and the Adler-32 checksum"
	flateLoses = "the final block"
	zipLoses   = "the central directory (the archive is unreadable without it)"
)

// std is the standard library's stream kinds.
var std = []Kind{
	{Pkg: "bufio", Name: "Writer", Short: "bufio.Writer", Family: Buffer, Duty: Flush,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterSize", 0)}, Writes: bufWrites},
	{Pkg: "compress/gzip", Name: "Writer", Short: "gzip.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterLevel", 0)}, Writes: onlyWrite, Loses: gzipLoses, AfterClose: "fails"},
	{Pkg: "compress/zlib", Name: "Writer", Short: "zlib.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterLevel", 0), fn("NewWriterLevelDict", 0)}, Writes: onlyWrite, Loses: zlibLoses, AfterClose: "fails"},
	{Pkg: "compress/flate", Name: "Writer", Short: "flate.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterDict", 0)}, Writes: onlyWrite, Loses: flateLoses, AfterClose: "fails"},
	{Pkg: "compress/lzw", Name: "Writer", Short: "lzw writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: onlyWrite, Loses: "the last code and the end-of-data code", AfterClose: "fails"},
	{Pkg: "archive/zip", Name: "Writer", Short: "zip.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: zipWrites, Loses: zipLoses, AfterClose: "fails"},
	{Pkg: "archive/tar", Name: "Writer", Short: "tar.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: tarWrites, Loses: "the padding of the last entry and the end-of-archive blocks", AfterClose: "fails"},
	{Pkg: "encoding/csv", Name: "Writer", Short: "csv.Writer", Family: Table, Duty: FlushError,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: onlyWrite},
	{Pkg: "os", Name: "File", Short: "os.File", Family: File, Duty: Close,
		Ctors: []Ctor{fn("Create", -2), fn("OpenFile", -2), fn("CreateTemp", -2), {Pkg: "io/ioutil", Name: "TempFile", Dest: -2}}, Writes: fileWrites, AfterClose: "fails with os.ErrClosed"},
	{Pkg: "io", Name: "PipeWriter", Short: "io.PipeWriter", Family: Pipe, Duty: CloseWithError,
		Ctors: []Ctor{{Name: "Pipe", Dest: -2, Result: 1}}, Writes: onlyWrite, AfterClose: "fails with io.ErrClosedPipe"},
	{Pkg: "net", Name: "TCPConn", Short: "net.TCPConn", Family: Conn, Writes: readFrom, AfterClose: "fails with net.ErrClosed"},
	{Pkg: "net", Name: "UDPConn", Short: "net.UDPConn", Family: Conn, Writes: onlyWrite, AfterClose: "fails with net.ErrClosed"},
	{Pkg: "net", Name: "UnixConn", Short: "net.UnixConn", Family: Conn, Writes: onlyWrite, AfterClose: "fails with net.ErrClosed"},
	{Pkg: "net", Name: "IPConn", Short: "net.IPConn", Family: Conn, Writes: onlyWrite, AfterClose: "fails with net.ErrClosed"},
	{Pkg: "crypto/tls", Name: "Conn", Short: "tls.Conn", Family: Conn, Writes: onlyWrite, AfterClose: "fails"},
	{Pkg: "encoding/json", Name: "Encoder", Short: "json.Encoder", Family: Codec,
		Ctors: []Ctor{fn("NewEncoder", 0)}, Writes: []string{"Encode"}},
	{Pkg: "encoding/xml", Name: "Encoder", Short: "xml.Encoder", Family: Codec,
		Ctors: []Ctor{fn("NewEncoder", 0)}, Writes: []string{"Encode", "EncodeToken", "EncodeElement"}},
	{Pkg: "encoding/gob", Name: "Encoder", Short: "gob.Encoder", Family: Codec,
		Ctors: []Ctor{fn("NewEncoder", 0)}, Writes: []string{"Encode"}},
}

// Lookup returns the kind of the named type pkgPath.name, or nil.
func Lookup(pkgPath, name string) *Kind {
	return byType[typeKey{pkgPath, name}]
}

// Of returns the kind of t (or of the type t points to), or nil.
func Of(t types.Type) *Kind {
	pkg, name, ok := named(t)
	if !ok {
		return nil
	}
	if k := Lookup(pkg, name); k != nil {
		return k
	}
	return declaredKind(pkg, name)
}

// CtorOf returns the kind fn constructs and how, when fn is a constructor
// in the table.
func CtorOf(fn *types.Func) (*Kind, Ctor, bool) {
	if fn == nil || fn.Pkg() == nil {
		return nil, Ctor{}, false
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		_, recv, _ = named(r.Type())
	}
	kc, ok := byCtor[ctorKey{fn.Pkg().Path(), recv, fn.Name()}]
	return kc.kind, kc.ctor, ok
}

// WrapperCtor returns the kind fn, a package-level function, builds around
// its first argument (bufio.NewWriter, gzip.NewWriterLevel, json.NewEncoder).
func WrapperCtor(fn *types.Func) (*Kind, bool) {
	if fn == nil || fn.Signature().Recv() != nil {
		return nil, false
	}
	k, c, ok := CtorOf(fn)
	if !ok || c.Dest != 0 {
		return nil, false
	}
	return k, true
}

// PkgName is the last element of k's package path: "gzip".
func (k *Kind) PkgName() string { return k.Pkg[strings.LastIndex(k.Pkg, "/")+1:] }

// CtorNames is every constructor name in the table, for a cheap syntactic
// filter before a type lookup.
func CtorNames() map[string]bool { return ctorNames }

// Kinds returns every kind of the table, std first.
func Kinds() []*Kind { return all }

type (
	typeKey  struct{ pkg, name string }
	ctorKey  struct{ pkg, recv, name string }
	kindCtor struct {
		kind *Kind
		ctor Ctor
	}
)

var (
	all       []*Kind
	byType    = map[typeKey]*Kind{}
	byCtor    = map[ctorKey]kindCtor{}
	ctorNames = map[string]bool{}
)

func init() {
	for _, table := range [][]Kind{std, newStd, thirdParty} {
		for i := range table {
			k := &table[i]
			all = append(all, k)
			byType[typeKey{k.Pkg, k.Name}] = k
			for j, c := range k.Ctors {
				if c.Pkg == "" {
					k.Ctors[j].Pkg = k.Pkg
				}
				byCtor[ctorKey{k.Ctors[j].Pkg, c.Recv, c.Name}] = kindCtor{k, k.Ctors[j]}
				ctorNames[c.Name] = true
			}
		}
	}
}

// named returns the package path and name of t or of the type t points to.
func named(t types.Type) (pkg, name string, ok bool) {
	if t == nil {
		return "", "", false
	}
	if p, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		t = p.Elem()
	}
	n, isNamed := types.Unalias(t).(*types.Named)
	if !isNamed {
		return "", "", false
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == nil {
		return "", "", false
	}
	return obj.Pkg().Path(), obj.Name(), true
}

// shortName is "gzip.Writer" for compress/gzip.Writer.
func shortName(pkg, name string) string {
	return pkg[strings.LastIndex(pkg, "/")+1:] + "." + name
}
