package a

func f() int { return 1 }

// Each reported directive below has its expectation in a block comment before
// it on the same line: everything after //flowvet:ignore is the directive.

func bad() {
	/* // want `//flowvet:ignore names no analyzer and silences nothing: write //flowvet:ignore <analyzer> <reason>` */ //flowvet:ignore
	f()

	/* // want `//flowvet:ignore backpressure gives no reason and silences nothing: add, after the analyzer, why the finding does not apply` */ //flowvet:ignore backpressure
	f()

	/* // want `//flowvet:ignore names unknown analyzer "backpresure": did you mean "backpressure"\?` */ //flowvet:ignore backpresure the consumer keeps up
	f()

	/* // want `//flowvet:ignore names unknown analyzer "printf": the flowvet analyzers are backpressure, chanleak, flowvetignore, pipelineerr, unflushed, writeafterclose` */ //flowvet:ignore printf not a flowvet analyzer
	f()

	/* // want `//flowvet:ignore names unknown analyzer "writeaftrclose": did you mean "writeafterclose"\?` `//flowvet:ignore unflushed,writeaftrclose silences nothing: unflushed reports nothing on its line or the line below; remove unflushed from it` */ //flowvet:ignore unflushed,writeaftrclose both are known to be fine here
	f()

	/* // want `//flowvet:ignore pipelineerr,unflushd gives no reason` `unknown analyzer "unflushd"` */ //flowvet:ignore pipelineerr,unflushd
	f()

	f() /* // want `//flowvet:ignore unflushed gives no reason` */ //flowvet:ignore unflushed
}

// A directive whose analyzer reports nothing where it stands silences
// nothing: it is reported, as staticcheck reports unmatched ignores.
func unmatched() {
	/* // want `//flowvet:ignore backpressure silences nothing: backpressure reports nothing on its line or the line below; remove the directive` */ //flowvet:ignore backpressure the consumer drains synchronously in tests
	f()

	f() /* // want `//flowvet:ignore pipelineerr silences nothing: pipelineerr reports nothing on its line or the line below; remove the directive` */ //flowvet:ignore pipelineerr Wait is called by the owner of p
}

// Lookalikes the author meant as directives, which flowvet does not read.
func lookalikes() {
	/* // want `"// flowvet:ignore" \(a space after //\) is not a directive and silences nothing: write //flowvet:ignore <analyzer> <reason>, with no space after // and nothing joined to ignore` */ // flowvet:ignore unflushed the caller flushes
	f()

	/* // want `//flowvet:ignoreall is not a directive and silences nothing` */ //flowvet:ignoreall
	f()

	/* // want `//flowvet:ignore-next-line is not a directive` */ //flowvet:ignore-next-line unflushed reason
	f()
}

func notDirectives() {
	// A comment that mentions flowvet:ignore in prose is not one.
	/* //flowvet:ignore inside a block comment is not a directive */
	//nolint:errcheck // flowvet:ignore after another directive is prose
}

func suppressed() {
	//flowvet:ignore flowvetignore this file documents the directive's syntax
	//flowvet:ignore
	f()
}
