package wrap

import (
	"log"
	"mime/multipart"
	"os"
)

// A log.Logger writes each entry into its destination: an entry logged
// after the file was closed is lost.
func loggerAfterClose(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	logger := log.New(f, "job: ", 0)
	logger.Println("start")
	if err := f.Close(); err != nil {
		return err
	}
	logger.Printf("done") // want `logger.Printf writes into f after f.Close \(line 18\): the write fails with os.ErrClosed and its data is lost; write through logger before closing f`
	return nil
}

// A multipart writer over a closed file.
func multipartAfterClose(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	mw := multipart.NewWriter(f)
	f.Close()
	return mw.WriteField("a", "b") // want `mw.WriteField writes into f after`
}

// Silent twins.

func loggerBeforeClose(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	logger := log.New(f, "job: ", 0)
	logger.Println("start")
	return f.Close()
}

// The logger is pointed elsewhere before the file is closed.
func loggerRedirected(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	logger := log.New(f, "job: ", 0)
	logger.Println("start")
	logger.SetOutput(os.Stderr)
	if err := f.Close(); err != nil {
		return err
	}
	logger.Printf("done")
	return nil
}

// SetPrefix writes nothing.
func loggerPrefix(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	logger := log.New(f, "job: ", 0)
	logger.Println("start")
	f.Close()
	logger.SetPrefix("x")
	return nil
}
