package files

import (
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// Issue 17, item 5: true but low-stakes reports say so; best-effort files
// are silent.

func cpuProfile(name string, work func()) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: .* \(low stakes: a profile\)$`
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	work()
	pprof.StopCPUProfile()
	return nil
}

func logTo(name string, run func() error) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: .* \(low stakes: a log file\)$`
	log.SetOutput(f)
	return run()
}

func generate(dir string, src []byte) error {
	f, err := os.Create(filepath.Join(dir, "zz_generated.go"))
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: .* \(low stakes: a generated Go file, which fails to compile when it is short\)$`
	_, err = f.Write(src)
	return err
}

// fyne's injected build file: the name is a local assigned once.
func inject(dir string, src []byte) error {
	path := filepath.Join(dir, "fyne_metadata_init.go")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: .* \(low stakes: a generated Go file, which fails to compile when it is short\)$`
	_, err = f.Write(src)
	return err
}

// No note for an ordinary file.
func export(name string, src io.Reader) error {
	f, err := os.Create(name + ".json")
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: .*error paths\)$`
	_, err = io.Copy(f, src)
	return err
}

// A REPL's history: the function reports success when the file cannot be
// created at all, so a failed Close loses nothing it promised. Silent.
func saveHistory(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		return nil // history is best effort
	}
	defer f.Close()
	for _, l := range lines {
		if _, err := io.WriteString(f, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

func saveHistoryLogged(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		log.Printf("history: %v", err)
		return nil
	}
	defer f.Close()
	for _, l := range lines {
		io.WriteString(f, l+"\n")
	}
	return nil
}

// Twins: the open failure is reported, so the file is not best-effort.
func saveHistoryStrict(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		log.Printf("history: %v", err)
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	for _, l := range lines {
		if _, err := io.WriteString(f, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

func saveLater(name string, lines []string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		return nil
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	for _, l := range lines {
		io.WriteString(f, l+"\n")
	}
	return nil
}
