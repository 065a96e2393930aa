package orbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// randomModel returns a binary/binary model with weights N(0, wstd²) and
// biases N(0, bstd²).
func randomModel(t testing.TB, nv, nh int, wstd, bstd float64, rng *rand.Rand) *rbm.RBM[float64] {
	t.Helper()
	m := rbmtest.BinaryModel[float64](t, nv, nh, rng)
	for i := range m.Weights() {
		m.Weights()[i] = wstd * rng.NormFloat64()
	}
	vis, hid := m.Visible.(*rbm.Binary[float64]), m.Hidden.(*rbm.Binary[float64])
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

// adamTrainer returns a trainer of o with the configuration cfg and an Adam
// optimizer of learning rate lr for every parameter; it fails t on an error.
func adamTrainer[T rbm.Float](t testing.TB, o *ORBM[T], lr float64, cfg TrainConfig) *Trainer[T] {
	t.Helper()
	opt, err := optim.NewAdam[T](optim.AdamConfig{Groups: optim.Groups(lr, 1)})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(o, opt, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
