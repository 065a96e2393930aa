package features

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// model12x8 is a small binary model with random parameters.
func model12x8(t *testing.T) *rbm.RBM[float64] {
	t.Helper()
	m := rbmtest.BinaryModel[float64](t, 12, 8, rand.New(rand.NewPCG(1, 2)))
	rbmtest.Randomize(m, 0.5, rand.New(rand.NewPCG(3, 4)))
	return m
}

// rows returns n rows of 12 values in [0,1].
func rows(n int) []float64 {
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, n*12)
	for i := range x {
		x[i] = rng.Float64()
	}
	return x
}

func TestTransformIsHiddenMeanOfPropUp(t *testing.T) {
	m := model12x8(t)
	x := rows(37)
	got, err := Of(m, x, Options{Batch: 5})
	if err != nil {
		t.Fatal(err)
	}
	in, want := make([]float64, 37*8), make([]float64, 37*8)
	m.PropUp(x, in)
	m.Hidden.Mean(in, want)
	if len(got) != len(want) {
		t.Fatalf("%d features, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] || math.IsNaN(got[i]) || got[i] <= 0 || got[i] >= 1 {
			t.Fatalf("feature %d = %v, want %v in (0,1)", i, got[i], want[i])
		}
	}
}

// The bytes written do not depend on the batch, for means and draws.
func TestBatchesGiveTheSameBytes(t *testing.T) {
	m := model12x8(t)
	x := rows(37)
	dir := t.TempDir()
	for _, ext := range []string{".npy", ".npz", ".csv"} {
		for _, sample := range []bool{false, true} {
			var files [][]byte
			for _, b := range []int{1, 5, 37, 100} {
				path := filepath.Join(dir, "f"+ext)
				err := WriteTable(path, 37, 8, func(tb *Table[float64]) error {
					_, err := Transform(m, &Rows[float64]{X: x, Dim: 12}, Options{Batch: b, Sample: sample, Seed: 3}, tb.Write)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				raw, err := os.ReadFile(path)
				if err != nil || len(raw) == 0 {
					t.Fatal(len(raw), err)
				}
				files = append(files, raw)
			}
			for i := 1; i < len(files); i++ {
				if !bytes.Equal(files[0], files[i]) && ext != ".npz" {
					t.Errorf("%s sample=%v: batch sizes give other bytes", ext, sample)
				}
			}
			if ext == ".npy" {
				d, err := data.ReadFile[float64](filepath.Join(dir, "f.npy"))
				if err != nil || d.N != 37 || d.Dim != 8 {
					t.Fatalf("read back: %v %+v", err, d)
				}
			}
		}
	}
}

func TestRefusals(t *testing.T) {
	m := model12x8(t)
	x := rows(3)
	for _, c := range []struct {
		name string
		edit func([]float64) []float64
		want string
	}{
		{"columns", func(x []float64) []float64 { return x[:len(x)-1] }, "not whole rows"},
		{"NaN", func(x []float64) []float64 { x[13] = math.NaN(); return x }, "row 2, column 2 is NaN"},
		{"Inf", func(x []float64) []float64 { x[0] = math.Inf(1); return x }, "row 1, column 1 is +Inf"},
		{"range", func(x []float64) []float64 { x[30] = 1.5; return x }, "outside [0, 1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Of(m, c.edit(append([]float64(nil), x...)), Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want one line with %q", err, c.want)
			}
		})
	}
	if err := WriteTable[float64](filepath.Join(t.TempDir(), "f.txt"), 1, 1, nil); err == nil {
		t.Error("a .txt file was accepted")
	}
	err := WriteTable(filepath.Join(t.TempDir(), "f.npy"), 3, 8, func(*Table[float64]) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "0 rows written") {
		t.Errorf("a short table: %v", err)
	}
}

func TestStackLineageAndSample(t *testing.T) {
	dir := t.TempDir()
	m1 := model12x8(t)
	p1 := filepath.Join(dir, "m1.npz")
	if err := rbm.Save(p1, m1, nil); err != nil {
		t.Fatal(err)
	}
	m2 := rbmtest.BinaryModel[float64](t, 8, 5, rand.New(rand.NewPCG(7, 8)))
	lin, err := NewLineage(p1)
	if err != nil {
		t.Fatal(err)
	}
	p2 := filepath.Join(dir, "m2.npz")
	if err := rbm.Save(p2, m2, lin.Settings()); err != nil {
		t.Fatal(err)
	}
	s, err := LoadStack[float64](p2)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Models) != 2 || s.Models[0].Visible.Len() != 12 {
		t.Fatalf("a stack of %d models", len(s.Models))
	}
	for _, draw := range []bool{false, true} {
		x, err := s.Sample(RandomStates(s.Top(), 3, 1), SampleOptions{Rows: 2, Steps: 4, Seed: 1, Draw: draw}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(x) != 3*2*12 {
			t.Fatalf("%d values, want %d", len(x), 3*2*12)
		}
		for _, v := range x {
			if !(v >= 0 && v <= 1) || (draw && v != 0 && v != 1) {
				t.Fatalf("a sample %v (draw %v)", v, draw)
			}
		}
	}
	// The lower model changes: the stack is refused.
	rbmtest.Randomize(m1, 0.1, rand.New(rand.NewPCG(9, 9)))
	if err := rbm.Save(p1, m1, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadStack[float64](p2); err == nil || !strings.Contains(err.Error(), "lower model changed") {
		t.Fatalf("a changed lower model: %v", err)
	}
	if _, err := OpenStack[float64]([]string{p2, p1}); err == nil || !strings.Contains(err.Error(), "visible units") {
		t.Fatalf("a stack in the wrong order: %v", err)
	}
}

func TestParseShapeAndStack(t *testing.T) {
	for _, c := range []struct {
		in   string
		h, w int
	}{{"28x28", 28, 28}, {"1x12", 1, 12}, {"0x5", 0, 0}, {"5", 0, 0}, {"x", 0, 0}, {"-2x-3", 0, 0}, {"99999x99999", 0, 0}} {
		h, w, err := ParseShape(c.in)
		if h != c.h || w != c.w || (err == nil) != (c.h > 0) {
			t.Errorf("ParseShape(%q) = %d, %d, %v", c.in, h, w, err)
		}
	}
	for _, c := range []struct {
		in string
		n  int
	}{{"a.npz", 1}, {"a.npz,b.npz", 2}, {"a.npz,", 0}, {"", 0}, {",", 0}, {strings.Repeat("a,", MaxStack) + "a", 0}} {
		p, err := ParseStack(c.in)
		if len(p) != c.n || (err == nil) != (c.n > 0) {
			t.Errorf("ParseStack(%q) = %v, %v", c.in, p, err)
		}
	}
}

func FuzzParseShape(f *testing.F) {
	for _, s := range []string{"28x28", "1x1", "x", "0x0", "3x-1", "1x1x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, w, err := ParseShape(s)
		if err == nil && (h < 1 || w < 1 || h > rbm.MaxUnits/w) {
			t.Fatalf("ParseShape(%q) = %d×%d", s, h, w)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatal("a multi-line error")
		}
	})
}

func FuzzParseStack(f *testing.F) {
	for _, s := range []string{"a", "a,b", ",", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseStack(s)
		if err == nil && (len(p) == 0 || len(p) > MaxStack) {
			t.Fatalf("ParseStack(%q) = %v", s, p)
		}
		for _, x := range p {
			if strings.TrimSpace(x) == "" {
				t.Fatalf("ParseStack(%q) has an empty part", s)
			}
		}
	})
}
