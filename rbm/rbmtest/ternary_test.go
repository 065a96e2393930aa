package rbmtest_test

import (
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
	G "gorgonia.org/gorgonia"
)

// Ternary units take the states -1, 0 and +1, with fields θ: energy -Σθx and
// cgf Σ log(1 + e^a + e^-a), a = θ + input (rbm's Example_newLayerType).
type Ternary[T rbm.Float] struct {
	Field *graph.Param
	shape []int
}

func NewTernary[T rbm.Float](prefix string, shape ...int) (*Ternary[T], error) {
	n, err := rbm.Units(shape...)
	if err != nil {
		return nil, err
	}
	return &Ternary[T]{rbm.NewParam[T](prefix+"field", graph.Biases, n), shape}, nil
}

func (l *Ternary[T]) Kind() string                   { return "ternary" }
func (l *Ternary[T]) Shape() []int                   { return l.shape }
func (l *Ternary[T]) Params() []*graph.Param         { return []*graph.Param{l.Field} }
func (l *Ternary[T]) SiteStates() (int, [][]float64) { return 1, [][]float64{{-1}, {0}, {1}} }

func (l *Ternary[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	return G.Neg(G.Must(G.Mul(x, b.Param(l.Field))))
}

func (l *Ternary[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	a := G.Must(G.BroadcastAdd(in, b.Param(l.Field), nil, []byte{0}))
	return G.Sum(G.Must(ops.Softplus(G.Must(ops.LogAddExp(a, G.Must(G.Neg(a)))))), 1)
}

func TestTernary(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		u, err := NewTernary[float64]("v", 6)
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
	u, err := NewTernary[float32]("v", 2, 3)
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
		u, err := NewTernary[float64](prefix, n)
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
