package files

import (
	"bufio"
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
