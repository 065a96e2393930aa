package runlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
)

func TestAcquireRelease(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A second lock of the same folder, even by the same process, is
	// refused while the first is held (flock locks open files).
	if _, err := Acquire(dir); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), fmt.Sprintf("process %d", os.Getpid())) {
		t.Fatalf("second Acquire: %v, want ErrBusy naming process %d", err, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	l2, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
	if _, err := Acquire(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder was locked")
	}
}

// A lock held by a process that was killed is not in the way.
func TestLockOfKilledProcess(t *testing.T) {
	if os.Getenv("RUNLOCK_HOLD") != "" {
		if _, err := Acquire(os.Getenv("RUNLOCK_HOLD")); err != nil {
			os.Exit(3)
		}
		testutil.Hold()
	}
	dir := t.TempDir()
	cmd := testutil.StartHolder(t, "RUNLOCK_HOLD="+dir, "TestLockOfKilledProcess")
	if _, err := Acquire(dir); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), fmt.Sprintf("process %d", cmd.Process.Pid)) {
		t.Fatalf("Acquire while the child holds the lock: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after the holder was killed: %v", err)
	}
	l.Release()
}
