// Package runlock keeps a run folder to one writer at a time, as git's
// index.lock keeps a repository's index: a process that writes into a run
// folder holds an advisory lock on a file in it for as long as it writes.
// The operating system releases the lock when its holder exits, however it
// exits, so a lock left by a process that was killed is never in the way.
package runlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Name is the lock file's name in a run folder.
const Name = ".lock"

// ErrBusy is wrapped by the error of Acquire when another process holds the
// folder's lock.
var ErrBusy = errors.New("the run folder is in use")

// Lock is a held lock on a run folder.
type Lock struct {
	f    *os.File
	path string
}

// Acquire takes the lock of folder dir, which must exist, without waiting:
// when another process holds it, the error wraps ErrBusy and names that
// process. The lock file records the holder's process ID.
func Acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, Name)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking run folder %s: %w", dir, err)
	}
	if err := lockFile(f); err != nil {
		holder := "another process"
		if b, rerr := os.ReadFile(path); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
				holder = fmt.Sprintf("process %d", pid)
			}
		}
		f.Close()
		return nil, fmt.Errorf("run folder %s: %w by %s (wait for it to finish, or stop it)", dir, ErrBusy, holder)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f, path: path}, nil
}

// Release gives the lock up. The lock file stays: removing it could let a
// waiting process and a new one lock two different files of one name.
// Releasing a nil or released lock does nothing.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	err = errors.Join(err, l.f.Close())
	l.f = nil
	return err
}
