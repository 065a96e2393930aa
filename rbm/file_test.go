package rbm

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
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
	// The files below are made by hand, as numpy would, without the
	// checksum that would refuse them before their faults are found.
	arrays = slices.DeleteFunc(arrays, func(a npz.Array) bool { return a.Name == checksumEntry })
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

// Sizes in a model file's settings are checked before anything is allocated
// for them: a file of a few hundred bytes cannot make Load allocate much.
func TestLoadRefusesHugeSettings(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, visible, hidden, dtype, want string
	}{
		{"10^18 hidden units", "[784]", "[1000000000000000000]", "float32", "more than 16777216 units"},
		{"2^32×2^32 overflow", "[784]", "[4294967296, 4294967296]", "float32", "more than 16777216 units"},
		{"10^9 hidden units", "[784]", "[1000000000]", "float32", "more than 16777216 units"},
		{"W too large", "[16777216]", "[100]", "float32", "more than the 268435456 elements allowed"},
		{"negative", "[784]", "[-5]", "float32", "dimension below 1"},
		{"no shape", "[]", "[5]", "float32", "needs a shape"},
		{"dtype", "[3]", "[2]", "float16", `dtype "float16"`},
	} {
		settings := `{"format":"rbm-npz/1","dtype":"` + tc.dtype + `","visible":{"kind":"binary","shape":` + tc.visible +
			`},"hidden":{"kind":"binary","shape":` + tc.hidden + `}}`
		path := filepath.Join(dir, "huge.npz")
		if err := npz.WriteFile(path, []npz.Array{{Name: "settings", Data: settings}}); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, _, err := Load[float32](path)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrModelFile) {
			t.Errorf("%s: error %v, want ErrModelFile with %q", tc.name, err, tc.want)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("%s: Load allocated %d bytes before refusing", tc.name, got)
		}
	}
	// A W whose stored shape disagrees with the settings is refused from its
	// header, before its values are read.
	m := tinyBinary[float32](t, 3, 2, 1)
	path := filepath.Join(dir, "w.npz")
	if err := Save(path, m, nil); err != nil {
		t.Fatal(err)
	}
	testutil.EditArray(t, path, path, "W", func(a *npz.Array) {
		*a = npz.Array{Name: "W", Shape: []int{3000, 2000}, Data: make([]float32, 6e6)}
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := Load[float32](path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), `array "W" has shape [3000 2000], want [3 2]`) {
		t.Errorf("W of the wrong shape: error %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("W of the wrong shape: Load allocated %d bytes before refusing", got)
	}
}
