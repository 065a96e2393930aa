package rbmtest

import (
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

// BinaryModel returns an RBM of nv binary visible units (prefix "v") and nh
// binary hidden units (prefix "h"), its weights drawn by rbm.New from rng and
// its biases zero; it fails t on an error. It is the model most tests start
// from.
func BinaryModel[T rbm.Float](t testing.TB, nv, nh int, rng *rand.Rand) *rbm.RBM[T] {
	t.Helper()
	vis, visErr := rbm.NewBinary[T]("v", nv)
	hid, hidErr := rbm.NewBinary[T]("h", nh)
	return NewModel[T](t, vis, hid, rng, visErr, hidErr)
}

// NewModel returns rbm.New(vis, hid, rng), failing t on an error of it or
// of the layers' constructors, errs: the errors that came with vis and hid.
func NewModel[T rbm.Float](t testing.TB, vis, hid rbm.Layer[T], rng *rand.Rand, errs ...error) *rbm.RBM[T] {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Randomize sets every parameter of m, in the order of m.Params(), to sd
// times a standard normal number drawn from rng: a model far from its
// initial zeros for a test, for units with no domain constraint on their
// parameters (such as Ternary and rbm.Binary).
func Randomize[T rbm.Float](m *rbm.RBM[T], sd float64, rng *rand.Rand) {
	for _, p := range m.Params() {
		d := p.Value.Data().([]T)
		for i := range d {
			d[i] = T(sd * rng.NormFloat64())
		}
	}
}
