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
	vis, err := rbm.NewBinary[T]("v", nv)
	if err != nil {
		t.Fatal(err)
	}
	hid, err := rbm.NewBinary[T]("h", nh)
	if err != nil {
		t.Fatal(err)
	}
	m, err := rbm.New[T](vis, hid, rng)
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
