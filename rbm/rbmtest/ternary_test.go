package rbmtest_test

import (
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

func TestTernary(t *testing.T) {
	checkTernary[float64](t, 1, 6)
	checkTernary[float64](t, 2, 6)
	checkTernary[float32](t, 3, 2, 3)
}

// checkTernary checks ternary units of the shape, their fields jittered
// from seed.
func checkTernary[T rbm.Float](t *testing.T, seed uint64, shape ...int) {
	t.Helper()
	l, err := rbmtest.NewTernaryLayer[T]("v", shape...)
	if err != nil {
		t.Fatal(err)
	}
	jitter(t, l, seed)
	rbmtest.CheckLayer(t, l)
}

// Moment gradients and gradient checks follow from the expressions: for a
// model of ternary units on both sides, the autodiff gradient of the cost
// agrees with finite differences and with the derived moments.
func TestTernaryGradCheck(t *testing.T) {
	layer := func(prefix string, n int) rbm.Layer[float64] {
		l, err := rbmtest.NewTernaryLayer[float64](prefix, n)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	rng := rand.New(rand.NewPCG(4, 4))
	m, err := rbm.New(layer("v", 5), layer("h", 3), rng)
	if err != nil {
		t.Fatal(err)
	}
	rbmtest.Randomize(m, 0.5, rng)
	vd, vm := make([]float64, 4*5), make([]float64, 6*5)
	for _, x := range [][]float64{vd, vm} {
		for i := range x {
			x[i] = float64(rng.IntN(3) - 1)
		}
	}
	res, err := rbm.GradCheck(m, vd, vm, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.HasMoments || !(r.MaxRelFD < 1e-6) || !(r.MaxRelMoments < 1e-10) {
			t.Errorf("%s: moments %v, error %g against finite differences, %g against moments", r.Name, r.HasMoments, r.MaxRelFD, r.MaxRelMoments)
		}
	}
}
