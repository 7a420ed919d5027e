package stream

// newStd is the standard library's kinds that came with the one stream
// model (issue 12). Each entry's duty was read off the package's source:
// the Close or Flush named writes bytes nothing else writes.
var newStd = []Kind{
	// A logger writes each entry into its destination at once: no duty,
	// but an entry logged after the destination was closed is lost.
	{Pkg: "log", Name: "Logger", Short: "log.Logger", Family: Codec,
		Ctors: []Ctor{fn("New", 0)}, Writes: []string{"Print", "Printf", "Println", "Output", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"}},
	// (*Writer).Close writes the closing boundary "--boundary--".
	{Pkg: "mime/multipart", Name: "Writer", Short: "multipart.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: []string{"CreatePart", "CreateFormFile", "CreateFormField", "WriteField"},
		Loses: "the closing boundary (the body ends mid-part)"},
	// Write only buffers cells; Flush formats and writes them.
	{Pkg: "text/tabwriter", Name: "Writer", Short: "tabwriter.Writer", Family: Buffer, Duty: Flush,
		Ctors: []Ctor{fn("NewWriter", 0), {Name: "Init", Recv: "Writer", Dest: 0}}, Writes: onlyWrite},
	// The encoders below are unexported types behind io.WriteCloser: Close
	// writes the last partial group (with padding).
	{Pkg: "encoding/base64", Name: "encoder", Short: "base64 encoder", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewEncoder", 1)}, Writes: onlyWrite, Loses: "the last partial group of up to 2 bytes and its padding"},
	{Pkg: "encoding/base32", Name: "encoder", Short: "base32 encoder", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewEncoder", 1)}, Writes: onlyWrite, Loses: "the last partial group of up to 4 bytes and its padding"},
	{Pkg: "encoding/ascii85", Name: "encoder", Short: "ascii85 encoder", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewEncoder", 0)}, Writes: onlyWrite, Loses: "the last partial group of up to 3 bytes"},
	// Close writes the character column of the last, partial line.
	{Pkg: "encoding/hex", Name: "dumper", Short: "hex.Dumper", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("Dumper", 0)}, Writes: onlyWrite, Loses: "the rest of the last line"},
	// Close writes the buffered last line.
	{Pkg: "mime/quotedprintable", Name: "Writer", Short: "quotedprintable.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: onlyWrite, Loses: "the buffered last line"},
	// Close writes the ".\r\n" line that ends the message, and flushes.
	{Pkg: "net/textproto", Name: "dotWriter", Short: "textproto DotWriter", Family: Encoder, Duty: Close,
		Ctors: []Ctor{{Name: "DotWriter", Recv: "Writer", Dest: -1}}, Writes: onlyWrite, Loses: "the \".\" line that ends the message"},
}
