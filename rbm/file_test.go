package rbm

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm/npz"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	m := tinyBinary[float32](t, 6, 4, 3)
	p := filepath.Join(t.TempDir(), "m.npz")
	if err := Save(p, m, map[string]any{"k": 15}); err != nil {
		t.Fatal(err)
	}
	got, extra, err := Load[float32](p)
	if err != nil {
		t.Fatal(err)
	}
	if extra["k"] != 15.0 {
		t.Errorf("extra settings %v", extra)
	}
	for i, pm := range m.Params() {
		a, b := data[float32](pm), data[float32](got.Params()[i])
		for j := range a {
			if a[j] != b[j] {
				t.Fatalf("%s[%d]: saved %g, loaded %g", pm.Name, j, a[j], b[j])
			}
		}
	}
	// The other float type loads too.
	m64, _, err := Load[float64](p)
	if err != nil {
		t.Fatal(err)
	}
	if float32(data[float64](m64.W)[3]) != data[float32](m.W)[3] {
		t.Error("float64 load changed a weight")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	m := tinyBinary[float64](t, 3, 2, 1)
	good := filepath.Join(dir, "good.npz")
	if err := Save(good, m, nil); err != nil {
		t.Fatal(err)
	}
	arrays, _ := npz.ReadFile(good)
	write := func(name string, edit func([]npz.Array) []npz.Array) string {
		cp := append([]npz.Array(nil), arrays...)
		p := filepath.Join(dir, name)
		if err := npz.WriteFile(p, edit(cp)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbage := filepath.Join(dir, "garbage.npz")
	os.WriteFile(garbage, []byte("not a zip"), 0o644)
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.npz"), "no such file"},
		{"garbage", garbage, "not a zip"},
		{"no settings", write("nosettings.npz", func(a []npz.Array) []npz.Array { return a[1:] }), "no settings"},
		{"missing W", write("now.npz", func(a []npz.Array) []npz.Array {
			out := []npz.Array{}
			for _, x := range a {
				if x.Name != "W" {
					out = append(out, x)
				}
			}
			return out
		}), `no array "W"`},
		{"wrong shape", write("shape.npz", func(a []npz.Array) []npz.Array {
			for i := range a {
				if a[i].Name == "W" {
					a[i] = npz.Array{Name: "W", Shape: []int{2, 3}, Data: make([]float64, 6)}
				}
			}
			return a
		}), "has shape [2 3]"},
		{"nan", write("nan.npz", func(a []npz.Array) []npz.Array {
			for i := range a {
				if a[i].Name == "hbias" {
					a[i] = npz.Array{Name: "hbias", Shape: []int{2}, Data: []float64{0, math.NaN()}}
				}
			}
			return a
		}), `"hbias" is NaN`},
		{"kind", write("kind.npz", func(a []npz.Array) []npz.Array {
			a[0].Data = strings.Replace(a[0].Data.(string), `"kind":"binary"`, `"kind":"quantum"`, 1)
			return a
		}), `unknown layer kind "quantum"`},
	} {
		_, _, err := Load[float64](tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		if bad := tc.name != "missing"; errors.Is(err, ErrModelFile) != bad {
			t.Errorf("%s: errors.Is(%v, ErrModelFile) = %v, want %v", tc.name, err, !bad, bad)
		}
	}
	data[float64](m.W)[0] = math.Inf(1)
	if err := Save(filepath.Join(dir, "inf.npz"), m, nil); err == nil {
		t.Error("saved a model holding Inf")
	}
}
