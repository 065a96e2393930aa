package rbm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	G "gorgonia.org/gorgonia"
)

// Ternary units take the states -1, 0 and +1, with fields θ: energy -Σθx and
// cgf Σ log(1 + e^a + e^-a), a = θ + input. That is all a unit type says; its
// mean (∂cgf/∂input), numeric energy and cgf, exact sampler and moments are
// derived, and exact log Z and AIS work with it.
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

// A new unit type, registered once, trains with the library's trainer and is
// saved and loaded like a built-in one: here ternary visible units learn data
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
	opt, _ := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.05, 1, 0)})
	tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, BatchSize: 10, Seed: 1})
	if err != nil {
		panic(err)
	}
	// The exact log-likelihood, with the partition function summed over
	// the 3⁶ visible states.
	var all []float64
	for s := 0; s < 729; s++ {
		for i, k := 0, s; i < n; i, k = i+1, k/3 {
			all = append(all, float64(k%3-1))
		}
	}
	logLikelihood := func(m *rbm.RBM[float64]) float64 {
		logZ := math.Inf(-1)
		for _, f := range m.FreeEnergy(all) {
			logZ = math.Max(logZ, -f) + math.Log1p(math.Exp(-math.Abs(logZ+f)))
		}
		var ll float64
		for _, f := range m.FreeEnergy(data) {
			ll += -f - logZ
		}
		return ll / 200
	}
	before := logLikelihood(m)
	for range 20 {
		if _, err := tr.Epoch(data, nil); err != nil {
			panic(err)
		}
	}
	fmt.Println("log-likelihood rose:", logLikelihood(m) > before+0.5)

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
	// loaded: ternary units, same likelihood: true
}
