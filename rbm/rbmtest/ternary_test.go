package rbmtest_test

import (
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

func TestTernary(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		u, err := rbmtest.NewTernary[float64]("v", 6)
		if err != nil {
			t.Fatal(err)
		}
		l, err := rbm.Derive[float64](u)
		if err != nil {
			t.Fatal(err)
		}
		jitter(t, l, seed)
		rbmtest.CheckLayer(t, l)
	}
	u, err := rbmtest.NewTernary[float32]("v", 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	l, err := rbm.Derive[float32](u)
	if err != nil {
		t.Fatal(err)
	}
	jitter(t, l, 3)
	rbmtest.CheckLayer(t, l)
}

// Moment gradients and gradient checks follow from the expressions: for a
// model of ternary units on both sides, the autodiff gradient of the cost
// agrees with finite differences and with the derived moments.
func TestTernaryGradCheck(t *testing.T) {
	layer := func(prefix string, n int) rbm.Layer[float64] {
		u, err := rbmtest.NewTernary[float64](prefix, n)
		if err != nil {
			t.Fatal(err)
		}
		l, err := rbm.Derive[float64](u)
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
	for _, p := range m.Params() {
		d := p.Value.Data().([]float64)
		for i := range d {
			d[i] = 0.5 * rng.NormFloat64()
		}
	}
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
