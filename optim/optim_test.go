package optim

import (
	"math"
	"strings"
	"testing"
)

func TestSGDSteps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		momentum float64
		want     []float64 // w after each of three steps with gradient 1, from w = 1
	}{
		{"plain", 0, []float64{0.9, 0.8, 0.7}},
		{"momentum", 0.5, []float64{0.9, 0.75, 0.575}},
	} {
		o, err := NewSGD[float64](SGDConfig{Groups: Groups(0.1, 1), Momentum: tc.momentum})
		if err != nil {
			t.Fatal(err)
		}
		p := []Param[float64]{{Name: "W", Value: []float64{1}, Grad: []float64{1}, Group: "weights"}}
		for i, want := range tc.want {
			if err := o.Step(p); err != nil {
				t.Fatal(err)
			}
			if !(math.Abs(p[0].Value[0]-want) <= 1e-12) {
				t.Errorf("%s step %d: w = %.12g, want %g", tc.name, i+1, p[0].Value[0], want)
			}
		}
	}
}

func TestAdamSteps(t *testing.T) {
	o, err := NewAdam[float64](AdamConfig{Groups: Groups(0.01, 0.1)})
	if err != nil {
		t.Fatal(err)
	}
	w := []float64{1, -2}
	b := []float64{3}
	params := []Param[float64]{
		{Name: "W", Value: w, Grad: []float64{0.5, -4}, Group: "weights"},
		{Name: "b", Value: b, Grad: []float64{2}, Group: "biases"},
	}
	if err := o.Step(params); err != nil {
		t.Fatal(err)
	}
	// The first bias-corrected step moves each coordinate by lr·sign(g).
	for i, want := range []float64{1 - 0.01, -2 + 0.01} {
		if !(math.Abs(w[i]-want) <= 1e-9) {
			t.Errorf("W[%d] = %.12g, want %g", i, w[i], want)
		}
	}
	if !(math.Abs(b[0]-(3-0.001)) <= 1e-9) {
		t.Errorf("bias moved to %.12g, want 2.999 (the bias group's rate is 0.1×)", b[0])
	}
	// Second step with gradient 1 on W[0]: m = 0.9·0.05+0.1 = 0.145,
	// v = 0.999·0.00025+0.001 = 0.00124975; m̂ = 0.145/0.19, v̂ = 0.00124975/0.001999.
	w1 := w[0]
	params[0].Grad = []float64{1, -4}
	if err := o.Step(params); err != nil {
		t.Fatal(err)
	}
	mh, vh := 0.145/0.19, 0.00124975/(1-0.999*0.999)
	want := w1 - 0.01*mh/(math.Sqrt(vh)+1e-8)
	if !(math.Abs(w[0]-want) <= 1e-12) {
		t.Errorf("second step: W[0] = %.15g, want %.15g", w[0], want)
	}
}

func TestMinimiseQuadratic(t *testing.T) {
	// f(w) = Σ (w_i - c_i)²/2, gradient w - c.
	c := []float32{3, -1, 0.5}
	mk := map[string]func() (Optimizer[float32], error){
		"sgd": func() (Optimizer[float32], error) { return NewSGD[float32](SGDConfig{Groups: Groups(0.1, 1)}) },
		"momentum": func() (Optimizer[float32], error) {
			return NewSGD[float32](SGDConfig{Groups: Groups(0.05, 1), Momentum: 0.9})
		},
		"adam": func() (Optimizer[float32], error) { return NewAdam[float32](AdamConfig{Groups: Groups(0.05, 1)}) },
	}
	for name, f := range mk {
		o, err := f()
		if err != nil {
			t.Fatal(err)
		}
		w, g := make([]float32, 3), make([]float32, 3)
		p := []Param[float32]{{Name: "w", Value: w, Grad: g, Group: "weights"}}
		for range 2000 {
			for i := range g {
				g[i] = w[i] - c[i]
			}
			if err := o.Step(p); err != nil {
				t.Fatal(err)
			}
		}
		for i := range w {
			if !(math.Abs(float64(w[i]-c[i])) <= 1e-3) {
				t.Errorf("%s: w = %v, want %v", name, w, c)
				break
			}
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  func() error
		want string
	}{
		{"nan lr", func() error { _, err := NewSGD[float64](SGDConfig{Groups: Groups(math.NaN(), 1)}); return err }, "learning rate"},
		{"negative lr", func() error { _, err := NewAdam[float64](AdamConfig{Groups: Groups(-1, 1)}); return err }, "learning rate"},
		{"momentum", func() error { _, err := NewSGD[float64](SGDConfig{Groups: Groups(1, 1), Momentum: 1}); return err }, "momentum"},
		{"beta", func() error { _, err := NewAdam[float64](AdamConfig{Groups: Groups(1, 1), Beta1: 1.5}); return err }, "beta1"},
		{"eps", func() error { _, err := NewAdam[float64](AdamConfig{Groups: Groups(1, 1), Epsilon: -1}); return err }, "epsilon"},
		{"no groups", func() error { _, err := NewSGD[float64](SGDConfig{}); return err }, "no parameter groups"},
	} {
		if err := tc.err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	o, _ := NewAdam[float64](AdamConfig{Groups: Groups(0.1, 1)})
	for _, tc := range []struct {
		p    []Param[float64]
		want string
	}{
		{[]Param[float64]{{Name: "x", Value: []float64{1}, Grad: []float64{1}, Group: "other"}}, `unknown group "other"`},
		{[]Param[float64]{{Name: "x", Value: []float64{1}, Grad: []float64{1, 2}, Group: "weights"}}, "1 values but 2 gradients"},
	} {
		if err := o.Step(tc.p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	o.Step([]Param[float64]{{Name: "x", Value: []float64{1}, Grad: []float64{1}, Group: "weights"}})
	if err := o.Step([]Param[float64]{{Name: "x", Value: []float64{1, 2}, Grad: []float64{1, 2}, Group: "weights"}}); err == nil || !strings.Contains(err.Error(), "changed length") {
		t.Errorf("changed length: %v", err)
	}
}

// A non-finite gradient anywhere leaves every parameter unchanged.
func TestNonFiniteGradientChangesNothing(t *testing.T) {
	for _, o := range []Optimizer[float64]{
		must(NewSGD[float64](SGDConfig{Groups: Groups(0.1, 1)})),
		must(NewAdam[float64](AdamConfig{Groups: Groups(0.1, 1)})),
	} {
		a, b := []float64{1, 2}, []float64{3}
		err := o.Step([]Param[float64]{
			{Name: "W", Value: a, Grad: []float64{1, 1}, Group: "weights"},
			{Name: "hbias", Value: b, Grad: []float64{math.NaN()}, Group: "biases"},
		})
		if err == nil || !strings.Contains(err.Error(), `"hbias" is NaN at index 0`) {
			t.Errorf("error %v", err)
		}
		if a[0] != 1 || a[1] != 2 || b[0] != 3 {
			t.Errorf("parameters changed to %v %v", a, b)
		}
	}
}

func TestNoAllocationsPerStep(t *testing.T) {
	w, g := make([]float32, 1000), make([]float32, 1000)
	p := []Param[float32]{{Name: "W", Value: w, Grad: g, Group: "weights"}, {Name: "b", Value: w[:10], Grad: g[:10], Group: "biases"}}
	for name, o := range map[string]Optimizer[float32]{
		"sgd":  must(NewSGD[float32](SGDConfig{Groups: Groups(0.1, 1), Momentum: 0.5})),
		"adam": must(NewAdam[float32](AdamConfig{Groups: Groups(0.1, 1)})),
	} {
		o.Step(p)
		if n := testing.AllocsPerRun(20, func() { o.Step(p) }); n != 0 {
			t.Errorf("%s: %v allocations per step", name, n)
		}
	}
}

func must[O any](o O, err error) O {
	if err != nil {
		panic(err)
	}
	return o
}

func BenchmarkAdam784x500(b *testing.B) {
	b.Run("float32", benchStep[float32](func() Optimizer[float32] { return must(NewAdam[float32](AdamConfig{Groups: Groups(1e-3, 0.1)})) }))
	b.Run("float64", benchStep[float64](func() Optimizer[float64] { return must(NewAdam[float64](AdamConfig{Groups: Groups(1e-3, 0.1)})) }))
}

func BenchmarkSGD784x500(b *testing.B) {
	b.Run("float32", benchStep[float32](func() Optimizer[float32] { return must(NewSGD[float32](SGDConfig{Groups: Groups(0.1, 1)})) }))
	b.Run("float64", benchStep[float64](func() Optimizer[float64] { return must(NewSGD[float64](SGDConfig{Groups: Groups(0.1, 1)})) }))
}

func benchStep[T Float](mk func() Optimizer[T]) func(*testing.B) {
	return func(b *testing.B) {
		o := mk()
		p := []Param[T]{
			{Name: "W", Value: make([]T, 784*500), Grad: make([]T, 784*500), Group: "weights"},
			{Name: "vbias", Value: make([]T, 784), Grad: make([]T, 784), Group: "biases"},
			{Name: "hbias", Value: make([]T, 500), Grad: make([]T, 500), Group: "biases"},
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if err := o.Step(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
