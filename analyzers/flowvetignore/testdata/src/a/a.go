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

	/* // want `//flowvet:ignore names unknown analyzer "writeaftrclose": did you mean "writeafterclose"\?` */ //flowvet:ignore unflushed,writeaftrclose both are known to be fine here
	f()

	/* // want `//flowvet:ignore pipelineerr,unflushd gives no reason` `unknown analyzer "unflushd"` */ //flowvet:ignore pipelineerr,unflushd
	f()

	f() /* // want `//flowvet:ignore unflushed gives no reason` */ //flowvet:ignore unflushed
}

func good() {
	//flowvet:ignore backpressure the consumer drains synchronously in tests
	f()

	//flowvet:ignore unflushed,writeafterclose the caller flushes and closes, see Close
	f()

	f() //flowvet:ignore pipelineerr Wait is called by the owner of p

	//flowvet:ignoreme is not a directive
	// flowvet:ignore with a space is an ordinary comment

	/* //flowvet:ignore inside a block comment is not a directive */
}

func suppressed() {
	//flowvet:ignore flowvetignore this file documents the directive's syntax
	//flowvet:ignore
	f()
}
