package orbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

// randomModel returns a binary/binary model with weights N(0, wstd²) and
// biases N(0, bstd²).
func randomModel(t testing.TB, nv, nh int, wstd, bstd float64, rng *rand.Rand) *rbm.RBM[float64] {
	t.Helper()
	vis, err := rbm.NewBinary[float64]("v", nv)
	if err != nil {
		t.Fatal(err)
	}
	hid, err := rbm.NewBinary[float64]("h", nh)
	if err != nil {
		t.Fatal(err)
	}
	m, err := rbm.New[float64](vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range m.Weights() {
		_ = w
		m.Weights()[i] = wstd * rng.NormFloat64()
	}
	for _, b := range [][]float64{vis.Bias.Value.Data().([]float64), hid.Bias.Value.Data().([]float64)} {
		for i := range b {
			b[i] = bstd * rng.NormFloat64()
		}
	}
	return m
}

func randomORBM(t testing.TB, nv, na, nb int, wstd, bstd float64, seed uint64) *ORBM[float64] {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	o, err := New(randomModel(t, nv, na, wstd, bstd, rng), randomModel(t, nv, nb, wstd, bstd, rng))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func randomBits(n int, rng *rand.Rand) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(rng.IntN(2))
	}
	return x
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
