package rbm

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

// Every model file Save writes carries the SHA-256 of its entries, and
// Load refuses one whose values changed afterwards (a valid archive with
// other values), and reads a file without a checksum (numpy's) unchecked.
func TestLoadVerifiesChecksum(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	if err := Save(path, m, map[string]any{"note": "x"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load[float64](path); err != nil {
		t.Fatal(err)
	}
	arrays, err := npz.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stored bool
	for i := range arrays {
		switch arrays[i].Name {
		case "W":
			arrays[i].Data.([]float64)[0] += 0.5
		case checksumEntry:
			stored = true
		}
	}
	if !stored {
		t.Fatal("Save wrote no checksum entry")
	}
	changed := filepath.Join(dir, "changed.npz")
	if err := npz.WriteFile(changed, arrays); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load[float64](changed); !errors.Is(err, ErrChecksum) || !errors.Is(err, ErrModelFile) {
		t.Errorf("a model whose W changed: error %v, want a checksum mismatch", err)
	}
	var without []npz.Array
	for _, a := range arrays {
		if a.Name != checksumEntry {
			without = append(without, a)
		}
	}
	plain := filepath.Join(dir, "plain.npz")
	if err := npz.WriteFile(plain, without); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load[float64](plain); err != nil {
		t.Errorf("a model without a checksum: %v", err)
	}
	// A flipped byte in the file itself.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(changed, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load[float64](changed); err == nil {
		t.Error("a model with a flipped byte was read")
	}
}
