package rbm_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/likelihood"
	G "gorgonia.org/gorgonia"
)

// Ternary units take the states -1, 0 and +1, with fields θ: energy -Σθx and
// cgf Σ log(1 + e^a + e^-a), a = θ + input. That is all a unit type says; its
// mean (∂cgf/∂input), numeric energy and cgf, exact sampler and moments are
// derived, and exact log Z and AIS work with it.
//
// rbmtest.Ternary is the same type, a copy on purpose: this example shows the
// whole of a unit type in one place, that one serves the tests of other
// packages.
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

func init() { // registered once, for both float types
	if err := rbm.Register("ternary", NewTernary[float32], NewTernary[float64]); err != nil {
		panic(err)
	}
}

// A new unit type, registered once, trains with the library's trainer, is
// saved and loaded like a built-in one, and gets exact log Z and AIS: here ternary visible units learn data
// whose first half is mostly +1 and second half mostly -1.
func Example_newLayerType() {
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 6
	data := make([]float64, 0, 200*n)
	for range 200 {
		for i := 0; i < n; i++ {
			v := 1.0
			if i >= n/2 {
				v = -1
			}
			if rng.Float64() < 0.2 {
				v = 0
			}
			data = append(data, v)
		}
	}
	vis, err := rbm.NewLayer[float64]("ternary", "v", n) // as Load and --visible find it
	if err != nil {
		panic(err)
	}
	hid, _ := rbm.NewBinary[float64]("h", 3)
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		panic(err)
	}
	opt, _ := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.05, 1)})
	tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, BatchSize: 10, Seed: 1})
	if err != nil {
		panic(err)
	}
	// The exact log-likelihood: likelihood.ExactLogZ lists the states of
	// the smaller layer, here the 2³ hidden ones, and sums the ternary
	// units out through their cgf.
	logLikelihood := func(m *rbm.RBM[float64]) float64 {
		z, err := likelihood.ExactLogZ(m, 0)
		if err != nil {
			panic(err)
		}
		ll, _, err := likelihood.LogLikelihood(m, data, z.LogZ)
		if err != nil {
			panic(err)
		}
		return ll
	}
	before := logLikelihood(m)
	for range 20 {
		if _, err := tr.Epoch(data, nil); err != nil {
			panic(err)
		}
	}
	fmt.Println("log-likelihood rose:", logLikelihood(m) > before+0.5)
	// Annealed importance sampling from a base-rate model of the data
	// agrees with the exact value.
	exact, _ := likelihood.ExactLogZ(m, 0)
	base, err := likelihood.BaseRate(m, data)
	if err != nil {
		panic(err)
	}
	ais, err := likelihood.AIS(m, likelihood.Config{Betas: 1000, Runs: 50, Seed: 1, Base: base})
	if err != nil {
		panic(err)
	}
	fmt.Println("AIS within its band of exact log Z:", exact.LogZ >= ais.Low && exact.LogZ <= ais.High)

	dir, err := os.MkdirTemp("", "ternary")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.npz")
	if err := rbm.Save(path, m, nil); err != nil {
		panic(err)
	}
	loaded, _, err := rbm.Load[float64](path)
	if err != nil {
		panic(err)
	}
	fmt.Println("loaded:", loaded.Visible.Kind(), "units, same likelihood:", logLikelihood(loaded) == logLikelihood(m))
	// Output:
	// log-likelihood rose: true
	// AIS within its band of exact log Z: true
	// loaded: ternary units, same likelihood: true
}
