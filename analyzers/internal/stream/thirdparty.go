package stream

// thirdParty is the writers most Go code uses outside the standard library,
// matched by import path and type name (flowvet never imports them). Each
// duty was checked against the library's source: klauspost/compress
// v1.20.4, klauspost/pgzip v1.3.0, pierrec/lz4/v4 v4.1.33,
// andybalholm/brotli v1.3.0, ulikunitz/xz v0.5.17, golang/snappy v1.0.0,
// dsnet/compress (bzip2) v0.0.2-0.20230904184137-39efe44ab707,
// liggitt/tabwriter v0.0.0-20181228230101-89fcab3d43de. In every
// compressor, Close writes what nothing else writes (the last block, a
// footer, an index) and does not close the destination.
var thirdParty = []Kind{
	// Forks of the standard library's, with the same duties.
	{Pkg: "github.com/klauspost/compress/gzip", Name: "Writer", Short: "gzip.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterLevel", 0), fn("NewWriterWindow", 0)}, Writes: onlyWrite, Loses: gzipLoses, ThirdParty: true},
	{Pkg: "github.com/klauspost/compress/zlib", Name: "Writer", Short: "zlib.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterLevel", 0), fn("NewWriterLevelDict", 0)}, Writes: onlyWrite, Loses: zlibLoses, ThirdParty: true},
	{Pkg: "github.com/klauspost/compress/flate", Name: "Writer", Short: "flate.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterDict", 0), fn("NewWriterWindow", 0)}, Writes: onlyWrite, Loses: flateLoses, ThirdParty: true},
	{Pkg: "github.com/klauspost/compress/zip", Name: "Writer", Short: "zip.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: zipWrites, Loses: zipLoses, ThirdParty: true},
	{Pkg: "github.com/klauspost/pgzip", Name: "Writer", Short: "pgzip.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterLevel", 0)}, Writes: onlyWrite, Loses: gzipLoses, ThirdParty: true},
	// zstd.Encoder.Close: "will flush the final output and close the stream".
	{Pkg: "github.com/klauspost/compress/zstd", Name: "Encoder", Short: "zstd.Encoder", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: readFrom, Loses: "the last block and the end of the zstd frame", ThirdParty: true},
	{Pkg: "github.com/klauspost/compress/s2", Name: "Writer", Short: "s2.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: readFrom, Loses: "the buffered blocks", ThirdParty: true},
	// snappy.Writer is an alias of s2.Writer; only the buffered one has a
	// duty (NewWriter's "does not buffer writes. There is no need to Flush
	// or Close").
	{Pkg: "github.com/klauspost/compress/snappy", Name: "Writer", Short: "snappy.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewBufferedWriter", 0)}, Writes: readFrom, Loses: "the buffered blocks", ThirdParty: true},
	{Pkg: "github.com/golang/snappy", Name: "Writer", Short: "snappy.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewBufferedWriter", 0)}, Writes: onlyWrite, Loses: "the buffered block", ThirdParty: true},
	{Pkg: "github.com/pierrec/lz4/v4", Name: "Writer", Short: "lz4.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: readFrom, Loses: "the last block and the lz4 end mark", ThirdParty: true},
	{Pkg: "github.com/andybalholm/brotli", Name: "Writer", Short: "brotli.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), fn("NewWriterLevel", 0), fn("NewWriterOptions", 0)}, Writes: onlyWrite, Loses: "the last meta-block", ThirdParty: true},
	{Pkg: "github.com/ulikunitz/xz", Name: "Writer", Short: "xz.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0), {Name: "NewWriter", Recv: "WriterConfig", Dest: 0}}, Writes: onlyWrite, Loses: "the last block, the index and the xz footer", ThirdParty: true},
	// kubectl's fork of text/tabwriter (k8s.io/cli-runtime's
	// printers.GetNewTabWriter makes every kubectl table with it): Write
	// only buffers cells, Flush formats and writes them, as in the original.
	{Pkg: "github.com/liggitt/tabwriter", Name: "Writer", Short: "tabwriter.Writer", Family: Buffer, Duty: Flush,
		Ctors: []Ctor{fn("NewWriter", 0), {Name: "Init", Recv: "Writer", Dest: 0}}, Writes: onlyWrite, ThirdParty: true},
	{Pkg: "github.com/dsnet/compress/bzip2", Name: "Writer", Short: "bzip2.Writer", Family: Encoder, Duty: Close,
		Ctors: []Ctor{fn("NewWriter", 0)}, Writes: onlyWrite, Loses: "the last block and the bzip2 stream footer", ThirdParty: true},
}
