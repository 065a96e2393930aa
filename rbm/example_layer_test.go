package rbm_test

import (
	"fmt"
	"math"
	"math/rand/v2"

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
type Ternary struct {
	Field *graph.Param
}

func NewTernary(name string, n int) *Ternary {
	return &Ternary{Field: &graph.Param{Name: name, Group: graph.Biases,
		Value: tensor.New(tensor.WithShape(n), tensor.WithBacking(make([]float64, n)))}}
}

func (l *Ternary) theta() []float64       { return l.Field.Value.Data().([]float64) }
func (l *Ternary) Kind() string           { return "ternary" }
func (l *Ternary) Shape() []int           { return []int{l.Len()} }
func (l *Ternary) Len() int               { return len(l.theta()) }
func (l *Ternary) Params() []*graph.Param { return []*graph.Param{l.Field} }
func (l *Ternary) Validate() error        { return nil }
func (l *Ternary) cgf1(a float64) float64 { return math.Log(1 + math.Exp(a) + math.Exp(-a)) }
func (l *Ternary) mean1(a float64) float64 {
	return (math.Exp(a) - math.Exp(-a)) / (1 + math.Exp(a) + math.Exp(-a))
}
func (l *Ternary) a(in []float64, i int) float64 { return l.theta()[i%l.Len()] + in[i] }

// EnergyExpr is -x·θ per sample.
func (l *Ternary) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	xt, err := G.Mul(x, b.Param(l.Field))
	if err != nil {
		return nil, err
	}
	return G.Neg(xt)
}

// CGFExpr is Σ softplus(logaddexp(a, -a)) = Σ log(1 + e^a + e^-a).
func (l *Ternary) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
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

func (l *Ternary) Energy(x []float64) (e float64) {
	for i, v := range x {
		e -= l.theta()[i] * v
	}
	return e
}

func (l *Ternary) CGF(in []float64) (s float64) {
	for i := range in {
		s += l.cgf1(l.a(in, i))
	}
	return s
}

func (l *Ternary) Mean(in, out []float64) {
	for i := range in {
		out[i] = l.mean1(l.a(in, i))
	}
}

// Sample draws each unit by inverse CDF over its three states.
func (l *Ternary) Sample(rng *rand.Rand, in, out []float64) {
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

// A new unit type trains with the library's trainer: here ternary visible
// units learn data whose first half is mostly +1 and second half mostly -1.
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
	hid, _ := rbm.NewBinary[float64]("h", 3)
	m, err := rbm.New[float64](NewTernary("vfield", n), hid, rng)
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
	logLikelihood := func() float64 {
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
	before := logLikelihood()
	for range 20 {
		if _, err := tr.Epoch(data, nil); err != nil {
			panic(err)
		}
	}
	fmt.Println("log-likelihood rose:", logLikelihood() > before+0.5)
	// Output: log-likelihood rose: true
}
