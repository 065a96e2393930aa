package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ReadFileRows reads a CSV file only as far as the rows asked for: a
// damaged row after them is never reached.
func TestReadFileRowsStops(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.csv")
	if err := os.WriteFile(path, []byte("0,1\n1,0\n1,1\nbroken,row\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := ReadFileRows[float32](path, 3)
	if err != nil || s.N != 3 || s.Dim != 2 {
		t.Fatalf("ReadFileRows(3): %+v, %v; want 3 rows of 2", s, err)
	}
	if _, err := ReadFile[float32](path); err == nil {
		t.Error("ReadFile read the damaged row without an error")
	}
}

// Every kind of data file refuses a device, whatever its name says.
func TestEveryKindRefusesDevices(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"zero.csv", "zero.npy", "zero.npz"} {
		link := filepath.Join(dir, name)
		if err := os.Symlink("/dev/zero", link); err != nil {
			t.Skip(err)
		}
		_, err := ReadFileRows[float64](link, 10)
		if !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s -> /dev/zero: error %v, want a refusal", name, err)
		}
	}
}
