package rbmtest_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
	G "gorgonia.org/gorgonia"

	_ "go4.org/unsafe/assume-no-moving-gc"
)

// jitter moves every parameter of l away from its default: positive values
// by a factor, others by an offset, so that no check passes by symmetry.
func jitter[T rbm.Float](t *testing.T, l rbm.Layer[T], seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 9))
	for _, p := range l.Params() {
		for i, v := range p.Value.Data().([]T) {
			if v > 0 {
				p.Value.Data().([]T)[i] = T(float64(v) * math.Exp(0.3*rng.NormFloat64()))
			} else {
				p.Value.Data().([]T)[i] = T(float64(v) + 0.5*rng.NormFloat64())
			}
		}
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
}

// Every registered unit type, in both float types, agrees with its
// expressions.
func TestBuiltins(t *testing.T) {
	for _, kind := range rbm.LayerKinds() {
		shape := []int{5}
		if kind == "potts" {
			shape = []int{2, 3}
		}
		t.Run(kind+"/float64", func(t *testing.T) { checkBuiltin[float64](t, kind, shape, 1) })
		t.Run(kind+"/float32", func(t *testing.T) { checkBuiltin[float32](t, kind, shape, 2) })
	}
}

// checkBuiltin checks a registered layer of the kind and shape, its
// parameters jittered from seed.
func checkBuiltin[T rbm.Float](t *testing.T, kind string, shape []int, seed uint64) {
	l, err := rbm.NewLayer[T](kind, "v", shape...)
	if err != nil {
		t.Fatal(err)
	}
	jitter(t, l, seed)
	rbmtest.CheckLayer(t, l)
}

// brokenMean is binary units whose hand-written mean is σ(2a), not σ(a).
type brokenMean struct{ *rbm.Binary[float64] }

func (b brokenMean) Mean(in, out []float64) {
	th := b.Bias.Value.Data().([]float64)
	for i, x := range in {
		out[i] = special.Sigmoid(2 * (th[i%len(th)] + x))
	}
}

// brokenSampler is binary units whose sampler draws 1 a little too often.
type brokenSampler struct{ *rbm.Binary[float64] }

func (b brokenSampler) Sample(rng *rand.Rand, in, out []float64) {
	th := b.Bias.Value.Data().([]float64)
	for i, x := range in {
		out[i] = 0
		if rng.Float64() < special.Sigmoid(th[i%len(th)]+x)+0.05 {
			out[i] = 1
		}
	}
}

// brokenMoments is binary units whose mean energy gradient has the wrong
// sign.
type brokenMoments struct{ *rbm.Binary[float64] }

func (b brokenMoments) AddMeanEnergyGrad(in []float64, scale float64, g [][]float64) {
	b.Binary.AddMeanEnergyGrad(in, -scale, g)
}

// wideGaussian is Gaussian units whose sampler draws with twice the
// standard deviation.
type wideGaussian struct{ *rbm.Gaussian[float64] }

func (g wideGaussian) Sample(rng *rand.Rand, in, out []float64) {
	th, ga := g.Field.Value.Data().([]float64), g.Precision.Value.Data().([]float64)
	for i, x := range in {
		j := i % len(th)
		out[i] = (th[j]+x)/ga[j] + 2*rng.NormFloat64()/math.Sqrt(ga[j])
	}
}

// brokenCGF is ternary units whose cgf does not match the energy: the
// cgf of binary-like units on states {-1, 0, +1} misses the state -1.
type brokenCGF struct{ *rbmtest.Ternary[float64] }

func (b brokenCGF) CGFExpr(bl *graph.Builder, in *G.Node) (*G.Node, error) {
	a := G.Must(G.BroadcastAdd(in, bl.Param(b.Field), nil, []byte{0}))
	return G.Sum(G.Must(ops.Softplus(a)), 1)
}

// A wrong fast path or inconsistent expressions fail the check, naming what
// is wrong.
func TestCatchesMistakes(t *testing.T) {
	bin := func() *rbm.Binary[float64] {
		b, err := rbm.NewBinary[float64]("v", 4)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	gauss, err := rbm.NewGaussian[float64]("v", 4)
	if err != nil {
		t.Fatal(err)
	}
	ter, err := rbmtest.NewTernary[float64]("v", 4)
	if err != nil {
		t.Fatal(err)
	}
	cgf, err := rbm.Derive[float64](brokenCGF{ter})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		layer rbm.Layer[float64]
		want  string
	}{
		{"mean", brokenMean{bin()}, "Mean of unit"},
		{"sampler", brokenSampler{bin()}, "chi-square"},
		{"cgf", cgf, "log of the sum over states"},
		{"variance", wideGaussian{gauss}, "variance of unit"},
		{"moments", brokenMoments{bin()}, "AddMeanEnergyGrad of vbias"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			jitter(t, tc.layer, 3)
			err := rbmtest.Check(tc.layer)
			if err == nil {
				t.Fatal("the check passes")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("the check says %q, want it to mention %q", err, tc.want)
			}
			t.Log(err)
		})
	}
}

// The same layers, correct, pass.
func TestPassesCorrect(t *testing.T) {
	b, err := rbm.NewBinary[float64]("v", 4)
	if err != nil {
		t.Fatal(err)
	}
	jitter(t, b, 3)
	if err := rbmtest.Check[float64](b); err != nil {
		t.Fatal(err)
	}
}
