package rbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// With zero weights, the model of InitVisibleFields has the data's means
// as its visible means (clipped), for binary, spin and Potts units.
func TestInitVisibleFieldsGivesDataMeans(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, tc := range []struct {
		kind  string
		shape []int
		row   func() []float64
	}{
		{"binary", []int{5}, func() []float64 {
			r := make([]float64, 5)
			for i := range r {
				if rng.Float64() < 0.2*float64(i) { // unit 0 never on: clipped
					r[i] = 1
				}
			}
			return r
		}},
		{"spin", []int{4}, func() []float64 {
			r := make([]float64, 4)
			for i := range r {
				r[i] = -1
				if rng.Float64() < 0.3+0.1*float64(i) {
					r[i] = 1
				}
			}
			return r
		}},
		{"potts", []int{2, 3}, func() []float64 {
			r := make([]float64, 6)
			r[rng.IntN(3)] = 1
			r[3+min(rng.IntN(4), 2)] = 1
			return r
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			vis, err := NewLayer[float64](tc.kind, "v", tc.shape...)
			if err != nil {
				t.Fatal(err)
			}
			hid, _ := NewBinary[float64]("h", 2)
			m, err := New(vis, hid, rng)
			if err != nil {
				t.Fatal(err)
			}
			clear(m.Weights())
			var x []float64
			for range 400 {
				x = append(x, tc.row()...)
			}
			if err := InitVisibleFields(m, x, 1e-3); err != nil {
				t.Fatal(err)
			}
			nv := vis.Len()
			want := rowMeans(x, nv)
			got := make([]float64, nv)
			vis.Mean(make([]float64, nv), got)
			for i := range want {
				w := want[i]
				switch tc.kind {
				case "binary":
					w = math.Min(math.Max(w, 1e-3), 1-1e-3)
				case "potts":
					w = math.Max(w, 1e-3)
				}
				tol := 1e-12
				if tc.kind == "potts" {
					tol = 2e-3 // the clipped state's share comes from the others
				}
				if !(math.Abs(got[i]-w) <= tol) {
					t.Errorf("unit %d: model mean %v, data mean %v", i, got[i], w)
				}
			}
		})
	}
	m := tinyBinary[float64](t, 3, 2, 1)
	for _, clip := range []float64{0, 0.5, math.NaN()} {
		if err := InitVisibleFields(m, make([]float64, 6), clip); err == nil {
			t.Errorf("clip %v taken", clip)
		}
	}
	if err := InitVisibleFields(m, make([]float64, 5), 1e-3); err == nil {
		t.Error("a partial row taken")
	}
	g, _ := NewGaussian[float64]("v", 3)
	mg, _ := New[float64](g, m.Hidden, rng)
	if err := InitVisibleFields(mg, make([]float64, 6), 1e-3); err == nil {
		t.Error("gaussian units taken")
	}
}
