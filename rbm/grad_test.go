package rbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/internal/testutil"

	"github.com/rbmgo/rbm/graph"
	"gorgonia.org/tensor"
)

// analyticGrad returns the binary RBM's gradient of mean F(vd) - mean F(vm)
// (the tutorial's eq. 10 with the sign of a cost to minimise), by parameter name.
func analyticGrad(m *RBM[float64], vd, vm []float64) map[string][]float64 {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	g := map[string][]float64{"W": make([]float64, nv*nh), "vbias": make([]float64, nv), "hbias": make([]float64, nh)}
	add := func(v []float64, scale float64) {
		rows := len(v) / nv
		in := make([]float64, rows*nh)
		m.PropUp(v, in)
		mean := make([]float64, rows*nh)
		m.Hidden.Mean(in, mean)
		for r := 0; r < rows; r++ {
			for i := 0; i < nv; i++ {
				g["vbias"][i] += scale * v[r*nv+i] / float64(rows)
				for j := 0; j < nh; j++ {
					g["W"][i*nh+j] += scale * v[r*nv+i] * mean[r*nh+j] / float64(rows)
				}
			}
			for j := 0; j < nh; j++ {
				g["hbias"][j] += scale * mean[r*nh+j] / float64(rows)
			}
		}
	}
	add(vd, -1)
	add(vm, +1)
	return g
}

func runCost(t *testing.T, m *RBM[float64], vd, vm []float64) (*graph.Cost, float64) {
	t.Helper()
	nv := m.Visible.Len()
	c, err := graph.NewCost(tensor.Float64, m.Visible, m.Hidden, m.W, len(vd)/nv, len(vm)/nv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.Run(dense(vd, len(vd)/nv, nv), dense(vm, len(vm)/nv, nv))
	if err != nil {
		t.Fatal(err)
	}
	return c, v
}

// binaryCost returns a tiny binary model of nv×nh units (tinyBinary's, of
// seed), bd data rows and bm chain rows of random binary states drawn from
// the PCG (seed, stream), and their cost, run once.
func binaryCost(t *testing.T, nv, nh, bd, bm int, seed, stream uint64) (m *RBM[float64], vd, vm []float64, c *graph.Cost) {
	t.Helper()
	m = tinyBinary[float64](t, nv, nh, seed)
	rng := rand.New(rand.NewPCG(seed, stream))
	vd = randomBinary[float64](rng, bd, nv)
	vm = randomBinary[float64](rng, bm, nv)
	c, _ = runCost(t, m, vd, vm)
	return m, vd, vm, c
}

func dense(x []float64, r, c int) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(x))
}

func TestAutodiffMatchesAnalyticGradient(t *testing.T) {
	for _, tc := range []struct{ nv, nh, bd, bm int }{{4, 3, 5, 5}, {7, 5, 3, 8}, {12, 9, 20, 20}} {
		for seed := uint64(1); seed <= 3; seed++ {
			m, vd, vm, c := binaryCost(t, tc.nv, tc.nh, tc.bd, tc.bm, seed, 99)
			want := analyticGrad(m, vd, vm)
			for i, p := range c.Params() {
				g, err := c.Grad(i)
				if err != nil {
					t.Fatal(err)
				}
				got := g.Data().([]float64)
				for k := range got {
					if !(math.Abs(got[k]-want[p.Name][k]) <= 1e-10) {
						t.Fatalf("%v seed %d: d cost/d %s[%d] = %g by autodiff, %g analytic", tc, seed, p.Name, k, got[k], want[p.Name][k])
					}
				}
			}
		}
	}
}

func TestAutodiffMatchesFiniteDifferences(t *testing.T) {
	_, vd, vm, c := binaryCost(t, 6, 4, 5, 5, 7, 1)
	autos := gradsByIndex(t, c)
	for i, p := range c.Params() {
		auto := autos[i]
		val := data[float64](p)
		for k := range val {
			const h = 1e-5
			old := val[k]
			val[k] = old + h
			up, _ := c.Run(dense(vd, 5, 6), dense(vm, 5, 6))
			val[k] = old - h
			down, _ := c.Run(dense(vd, 5, 6), dense(vm, 5, 6))
			val[k] = old
			fd := (up - down) / (2 * h)
			if !(math.Abs(fd-auto[k]) <= 1e-8) {
				t.Errorf("d cost/d %s[%d]: autodiff %g, finite difference %g", p.Name, k, auto[k], fd)
			}
		}
	}
}

// The chain end enters the graph as a value: the gradient is that of
// mean F(vd;θ) - mean F(vm;θ) with vm held fixed, never the derivative of a
// cost in which vm itself depends on θ.
func TestChainEndIsConstant(t *testing.T) {
	m := tinyBinary[float64](t, 5, 4, 3)
	rng := rand.New(rand.NewPCG(3, 1))
	vd := randomBinary[float64](rng, 4, 5)
	// A chain end that depends smoothly on the parameters: one mean-field
	// step from the data.
	meanField := func() []float64 {
		h := make([]float64, 4*4)
		m.PropUp(vd, h)
		m.Hidden.Mean(h, h)
		vin := make([]float64, 4*5)
		m.PropDown(h, vin, nil)
		m.Visible.Mean(vin, vin)
		return vin
	}
	vm := meanField()
	c, _ := runCost(t, m, vd, vm)
	var auto []float64
	for i, p := range c.Params() {
		if p.Name == "W" {
			auto = gradsByIndex(t, c)[i]
		}
	}
	w := data[float64](m.W)
	var maxFixed, maxThrough float64
	for k := range w {
		const h = 1e-5
		cost := func(vmodel []float64) float64 {
			v, err := c.Run(dense(vd, 4, 5), dense(vmodel, 4, 5))
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		old := w[k]
		w[k] = old + h
		upFixed, upThrough := cost(vm), cost(meanField())
		w[k] = old - h
		downFixed, downThrough := cost(vm), cost(meanField())
		w[k] = old
		maxFixed = math.Max(maxFixed, math.Abs((upFixed-downFixed)/(2*h)-auto[k]))
		maxThrough = math.Max(maxThrough, math.Abs((upThrough-downThrough)/(2*h)-auto[k]))
	}
	if !(maxFixed <= 1e-8) {
		t.Errorf("gradient differs from the fixed-chain-end derivative by %g", maxFixed)
	}
	if !(maxThrough >= 1e-4) {
		t.Errorf("gradient equals the derivative through the chain (differs by only %g): the chain end is not constant", maxThrough)
	}
}

func TestGraphFreeEnergyMatchesNumericAndEnumeration(t *testing.T) {
	for _, tc := range []struct{ nv, nh int }{{4, 3}, {3, 5}, {6, 2}} {
		m := tinyBinary[float64](t, tc.nv, tc.nh, uint64(tc.nv*10+tc.nh))
		v := allStates[float64](tc.nv)
		rows := 1 << tc.nv
		fg, err := graph.FreeEnergies(m.Visible, m.Hidden, m.W, dense(v, rows, tc.nv))
		if err != nil {
			t.Fatal(err)
		}
		fn := m.FreeEnergy(v)
		hs := allStates[float64](tc.nh)
		for r := 0; r < rows; r++ {
			vr := v[r*tc.nv : (r+1)*tc.nv]
			var negE []float64
			for s := 0; s < 1<<tc.nh; s++ {
				negE = append(negE, -m.Energy(vr, hs[s*tc.nh:(s+1)*tc.nh]))
			}
			want := -special.LogSumExp(negE)
			if !testutil.CloseTo(fg[r], want, 1e-12) || !testutil.CloseTo(fn[r], want, 1e-12) {
				t.Fatalf("%v state %d: F = %g (graph), %g (numeric), %g (enumeration)", tc, r, fg[r], fn[r], want)
			}
		}
	}
}

func TestFloat32GraphMatchesFloat64(t *testing.T) {
	m64 := tinyBinary[float64](t, 8, 6, 5)
	m32 := tinyBinary[float32](t, 8, 6, 5)
	v64 := allStates[float64](8)[:40*8]
	v32 := make([]float32, len(v64))
	for i := range v64 {
		v32[i] = float32(v64[i])
	}
	f64, err := graph.FreeEnergies(m64.Visible, m64.Hidden, m64.W, dense(v64, 40, 8))
	if err != nil {
		t.Fatal(err)
	}
	f32, err := graph.FreeEnergies(m32.Visible, m32.Hidden, m32.W, tensor.New(tensor.WithShape(40, 8), tensor.WithBacking(v32)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range f64 {
		if !testutil.CloseTo(f32[i], f64[i], 1e-5) {
			t.Fatalf("row %d: float32 %g, float64 %g", i, f32[i], f64[i])
		}
	}
}

// gradsByIndex copies the gradients of the last run of c.
func gradsByIndex(t *testing.T, c *graph.Cost) [][]float64 {
	t.Helper()
	var out [][]float64
	for i := range c.Params() {
		g, err := c.Grad(i)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]float64(nil), g.Data().([]float64)...))
	}
	return out
}

func TestMomentGradientMatchesAutodiff(t *testing.T) {
	m, vd, vm, c := binaryCost(t, 9, 6, 7, 4, 21, 0)
	mom, err := m.MomentGradient(vd, vm)
	if err != nil {
		t.Fatal(err)
	}
	want := analyticGrad(m, vd, vm)
	for i, p := range c.Params() {
		g, _ := c.Grad(i)
		for k, x := range g.Data().([]float64) {
			if !(math.Abs(x-mom[p.Name][k]) <= 1e-12) || !(math.Abs(want[p.Name][k]-mom[p.Name][k]) <= 1e-12) {
				t.Fatalf("%s[%d]: autodiff %g, moments %g, eq. 10 %g", p.Name, k, x, mom[p.Name][k], want[p.Name][k])
			}
		}
	}
}
