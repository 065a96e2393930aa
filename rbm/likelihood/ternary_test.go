package likelihood_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/likelihood"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// ternaryModel returns a model of nv ternary visible units and nh binary
// hidden units with random parameters.
func ternaryModel(t *testing.T, nv, nh int, seed uint64) *rbm.RBM[float64] {
	t.Helper()
	vis, visErr := rbmtest.NewTernaryLayer[float64]("v", nv)
	hid, hidErr := rbm.NewBinary[float64]("h", nh)
	rng := rand.New(rand.NewPCG(seed, 1))
	m := rbmtest.NewModel[float64](t, vis, hid, rng, visErr, hidErr)
	rbmtest.Randomize(m, 0.6, rng)
	return m
}

// A unit type defined outside the library gets exact log Z, whichever layer
// is listed, and AIS agrees with it within its band, from the model's own
// fields and from a base-rate model of data.
func TestTernaryLogZ(t *testing.T) {
	m := ternaryModel(t, 6, 4, 1)
	// 2⁴ hidden states are listed, the ternary layer summed out by its cgf.
	byHidden, err := likelihood.ExactLogZ(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 3⁶ ternary states are listed when the hidden layer has more.
	wide := ternaryModel(t, 6, 12, 1)
	byVisible, err := likelihood.ExactLogZ(wide, 0)
	if err != nil {
		t.Fatal(err)
	}
	if byVisible.States != 729 || byHidden.States != 16 {
		t.Fatalf("listed %d and %d states, want 729 and 16", byVisible.States, byHidden.States)
	}
	// The two agree with a brute-force sum over both layers of the
	// narrow model.
	var terms []float64
	for s := range 729 {
		v := make([]float64, 6)
		for i, k := 0, s; i < 6; i, k = i+1, k/3 {
			v[i] = float64(k%3 - 1)
		}
		terms = append(terms, -m.FreeEnergy(v)[0])
	}
	if brute := special.LogSumExp(terms); !(math.Abs(brute-byHidden.LogZ) < 1e-9) {
		t.Fatalf("exact log Z %v, brute force %v", byHidden.LogZ, brute)
	}

	rng := rand.New(rand.NewPCG(5, 5))
	data := make([]float64, 200*6)
	for i := range data {
		data[i] = float64(rng.IntN(3) - 1)
		if i%6 < 3 && rng.Float64() < 0.5 {
			data[i] = 1
		}
	}
	base, err := likelihood.BaseRate(m, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, model := range []struct {
		name  string
		m     *rbm.RBM[float64]
		exact float64
		base  []float64
	}{{"own fields", m, byHidden.LogZ, nil}, {"base rate", m, byHidden.LogZ, base}, {"wide", wide, byVisible.LogZ, nil}} {
		est, err := likelihood.AIS(model.m, likelihood.Config{Betas: 2000, Runs: 64, Seed: 3, Base: model.base})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: exact %.5f, AIS %.5f [%.5f, %.5f]", model.name, model.exact, est.LogZ, est.Low, est.High)
		if !(model.exact >= est.Low-0.02 && model.exact <= est.High+0.02) {
			t.Fatalf("%s: exact log Z %.5f outside AIS's band [%.5f, %.5f]", model.name, model.exact, est.Low, est.High)
		}
	}
}

// The base-rate model of ternary units has the data's means.
func TestTernaryBaseRate(t *testing.T) {
	m := ternaryModel(t, 3, 2, 2)
	data := []float64{1, 0, -1, 1, -1, -1, 0, 0, -1, 1, 1, -1}
	base, err := likelihood.BaseRate(m, data)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, 3)
	m.Visible.Mean(base, got)
	// Smoothed frequencies: (count + 1/2)/(4 + 3/2) for each state.
	want := []float64{(3.5 - 0.5) / 5.5, (1.5 - 1.5) / 5.5, (0.5 - 4.5) / 5.5}
	for i := range got {
		if !(math.Abs(got[i]-want[i]) < 1e-9) {
			t.Fatalf("base means %v, want %v", got, want)
		}
	}
	if _, err := likelihood.BaseRate(m, []float64{1, 0.5, -1}); err == nil {
		t.Fatal("no error for a value that is not a state")
	}
}
