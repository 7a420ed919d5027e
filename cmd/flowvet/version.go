package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/flowvet/flowvet/internal/config"
)

// buildVersion describes the build: the module version (v1.2.3 for go
// install …@v1.2.3; a pseudo-version or "(devel)" for a build in a clone),
// and for a build from a clone, the commit and whether the tree had local
// changes.
type buildVersion struct {
	module   string
	commit   string
	modified bool
}

func readBuildVersion() buildVersion {
	v := buildVersion{module: "(devel)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if bi.Main.Version != "" {
		v.module = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.commit = s.Value
		case "vcs.modified":
			v.modified = s.Value == "true"
		}
	}
	return v
}

// String is what `flowvet version` prints.
func (v buildVersion) String() string {
	s := "flowvet " + v.module
	if v.commit != "" {
		s += " (commit " + shortCommit(v.commit)
		if v.modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// printVetVersion answers go vet's -V=full query: "flowvet version VERSION
// ... buildID=HASH". go vet keys its cache of results on this line (or on
// the build ID when VERSION says devel), so HASH covers the executable, a
// rebuilt binary never reuses results of the old one, and the .flowvet.yml
// that applies in the directory go vet runs in: editing the settings
// invalidates the cached results too.
func printVetVersion(w io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	f, err := os.Open(exe)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if p, err := config.Find("."); err == nil && p != "" {
		data, _ := os.ReadFile(p)
		fmt.Fprintf(h, "\x00%s\x00%s", p, data)
	}
	v := readBuildVersion()
	line := "flowvet version " + strings.ReplaceAll(v.module, " ", "")
	if v.commit != "" {
		line += " commit=" + v.commit
		if v.modified {
			line += "+modified"
		}
	}
	_, err = fmt.Fprintf(w, "%s buildID=%x\n", line, h.Sum(nil))
	return err
}
