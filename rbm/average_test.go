package rbm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The mean a trainer keeps is the mean of the parameters after each update
// since StartAveraging.
func TestAveragingIsTheMeanOfTheUpdates(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	tr := mustTrainer(t, m, sgd[float64](t, 0.1), TrainConfig{K: 1, Persistent: true, BatchSize: 5, Seed: 1})
	x := make([]float64, 40*6)
	for i := range x {
		x[i] = float64(i % 3 % 2)
	}
	if _, err := tr.Epoch(x, nil); err != nil { // not averaged
		t.Fatal(err)
	}
	out := tinyBinary[float64](t, 6, 3, 2)
	if err := tr.AverageInto(out); err == nil {
		t.Fatal("a mean of no updates was written")
	}
	tr.StartAveraging()
	var sum [][]float64
	updates := 0
	record := func(int, int) {
		updates++
		for i, p := range m.Params() {
			if len(sum) <= i {
				sum = append(sum, make([]float64, len(data[float64](p))))
			}
			for j, v := range data[float64](p) {
				sum[i][j] += v
			}
		}
	}
	for range 2 {
		if _, err := tr.Epoch(x, record); err != nil {
			t.Fatal(err)
		}
	}
	if tr.Averaged() != updates || updates != 16 {
		t.Fatalf("%d updates averaged, %d made (want 16)", tr.Averaged(), updates)
	}
	if err := tr.AverageInto(out); err != nil {
		t.Fatal(err)
	}
	differs := false
	for i, p := range out.Params() {
		for j, v := range data[float64](p) {
			want := sum[i][j] / float64(updates)
			if !(math.Abs(v-want) <= 1e-12*math.Max(1, math.Abs(want))) {
				t.Fatalf("%s[%d]: mean %v, want %v", p.Name, j, v, want)
			}
			differs = differs || v != data[float64](m.Params()[i])[j]
		}
	}
	if !differs {
		t.Error("the mean equals the last parameters: the test cannot tell them apart")
	}
	if err := tr.AverageInto(tinyBinary[float64](t, 6, 4, 1)); err == nil {
		t.Error("the mean was written into a model of other sizes")
	}
}

// ModelMean writes the value-by-value mean and refuses models of other
// layers.
func TestModelMean(t *testing.T) {
	a := tinyBinary[float64](t, 5, 3, 1)
	b := tinyBinary[float64](t, 5, 3, 2)
	c := tinyBinary[float64](t, 5, 3, 3)
	want := make([][]float64, len(a.Params()))
	for i := range a.Params() {
		for j := range data[float64](a.Params()[i]) {
			want[i] = append(want[i], (data[float64](a.Params()[i])[j]+data[float64](b.Params()[i])[j]+data[float64](c.Params()[i])[j])/3)
		}
	}
	var mean ModelMean[float64]
	for _, m := range []*RBM[float64]{a, b, c} {
		if err := mean.Add(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := mean.Into(a); err != nil { // into one of the models
		t.Fatal(err)
	}
	if mean.Count() != 3 {
		t.Errorf("Count() = %d, want 3", mean.Count())
	}
	for i, p := range a.Params() {
		for j, x := range data[float64](p) {
			if math.Abs(x-want[i][j]) > 1e-15 {
				t.Fatalf("%s[%d] = %v, want %v", p.Name, j, x, want[i][j])
			}
		}
	}

	spinV, err := NewSpin[float64]("v", 5)
	if err != nil {
		t.Fatal(err)
	}
	spin := tinyBinary[float64](t, 5, 3, 4)
	spin.Visible = spinV
	for _, tc := range []struct {
		name   string
		models []*RBM[float64]
		want   string
	}{
		{"none", nil, "no models"},
		{"more hidden units", []*RBM[float64]{b, tinyBinary[float64](t, 5, 4, 5)}, "model 2: hidden layer binary [4], want binary [3]"},
		{"into another shape", []*RBM[float64]{tinyBinary[float64](t, 4, 3, 5)}, "the model to write the mean into: visible layer binary [5], want binary [4]"},
		{"another kind", []*RBM[float64]{b, spin}, "model 2: visible layer spin [5], want binary [5]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mean ModelMean[float64]
			var err error
			for _, m := range tc.models {
				if err = mean.Add(m); err != nil {
					break
				}
			}
			if err == nil {
				err = mean.Into(tinyBinary[float64](t, 5, 3, 9))
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// UnitAlignment is 1 for a model against itself, near 1 against a small
// perturbation of it and near 0 against a model drawn apart.
func TestUnitAlignment(t *testing.T) {
	a := tinyBinary[float64](t, 30, 40, 1)
	near := tinyBinary[float64](t, 30, 40, 1)
	rng := rand.New(rand.NewPCG(7, 7))
	for i, w := range near.Weights() {
		near.Weights()[i] = w + 0.1*rng.NormFloat64()
	}
	apart := tinyBinary[float64](t, 30, 40, 2)
	for _, tc := range []struct {
		name     string
		b        *RBM[float64]
		low, top float64
	}{
		{"itself", a, 1 - 1e-12, 1 + 1e-12},
		{"perturbed", near, 0.98, 1},
		{"drawn apart", apart, -0.1, 0.1},
	} {
		got, err := UnitAlignment(a, tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if !(got >= tc.low && got <= tc.top) {
			t.Errorf("%s: alignment %v, want it in [%v, %v]", tc.name, got, tc.low, tc.top)
		}
	}
	if _, err := UnitAlignment(a, tinyBinary[float64](t, 30, 41, 1)); err == nil {
		t.Error("models of different layers were compared")
	}
}
