package realworld

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// containerd core/mount/manager/manager_linux_test.go:483: Truncate is a
// synchronous metadata call (ftruncate) that reports its own error; with no
// Write, Close has nothing to lose.
func initalizeBlockDevice(td string) (string, error) {
	file, err := os.CreateTemp(td, "fs-")
	if err != nil {
		return "", err
	}

	if err := file.Truncate(16 << 20); err != nil {
		file.Close()
		return "", fmt.Errorf("failed to resize loopback file: %w", err)
	}
	dpath := file.Name()
	file.Close()
	if err := file.Chmod(0o600); err != nil {
		return "", err
	}
	return dpath, nil
}

// containerd plugins/content/local/store.go:718: a file opened with O_SYNC
// writes synchronously; every Write reports its own error.
func writeToCompletion(path string, data []byte, mode os.FileMode) error {
	tmp := fmt.Sprintf("%s.tmp", path)
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_SYNC, mode)
	if err != nil {
		return fmt.Errorf("create tmp file: %w", err)
	}
	_, err = f.Write(data)
	f.Close()
	if err != nil {
		return fmt.Errorf("write tmp file: %w", err)
	}
	return os.Rename(tmp, path)
}

// The same with syscall.O_DSYNC, and with a named constant holding O_SYNC.
func writeDsync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_DSYNC, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

const syncFlags = os.O_WRONLY | os.O_CREATE | os.O_SYNC

func writeSyncConst(path string, data []byte) error {
	f, err := os.OpenFile(path, syncFlags, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// containerd pkg/sys/oom_linux.go:57: /proc (and /sys, /dev) files are
// kernel pseudo-files and devices; the write itself succeeds or fails.
func SetOOMScore(pid, score int) error {
	path := fmt.Sprintf("/proc/%d/oom_score_adj", pid)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err = f.WriteString(strconv.Itoa(score)); err != nil {
		if os.IsPermission(err) {
			return nil
		}
		return err
	}
	return nil
}

const cgroupRoot = "/sys/fs/cgroup"

func writeCgroup(group string, pid int) error {
	f, err := os.OpenFile(filepath.Join(cgroupRoot, group, "cgroup.procs"), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString(strconv.Itoa(pid))
	return err
}

func writeSysJoin(dev string) error {
	f, err := os.OpenFile(filepath.Join("/sys", "block", dev, "queue", "scheduler"), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString("none")
	return err
}

func writeProcConcat(pid string) error {
	f, err := os.OpenFile("/proc/"+pid+"/setgroups", os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString("deny")
	return err
}

func writeDevNull(data []byte) error {
	f, err := os.OpenFile("/dev/null", os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// A checked Sync before the success return reports what Close would.
func syncThenReturnNil(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return nil
}

// A timestamp touch: Chtimes and Truncate only.
func touch(name string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Truncate(0); err != nil {
		return err
	}
	now := time.Now()
	return os.Chtimes(name, now, now)
}
