package handon

import (
	"io"
	"os"
	"strings"
)

// Files written through a local func literal (go-pmtiles pmtiles/sync.go:377,
// hunt4): a literal that only writes the file (method calls that write, the
// file as an io.Writer argument) does not hand it on; the dropped Close of
// the enclosing function is reported as if the writes were in its body.

// group is a tiny errgroup.Group: Go runs f in a goroutine, Wait waits.
type group struct{ errs chan error }

func (g *group) Go(f func() error) { go func() { g.errs <- f() }() }
func (g *group) Wait() error       { return <-g.errs }

// The reported shape: a literal bound to a local, called in a loop.
func downloadLoop(urls []string, tmp, dst string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	part := func(u string) error {
		_, err := io.Copy(out, strings.NewReader(u))
		return err
	}
	for _, u := range urls {
		if err := part(u); err != nil {
			return err
		}
	}
	out.Close() // want `the error of out.Close\(\) is dropped`
	return os.Rename(tmp, dst)
}

// The errgroup shape: a literal bound to a local, run through g.Go.
func downloadGroup(urls []string, tmp, dst string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	part := func(u string) error {
		_, err := out.WriteString(u)
		return err
	}
	var g group
	for _, u := range urls {
		g.Go(func() error { return part(u) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	out.Close() // want `the error of out.Close\(\) is dropped`
	return os.Rename(tmp, dst)
}

// The literal itself passed to g.Go, writing the file directly.
func downloadGoLit(urls []string, tmp, dst string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	var g group
	for _, u := range urls {
		g.Go(func() error {
			_, err := out.WriteAt([]byte(u), 0)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	out.Close() // want `the error of out.Close\(\) is dropped`
	return os.Rename(tmp, dst)
}

// Called immediately.
func writeNow(tmp, dst, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := func() error {
		_, err := io.WriteString(out, s)
		return err
	}(); err != nil {
		return err
	}
	out.Close() // want `the error of out.Close\(\) is dropped`
	return os.Rename(tmp, dst)
}

// Silent twins.

// The literal closes the file.
func literalCloses(tmp, dst, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	finish := func() error {
		if _, err := out.WriteString(s); err != nil {
			return err
		}
		return out.Close()
	}
	if err := finish(); err != nil {
		return err
	}
	out.Close()
	return os.Rename(tmp, dst)
}

// The literal is returned: the caller runs it later.
func literalReturned(tmp, s string) (func() error, error) {
	out, err := os.Create(tmp)
	if err != nil {
		return nil, err
	}
	write := func() error {
		_, err := out.WriteString(s)
		return err
	}
	out.Close()
	return write, nil
}

type job struct{ run func() error }

// The literal is stored in a field.
func literalStored(j *job, tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	write := func() error {
		_, err := out.WriteString(s)
		return err
	}
	j.run = write
	out.Close()
	return nil
}

// The literal is passed to an unknown function.
func literalPassed(run func(func() error), tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	run(func() error {
		_, err := out.WriteString(s)
		return err
	})
	out.Close()
	return nil
}

// The local bound to the literal is reassigned.
func literalReassigned(tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	write := func() error {
		_, err := out.WriteString(s)
		return err
	}
	if s == "" {
		write = func() error { return nil }
	}
	if err := write(); err != nil {
		return err
	}
	out.Close()
	return nil
}

// The literal hands the file to a function that asserts it to io.Closer.
func literalHandsOn(tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	write := func() error {
		if _, err := out.WriteString(s); err != nil {
			return err
		}
		return closeIfCloser(out)
	}
	if err := write(); err != nil {
		return err
	}
	out.Close()
	return nil
}

// The literal stores the file.
func literalStoresFile(j *struct{ w io.Writer }, tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	keep := func() { j.w = out }
	keep()
	out.Close()
	return nil
}

// The Close is checked.
func closeChecked(urls []string, tmp, dst string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	part := func(u string) error {
		_, err := io.Copy(out, strings.NewReader(u))
		return err
	}
	for _, u := range urls {
		if err := part(u); err != nil {
			return err
		}
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// A go statement's literal, waited for by a channel.
func writeInGoroutine(tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	done := make(chan error)
	go func() {
		_, err := out.WriteString(s)
		done <- err
	}()
	if err := <-done; err != nil {
		return err
	}
	out.Close() // want `the error of out.Close\(\) is dropped`
	return nil
}

// A literal nested in another: not followed.
func nestedLiteral(urls []string, tmp string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	var g group
	g.Go(func() error {
		return func() error {
			_, err := out.WriteString(urls[0])
			return err
		}()
	})
	if err := g.Wait(); err != nil {
		return err
	}
	out.Close()
	return nil
}

// The file converted to io.Writer inside the literal: handed to its
// context.
func literalConverts(tmp, s string) error {
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	write := func() error {
		_, err := io.WriteString(io.Writer(out), s)
		return err
	}
	if err := write(); err != nil {
		return err
	}
	out.Close()
	return nil
}
