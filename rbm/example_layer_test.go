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
	"gorgonia.org/tensor"
)

// Ternary is a unit type the library does not have, written outside it: units
// in {-1, 0, +1} with fields θ, energy -Σθx and cgf Σ log(1 + e^a + e^-a),
// a = θ + input. It gives its energy and cgf as graph expressions and an exact
// sampler; no gradient is written anywhere.
type Ternary[T rbm.Float] struct {
	Field *graph.Param
	n     int
}

// NewTernary returns a layer of n ternary units with zero fields, named
// prefix+"field"; its signature is the one rbm.Register takes.
func NewTernary[T rbm.Float](prefix string, shape ...int) (*Ternary[T], error) {
	if len(shape) != 1 || shape[0] < 1 {
		return nil, fmt.Errorf("ternary units need one positive size, got %v", shape)
	}
	n := shape[0]
	return &Ternary[T]{n: n, Field: &graph.Param{Name: prefix + "field", Group: graph.Biases,
		Value: tensor.New(tensor.WithShape(n), tensor.WithBacking(make([]T, n)))}}, nil
}

func (l *Ternary[T]) theta() []T             { return l.Field.Value.Data().([]T) }
func (l *Ternary[T]) Kind() string           { return "ternary" }
func (l *Ternary[T]) Shape() []int           { return []int{l.n} }
func (l *Ternary[T]) Len() int               { return l.n }
func (l *Ternary[T]) Params() []*graph.Param { return []*graph.Param{l.Field} }
func (l *Ternary[T]) Validate() error        { return nil }
func (l *Ternary[T]) a(in []T, i int) float64 {
	return float64(l.theta()[i%l.n]) + float64(in[i])
}

// EnergyExpr is -x·θ per sample.
func (l *Ternary[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	xt, err := G.Mul(x, b.Param(l.Field))
	if err != nil {
		return nil, err
	}
	return G.Neg(xt)
}

// CGFExpr is Σ softplus(logaddexp(a, -a)) = Σ log(1 + e^a + e^-a).
func (l *Ternary[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	a, err := G.BroadcastAdd(in, b.Param(l.Field), nil, []byte{0})
	if err != nil {
		return nil, err
	}
	na, err := G.Neg(a)
	if err != nil {
		return nil, err
	}
	both, err := ops.LogAddExp(a, na)
	if err != nil {
		return nil, err
	}
	c, err := ops.Softplus(both)
	if err != nil {
		return nil, err
	}
	return G.Sum(c, 1)
}

func (l *Ternary[T]) Energy(x []T) (e float64) {
	for i, v := range x {
		e -= float64(l.theta()[i]) * float64(v)
	}
	return e
}

func (l *Ternary[T]) CGF(in []T) (s float64) {
	for i := range in {
		a := l.a(in, i)
		s += math.Log(1 + math.Exp(a) + math.Exp(-a))
	}
	return s
}

func (l *Ternary[T]) Mean(in, out []T) {
	for i := range in {
		a := l.a(in, i)
		out[i] = T((math.Exp(a) - math.Exp(-a)) / (1 + math.Exp(a) + math.Exp(-a)))
	}
}

// Sample draws each unit by inverse CDF over its three states.
func (l *Ternary[T]) Sample(rng *rand.Rand, in, out []T) {
	for i := range in {
		a := l.a(in, i)
		u := rng.Float64() * (1 + math.Exp(a) + math.Exp(-a))
		switch {
		case u < math.Exp(-a):
			out[i] = -1
		case u < math.Exp(-a)+1:
			out[i] = 0
		default:
			out[i] = 1
		}
	}
}

// The type is registered once, when the program starts, for both float types.
func init() {
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
	opt, _ := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.05, 1)})
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
