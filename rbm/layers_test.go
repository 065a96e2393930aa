package rbm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// layerCase makes a layer with random parameters in their domain.
type layerCase struct {
	kind  string
	shape []int
}

var layerCases = []layerCase{
	{"binary", []int{4}}, {"spin", []int{4}}, {"potts", []int{2, 3}}, {"gaussian", []int{4}},
	{"relu", []int{4}}, {"drelu", []int{2, 2}}, {"prelu", []int{4}}, {"xrelu", []int{4}},
}

func randomLayer(t testing.TB, kind, prefix string, rng *rand.Rand, shape ...int) Layer[float64] {
	t.Helper()
	l, err := NewLayer[float64](kind, prefix, shape...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range l.Params() {
		d := data[float64](p)
		name := strings.TrimPrefix(p.Name, prefix)
		for i := range d {
			switch {
			case strings.HasPrefix(name, "gamma") || name == "precision":
				d[i] = 0.5 + 1.5*rng.Float64()
			case name == "eta":
				d[i] = rng.Float64() - 0.5
			default:
				d[i] = rng.NormFloat64()
			}
		}
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	return l
}

// layerAtInput returns a random layer of the case, drawn from a PCG seeded
// (seed, 7), inputs of standard deviation sd drawn next, the layer's mean at
// them, and the generator for more draws.
func layerAtInput(t *testing.T, lc layerCase, seed uint64, sd float64) (l Layer[float64], rng *rand.Rand, in, mean []float64) {
	t.Helper()
	rng = rand.New(rand.NewPCG(seed, 7))
	l = randomLayer(t, lc.kind, "h", rng, lc.shape...)
	in = make([]float64, l.Len())
	for i := range in {
		in[i] = sd * rng.NormFloat64()
	}
	mean = make([]float64, l.Len())
	l.Mean(in, mean)
	return l, rng, in, mean
}

// graphValues evaluates a layer's energy of x and cgf of in through its graph.
func graphValues(t *testing.T, l Layer[float64], x, in []float64) (energy, cgf []float64) {
	t.Helper()
	b, _ := graph.NewBuilder(tensor.Float64)
	rows := len(x) / l.Len()
	xn, inn := b.Input("x", rows, l.Len()), b.Input("in", rows, l.Len())
	e, err := l.EnergyExpr(b, xn)
	if err != nil {
		t.Fatal(err)
	}
	c, err := l.CGFExpr(b, inn)
	if err != nil {
		t.Fatal(err)
	}
	G.Let(xn, tensor.New(tensor.WithShape(rows, l.Len()), tensor.WithBacking(x)))
	G.Let(inn, tensor.New(tensor.WithShape(rows, l.Len()), tensor.WithBacking(in)))
	vm := G.NewTapeMachine(b.Graph)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	ev, _ := graph.Float64s(e.Value())
	cv, _ := graph.Float64s(c.Value())
	return ev, cv
}

func TestLayersGraphMatchesNumbers(t *testing.T) {
	for _, lc := range layerCases {
		t.Run(lc.kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 7))
			l := randomLayer(t, lc.kind, "h", rng, lc.shape...)
			n := l.Len()
			in := make([]float64, 5*n)
			for i := range in {
				in[i] = 2 * rng.NormFloat64()
			}
			for i := 0; i < n; i++ { // one row of extreme inputs
				in[4*n+i] = 1e3 * float64(1-2*(i%2))
			}
			x := make([]float64, len(in))
			for r := 0; r < 5; r++ {
				l.Sample(rng, in[r*n:(r+1)*n], x[r*n:(r+1)*n])
			}
			ge, gc := graphValues(t, l, x, in)
			for r := 0; r < 5; r++ {
				e, c := l.Energy(x[r*n:(r+1)*n]), l.CGF(in[r*n:(r+1)*n])
				if math.IsNaN(c) || math.IsInf(c, 0) || math.IsNaN(e) {
					t.Fatalf("row %d: energy %g, cgf %g for inputs %v", r, e, c, in[r*n:(r+1)*n])
				}
				if !testutil.CloseTo(ge[r], e, 1e-10) || !testutil.CloseTo(gc[r], c, 1e-10) {
					t.Errorf("row %d: energy %g (graph) vs %g, cgf %g (graph) vs %g", r, ge[r], e, gc[r], c)
				}
			}
		})
	}
}

// The derivative of the cgf with respect to the input is the mean.
func TestLayersCGFDerivativeIsMean(t *testing.T) {
	for _, lc := range layerCases {
		t.Run(lc.kind, func(t *testing.T) {
			l, _, in, mean := layerAtInput(t, lc, 2, 2)
			for i := range in {
				const h = 1e-6
				old := in[i]
				in[i] = old + h
				up := l.CGF(in)
				in[i] = old - h
				down := l.CGF(in)
				in[i] = old
				if fd := (up - down) / (2 * h); !(math.Abs(fd-mean[i]) <= 1e-6) {
					t.Errorf("unit %d: dcgf/din = %g, mean %g", i, fd, mean[i])
				}
			}
		})
	}
}

// The mean of many exact samples is the layer's mean.
func TestLayersSampleMean(t *testing.T) {
	for _, lc := range layerCases {
		t.Run(lc.kind, func(t *testing.T) {
			l, rng, in, mean := layerAtInput(t, lc, 3, 1.5)
			const draws = 20000
			s, s2 := make([]float64, len(in)), make([]float64, len(in))
			x := make([]float64, len(in))
			for range draws {
				l.Sample(rng, in, x)
				for i, v := range x {
					s[i] += v
					s2[i] += v * v
				}
			}
			for i := range s {
				m := s[i] / draws
				se := math.Sqrt((s2[i]/draws-m*m)/draws) + 1e-12
				if !(math.Abs(m-mean[i]) <= 5*se) {
					t.Errorf("unit %d: sample mean %g, mean %g (standard error %g)", i, m, mean[i], se)
				}
			}
		})
	}
}

// Every layer, as visible and as hidden, gets autodiff gradients equal to
// finite differences and, where it has closed-form moments, to them.
func TestLayersGradients(t *testing.T) {
	for _, lc := range layerCases {
		for _, asHidden := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/hidden=%v", lc.kind, asHidden), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(4, 7))
				var vis, hid Layer[float64]
				if asHidden {
					vis, hid = randomLayer(t, "binary", "v", rng, 5), randomLayer(t, lc.kind, "h", rng, lc.shape...)
				} else {
					vis, hid = randomLayer(t, lc.kind, "v", rng, lc.shape...), randomLayer(t, "binary", "h", rng, 3)
				}
				m, err := New(vis, hid, rng)
				if err != nil {
					t.Fatal(err)
				}
				c, err := NewChains(m, 6, 4, 0)
				if err != nil {
					t.Fatal(err)
				}
				c.SampleVGivenH()
				vd := append([]float64(nil), c.V...)
				c.GibbsHVH(3)
				vm := append([]float64(nil), c.V...)
				res, err := GradCheck(m, vd, vm, 1e-5)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range res {
					if !(r.MaxRelFD <= 1e-6) {
						t.Errorf("%s: autodiff vs finite differences: max scaled error %g", r.Name, r.MaxRelFD)
					}
					if r.HasMoments && r.MaxRelMoments > 1e-10 {
						t.Errorf("%s: autodiff vs moments: max relative error %g (abs %g)", r.Name, r.MaxRelMoments, r.MaxAbsMoments)
					}
				}
			})
		}
	}
}

// The dReLU page's grid: zero input, θ± ∈ {-3, 3}, γ± ∈ {0.5, 1}; samples
// follow the exact distribution (Kolmogorov–Smirnov, fixed seed).
func TestDReLUSamplerKS(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	const n = 20000
	crit := 1.95 / math.Sqrt(n)
	for _, tp := range []float64{-3, 3} {
		for _, tn := range []float64{-3, 3} {
			for _, gp := range []float64{0.5, 1} {
				for _, gn := range []float64{0.5, 1} {
					for _, in := range []float64{0, -40, 40} {
						u := dreluUnit(tp, tn, gp, gn, in)
						x := make([]float64, n)
						for i := range x {
							x[i] = u.sample(rng)
						}
						if d := testutil.KSStatistic(x, u.cdf); !(d <= crit) {
							t.Errorf("θ+=%g θ-=%g γ+=%g γ-=%g input %g: KS distance %.4f above %.4f", tp, tn, gp, gn, in, d, crit)
						}
					}
				}
			}
		}
	}
}

// cdf is the distribution function of a dReLU unit: a mixture of the two
// half-normals.
func (u drelu) cdf(h float64) float64 {
	pp, pn := u.probabilities()
	// Survival of a half-normal u ≥ 0 with exp(-γu²/2 + a·u) at v ≥ 0.
	surv := func(gamma, a, v float64) float64 {
		s := math.Sqrt(2 * gamma)
		z0, zv := -a/s, (gamma*v-a)/s // zv ≥ z0
		if z0 < 0 {
			// erfc(z0) is in (1, 2]: no overflow, no cancellation.
			return math.Erfc(zv) / math.Erfc(z0)
		}
		return special.Erfcx(zv) / special.Erfcx(z0) * math.Exp(z0*z0-zv*zv)
	}
	if h < 0 {
		return pn * surv(u.gn, u.an, -h)
	}
	return pn + pp*(1-surv(u.gp, u.ap, h))
}

// At ξ = 0, where |ξ| and max(2ξ,0) have kinks that cancel, xReLU's autodiff
// gradient still equals the moments. Central differences are only first-order
// accurate there (the second derivative jumps at 0), hence their tolerance.
func TestXReLUGradientAtZeroXi(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 7))
	vis, _ := NewBinary[float64]("v", 5)
	hid, _ := NewXReLU[float64]("h", 3) // ξ = 0
	m, _ := New[float64](vis, hid, rng)
	c, _ := NewChains(m, 6, 6, 0)
	c.SampleVGivenH()
	vd := append([]float64(nil), c.V...)
	c.GibbsHVH(2)
	res, err := GradCheck(m, vd, c.V, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !(r.MaxRelFD <= 1e-4) || !(r.MaxRelMoments <= 1e-10) {
			t.Errorf("%s: scaled error %g against finite differences, %g against moments", r.Name, r.MaxRelFD, r.MaxRelMoments)
		}
	}
	for _, xi := range []float64{-2, -0.3, 0, 0.4, 3} {
		xp, xn := xiMap(xi)
		wp := (1 + math.Abs(xi)) / (1 + math.Max(2*xi, 0))
		wn := (1 + math.Abs(xi)) / (1 - math.Min(2*xi, 0))
		if !testutil.CloseTo(xp, wp, 1e-15) || !testutil.CloseTo(xn, wn, 1e-15) {
			t.Errorf("ξ = %g: map gives (%g, %g), definition (%g, %g)", xi, xp, xn, wp, wn)
		}
	}
}

func TestLayersRefuseBadParameters(t *testing.T) {
	for _, tc := range []struct {
		kind, param string
		value       float64
		want        string
	}{
		{"gaussian", "hprecision", 0, `"hprecision" must be positive`},
		{"relu", "hprecision", -1, `"hprecision" must be positive`},
		{"drelu", "hgamma_n", 0, `"hgamma_n" must be positive`},
		{"prelu", "heta", 1, `"heta" must be in (-1, 1)`},
		{"xrelu", "hgamma", -0.1, `"hgamma" must be positive`},
		{"spin", "hfield", math.NaN(), `"hfield" is NaN`},
	} {
		l, err := NewLayer[float64](tc.kind, "h", 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range l.Params() {
			if p.Name == tc.param {
				data[float64](p)[1] = tc.value
			}
		}
		if err := l.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.kind, err, tc.want)
		}
	}
	p, _ := NewPotts[float64]("v", 2, 3)
	if err := p.CheckData([]float64{0, 1, 0, 0.5, 0.5, 0}); err == nil || !strings.Contains(err.Error(), "must be one-hot: row 0, site 1") {
		t.Errorf("potts accepted non-one-hot data: %v", err)
	}
	if err := p.CheckData([]float64{0, 1, 0, 0, 0, 1}); err != nil {
		t.Errorf("potts refused one-hot data: %v", err)
	}
	if _, err := NewPotts[float64]("v", 3, 1); err == nil {
		t.Error("potts with one state accepted")
	}
}

// Data outside a visible layer's domain is refused, naming its row and
// column.
func TestCheckData(t *testing.T) {
	for _, tc := range []struct {
		kind string
		x    []float64
		want string
	}{
		{"binary", []float64{0, 1, 0.5, 0, 1.5, 1}, "row 1, column 1 holds 1.5, outside [0, 1]"},
		{"binary", []float64{0, 1, 0.5, 0, 0.25, 1}, ""},
		{"spin", []float64{-1, 1, 0.3, -2, 1, 1}, "row 1, column 0 holds -2, outside [-1, 1]"},
		{"relu", []float64{0, 3, 7, 0, -0.1, 1}, "row 1, column 1 holds -0.1"},
		{"gaussian", []float64{-9, 3, 7, 0, -0.1, 1e6}, ""},
	} {
		l, err := NewLayer[float64](tc.kind, "v", 3)
		if err != nil {
			t.Fatal(err)
		}
		dc, ok := l.(DataChecker[float64])
		var cerr error
		if ok {
			cerr = dc.CheckData(tc.x)
		}
		if tc.want == "" && cerr != nil || tc.want != "" && (cerr == nil || !strings.Contains(cerr.Error(), tc.want)) {
			t.Errorf("%s %v: error %v, want %q", tc.kind, tc.x, cerr, tc.want)
		}
	}
}
