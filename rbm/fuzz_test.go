package rbm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

// Whatever a model file holds, Load returns a model or an error wrapping
// ErrModelFile; it never panics and never allocates for sizes the file only
// claims.
func FuzzLoad(f *testing.F) {
	dir := f.TempDir()
	m := tinyBinary[float32](f, 4, 3, 1)
	good := filepath.Join(dir, "good.npz")
	if err := Save(good, m, map[string]any{"k": 1}); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, "")
	f.Add(b, `{"format":"rbm-npz/1","dtype":"float32","visible":{"kind":"binary","shape":[4]},"hidden":{"kind":"drelu","shape":[3]}}`)
	f.Add([]byte("PK\x03\x04"), `{"format":"rbm-npz/1","dtype":"float64","visible":{"kind":"potts","shape":[2,2]},"hidden":{"kind":"binary","shape":[1000000000000]}}`)
	f.Fuzz(func(t *testing.T, file []byte, settings string) {
		path := filepath.Join(t.TempDir(), "m.npz")
		if settings != "" {
			// A well-formed archive around fuzzed settings and arrays.
			var buf bytes.Buffer
			arrays := []npz.Array{{Name: "settings", Data: settings}}
			for i := 0; i+4 <= len(file) && i < 64; i += 4 {
				arrays = append(arrays, npz.Array{Name: []string{"W", "vbias", "hbias", "htheta_p"}[i/4%4], Shape: []int{int(file[i]) % 5, int(file[i+1]) % 5},
					Data: make([]float32, (int(file[i])%5)*(int(file[i+1])%5))})
			}
			if err := npz.Write(&buf, arrays); err != nil {
				return
			}
			file = buf.Bytes()
		}
		if err := os.WriteFile(path, file, 0o644); err != nil {
			t.Fatal(err)
		}
		m, _, err := Load[float32](path)
		if err != nil {
			if !errors.Is(err, ErrModelFile) {
				t.Fatalf("error %v does not wrap ErrModelFile", err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("Load returned a model that does not validate: %v", err)
		}
	})
}
