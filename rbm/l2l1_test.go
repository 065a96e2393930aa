package rbm

import (
	"math"
	"testing"

	"github.com/rbmgo/rbm/optim"
)

// L2L1's gradient is that of Strength/2·Σ_μ(Σ_i|w_iμ|)², by central
// differences on a 3×2 matrix; the biases are left alone.
func TestL2L1GradientByFiniteDifferences(t *testing.T) {
	const lambda = 0.3
	w := []float64{0.7, -1.3, 0.05, -0.02, 2, 0.4}
	penalty := func(w []float64) float64 {
		var s float64
		for mu := range 2 {
			var c float64
			for i := range 3 {
				c += math.Abs(w[i*2+mu])
			}
			s += c * c
		}
		return lambda / 2 * s
	}
	params := []optim.Param[float64]{
		{Name: "W", Value: w, Grad: make([]float64, len(w)), Group: "weights", Shape: []int{3, 2}},
		{Name: "b", Value: []float64{0.4}, Grad: []float64{0}, Group: "biases", Shape: []int{1}},
	}
	if err := (L2L1[float64]{Strength: lambda, Groups: []string{"weights"}}).Transform(params); err != nil {
		t.Fatal(err)
	}
	const h = 1e-6
	for j := range w {
		up, down := append([]float64(nil), w...), append([]float64(nil), w...)
		up[j] += h
		down[j] -= h
		fd := (penalty(up) - penalty(down)) / (2 * h)
		if got := params[0].Grad[j]; !(math.Abs(got-fd) <= 1e-6) {
			t.Errorf("∂/∂W[%d] = %v, by differences %v", j, got, fd)
		}
	}
	if params[1].Grad[0] != 0 {
		t.Errorf("the biases' gradient became %v", params[1].Grad[0])
	}
	for _, tc := range []struct {
		name string
		l    L2L1[float64]
		ps   []optim.Param[float64]
	}{
		{"infinite", L2L1[float64]{Strength: math.Inf(1)}, nil},
		{"NaN", L2L1[float64]{Strength: math.NaN()}, nil},
		{"not a matrix", L2L1[float64]{Strength: 1}, []optim.Param[float64]{{Name: "b", Value: []float64{1}, Grad: []float64{0}}}},
	} {
		if err := tc.l.Transform(tc.ps); err == nil {
			t.Errorf("%s: taken", tc.name)
		}
	}
}

// In a trainer, L2L1 shrinks the weights: their summed absolute values per
// hidden unit end smaller than without it.
func TestTrainerAppliesL2L1(t *testing.T) {
	plain := resumeWith[float64](t, func(*Trainer[float64]) {}, 0, 0)
	pen := resumeWith(t, func(tr *Trainer[float64]) {
		tr.Transforms = []GradientTransform[float64]{L2L1[float64]{Strength: 0.01, Groups: []string{"weights"}}}
	}, 0, 0)
	l1 := func(p []float64) (s float64) {
		for _, x := range p[:30*12] {
			s += math.Abs(x)
		}
		return s
	}
	if !(l1(pen) < l1(plain)) {
		t.Errorf("Σ|W| %v with L2L1, %v without", l1(pen), l1(plain))
	}
}
