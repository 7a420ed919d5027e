package files

import (
	"bufio"
	"fmt"
	"io/ioutil"
	"os"
)

func tempFileDeferOnly(data []byte) (string, error) {
	f, err := ioutil.TempFile("", "x")
	if err != nil {
		return "", err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	return f.Name(), nil
}

func bareReturnNamed(name string, data []byte) (n int, err error) {
	f, err := os.Create(name)
	if err != nil {
		return // err is non-nil here: an error path
	}
	n, err = f.Write(data)
	if err != nil {
		f.Close()
		return
	}
	err = f.Close()
	return
}

func switchOnError(name string, lines []string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for _, l := range lines {
		_, err := bw.WriteString(l)
		switch {
		case err != nil:
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func flagsNotConstant(name string, flag int, data []byte) error {
	f, err := os.OpenFile(name, flag, 0)
	if err != nil {
		return err
	}
	defer f.Close() // cannot tell whether it is opened for writing
	_, err = f.Write(data)
	return err
}

// A path built like a /proc one but somewhere else is a file on a file
// system: reported.
func notKernelPath(dir string, pid int) error {
	path := fmt.Sprintf("%s/%d/oom_score_adj", dir, pid)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.WriteString("0")
	return err
}

// A path variable assigned twice is not followed.
func kernelPathReassigned(name string, other bool) error {
	path := "/proc/self/attr/current"
	if other {
		path = name
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.WriteString("x")
	return err
}

// "/procfs/..." is not /proc.
func procLookalike(data []byte) error {
	f, err := os.Create("/procfs/x")
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	_, err = f.Write(data)
	return err
}

// A write after the checked Sync is not covered by it.
func writeAfterSync(name string, a, b []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	if _, err := f.Write(a); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	_, err = f.Write(b)
	return err
}

// Truncate then Write: the Write counts.
func truncateThenWrite(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close() // want `the error of f.Close\(\) is dropped`
	return nil
}
