package files

import (
	"bufio"
	"encoding/json"
	"os"
)

// A file created in a loop and never closed is not reported, like its
// loop-free twin saveOne (templ's storybook config, syft's output files):
// the data is in the kernel; the unclosed descriptor is not lost output.
// The re-creation in the next iteration used to be reported with an empty
// message.
func saveOne(name string, v any) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	return json.NewEncoder(f).Encode(v)
}

func saveEach(names []string, v any) error {
	for _, n := range names {
		f, err := os.Create(n)
		if err != nil {
			return err
		}
		if err := json.NewEncoder(f).Encode(v); err != nil {
			return err
		}
	}
	return nil
}

// Still reported: a buffered writer made again in the next iteration
// before the previous one was flushed.
func linesEach(names []string, line string) error {
	for _, n := range names {
		f, err := os.Create(n)
		if err != nil {
			return err
		}
		defer f.Close()          // want `f is written to, but every Close drops its error`
		bw := bufio.NewWriter(f) // want `bufio.Writer bw is not flushed before it is created again: the buffered tail of the output is lost; call bw.Flush\(\) and check its error`
		if _, err := bw.WriteString(line); err != nil {
			return err
		}
	}
	return nil
}

// Still reported: a file written and closed with the error dropped in
// each iteration.
func closeEach(names []string, data []byte) error {
	for _, n := range names {
		f, err := os.Create(n)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		f.Close() // want `the error of f.Close\(\) is dropped`
	}
	return nil
}
