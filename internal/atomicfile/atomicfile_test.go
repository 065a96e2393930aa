package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "first"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half of the sec")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want one wrapping the writer's and naming the path", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("a failed write left %q, want the previous contents", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the destination", len(entries))
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", st.Mode(), err)
	}
	if err := Write(filepath.Join(dir, "missing", "f"), func(io.Writer) error { return nil }); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

// A write interrupted (here: still inside its writer) leaves its temporary
// file until RemovePending removes it.
func TestRemovePending(t *testing.T) {
	dir := t.TempDir()
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- Write(filepath.Join(dir, "slow"), func(w io.Writer) error {
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), ".slow-") {
		t.Fatalf("during the write the folder holds %v, want one temporary file", entries)
	}
	RemovePending()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("after RemovePending the folder holds %v", entries)
	}
	close(release)
	if err := <-done; err == nil {
		t.Error("the write whose temporary file was removed succeeded")
	}
}

// A path that is a folder is refused with one error that says so, and the
// folder is left as it was.
func TestWriteToFolder(t *testing.T) {
	dir := t.TempDir()
	err := Write(dir, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	if !errors.Is(err, ErrIsFolder) {
		t.Fatalf("error %v, want ErrIsFolder", err)
	}
	if strings.Count(err.Error(), "\n") > 0 || strings.Contains(err.Error(), "closed") {
		t.Errorf("error %q, want one line", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("the parent folder holds %d entries, want only the folder", len(entries))
	}
}
