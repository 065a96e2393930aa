package rbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph"
	"gorgonia.org/tensor"
)

// centredModel returns a 4×3 model of the given layer kind in float64 with
// random parameters and a centring of it with random offsets, its centred
// biases written from the model's.
func centredModel(t *testing.T, kind string, seed uint64) (*RBM[float64], *centering[float64]) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 5))
	m := kindModel[float64](t, kind, []int{4}, kind, []int{3}, rng)
	for _, p := range m.Params() {
		for i := range data[float64](p) {
			data[float64](p)[i] = rng.NormFloat64()
		}
	}
	c, err := newCentering(m, CenterConfig{Rate: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	a, b := twoStates(t, kind)
	for _, x := range [][]float64{c.mu.Data().([]float64), c.lambda.Data().([]float64)} {
		for i := range x {
			x[i] = a + (b-a)*rng.Float64()
		}
	}
	c.toCentred()
	return m, c
}

// twoStates returns the two states a < b of units of kind.
func twoStates(t *testing.T, kind string) (a, b float64) {
	t.Helper()
	l, err := NewLayer[float64](kind, "v", 1)
	if err != nil {
		t.Fatal(err)
	}
	fin, ok := As[Finite](l)
	if !ok {
		t.Fatalf("%s units are not Finite", kind)
	}
	_, states := fin.SiteStates()
	return states[0][0], states[1][0]
}

// toStates maps 0/1 values in x to the two states of units of kind.
func toStates(t *testing.T, kind string, x []float64) []float64 {
	a, b := twoStates(t, kind)
	for i := range x {
		x[i] = a + (b-a)*x[i]
	}
	return x
}

// states enumerates the states of n units of two states, one a row.
func states(t *testing.T, kind string, n int) []float64 {
	return toStates(t, kind, allStates[float64](n))
}

// The centred energy -(v-μ)ᵀW(h-λ) - b̃ᵀ(v-μ) - c̃ᵀ(h-λ), summed over h by
// enumeration, gives the distribution of the un-centred model b = b̃ - Wλ,
// c = c̃ - Wᵀμ, to 1e-10, for binary and spin units and for the tests' own
// "twolevel" units of states -2 and +3 (capabilities_test.go).
func TestCenteredModelIsTheUncenteredOne(t *testing.T) {
	for _, kind := range []string{"binary", "spin", "twolevel"} {
		t.Run(kind, func(t *testing.T) {
			m, c := centredModel(t, kind, 1)
			w, mu, lambda := m.Weights(), c.mu.Data().([]float64), c.lambda.Data().([]float64)
			bc, cc := data[float64](c.vbc), data[float64](c.hbc)
			vs, hs := states(t, kind, 4), states(t, kind, 3)
			logp := make([]float64, 16)
			for s := range 16 {
				v := vs[s*4 : s*4+4]
				var z float64
				for r := range 8 {
					h := hs[r*3 : r*3+3]
					var e float64
					for i := range 4 {
						for j := range 3 {
							e -= (v[i] - mu[i]) * w[i*3+j] * (h[j] - lambda[j])
						}
						e -= bc[i] * (v[i] - mu[i])
					}
					for j := range 3 {
						e -= cc[j] * (h[j] - lambda[j])
					}
					z += math.Exp(-e)
				}
				logp[s] = math.Log(z)
			}
			c.fromCentred()
			f := m.FreeEnergy(vs)
			var zc, zu float64
			for s := range 16 {
				zc += math.Exp(logp[s])
				zu += math.Exp(-f[s])
			}
			for s := range 16 {
				pc, pu := math.Exp(logp[s])/zc, math.Exp(-f[s])/zu
				if !(math.Abs(pc-pu) <= 1e-10) {
					t.Errorf("state %d: centred p %v, un-centred %v", s, pc, pu)
				}
			}
		})
	}
}

// The centred cost graph's gradients with respect to W and the centred
// biases are those of the cost by central differences, each perturbed
// model's cost computed from the un-centred free energies; and the graph's
// cost is the un-centred one.
func TestCenteredGradientByFiniteDifferences(t *testing.T) {
	for _, kind := range []string{"binary", "spin", "twolevel"} {
		t.Run(kind, func(t *testing.T) {
			m, c := centredModel(t, kind, 2)
			const rows = 6
			cost, err := graph.NewCenteredCost(tensor.Float64, c.vis, c.hid, m.W, rows, rows, c.mu, c.lambda)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 3))
			vd, vm := toStates(t, kind, randomBinary[float64](rng, rows, 4)), toStates(t, kind, randomBinary[float64](rng, rows, 4))
			uncentred := func() float64 {
				c.fromCentred()
				var s float64
				for _, f := range m.FreeEnergy(vd) {
					s += f / rows
				}
				for _, f := range m.FreeEnergy(vm) {
					s -= f / rows
				}
				return s
			}
			got, err := cost.Run(tensor.New(tensor.WithShape(rows, 4), tensor.WithBacking(vd)), tensor.New(tensor.WithShape(rows, 4), tensor.WithBacking(vm)))
			if err != nil {
				t.Fatal(err)
			}
			if want := uncentred(); !(math.Abs(got-want) <= 1e-10) {
				t.Errorf("centred cost %v, un-centred %v", got, want)
			}
			const h = 1e-6
			for i, p := range cost.Params() {
				g, err := cost.Grad(i)
				if err != nil {
					t.Fatal(err)
				}
				grad := append([]float64(nil), g.Data().([]float64)...)
				x := data[float64](p)
				for j := range x {
					old := x[j]
					x[j] = old + h
					up := uncentred()
					x[j] = old - h
					down := uncentred()
					x[j] = old
					fd := (up - down) / (2 * h)
					if !(math.Abs(grad[j]-fd) <= 1e-6*math.Max(1, math.Abs(fd))) {
						t.Errorf("∂/∂%s[%d]: autodiff %v, differences %v", p.Name, j, grad[j], fd)
					}
				}
			}
			if names := []string{cost.Params()[0].Name, cost.Params()[1].Name, cost.Params()[2].Name}; names[0] != m.Visible.Params()[0].Name || names[1] != "W" || names[2] != m.Hidden.Params()[0].Name {
				t.Errorf("parameters %v", names)
			}
		})
	}
}

// useCentering centres every trainer made.
func useCentering[T Float](t *testing.T, cfg CenterConfig) func(*Trainer[T]) {
	return func(tr *Trainer[T]) {
		if err := tr.Center(cfg); err != nil {
			t.Fatal(err)
		}
	}
}

// Centred training changes the course of training, keeps the model finite,
// and its offsets end inside the units' ranges; stopped and resumed from a
// checkpoint file, it gives the uninterrupted model bit for bit.
func TestCenteringResumesBitForBit(t *testing.T) {
	for _, cfg := range []CenterConfig{{Rate: 0.05}, {Rate: 0.2, ModelMeans: true}} {
		want := resumeWith(t, useCentering[float32](t, cfg), 0, 0)
		if sameBits(want, resumeWith[float32](t, func(*Trainer[float32]) {}, 0, 0)) {
			t.Fatal("centring trained the model plain PCD trains")
		}
		for _, x := range want {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				t.Fatalf("centred training gave %v", x)
			}
		}
		for _, stop := range [][2]int{{1, 1}, {2, 6}, {3, 9}} {
			if got := resumeWith(t, useCentering[float32](t, cfg), stop[0], stop[1]); !sameBits(want, got) {
				t.Errorf("%+v, stopped after batch %d of epoch %d: the resumed model differs", cfg, stop[1], stop[0])
			}
		}
	}
}

func TestCenteringOffsetsAndRefusals(t *testing.T) {
	m := tinyBinary[float64](t, 6, 4, 1)
	tr, err := NewTrainer(m, sgd[float64](t, 0.05), TrainConfig{K: 1, Persistent: true, BatchSize: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Center(CenterConfig{Rate: 0.5}); err != nil {
		t.Fatal(err)
	}
	if mu, _ := tr.Offsets(); mu != nil {
		t.Errorf("offsets %v before training", mu)
	}
	x := randomBinary[float64](rand.New(rand.NewPCG(4, 4)), 100, 6)
	if _, err := tr.Epoch(x, nil); err != nil {
		t.Fatal(err)
	}
	mu, lambda := tr.Offsets()
	if len(mu) != 6 || len(lambda) != 4 {
		t.Fatalf("offsets of %d and %d values", len(mu), len(lambda))
	}
	for _, o := range append(mu, lambda...) {
		if !(o > 0 && o < 1) {
			t.Errorf("offset %v outside (0, 1)", o)
		}
	}
	if err := tr.Center(CenterConfig{Rate: 0.5}); err == nil {
		t.Error("centred after an epoch")
	}
	for _, rate := range []float64{0, -1, 1.5, math.NaN()} {
		if err := (CenterConfig{Rate: rate}).Validate(); err == nil {
			t.Errorf("rate %v taken", rate)
		}
	}
	vis, _ := NewBinary[float64]("v", 3)
	hid, _ := NewReLU[float64]("h", 2)
	mr, _ := New[float64](vis, hid, rand.New(rand.NewPCG(1, 1)))
	tr2, err := NewTrainer(mr, sgd[float64](t, 0.05), TrainConfig{K: 1, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := tr2.Center(CenterConfig{Rate: 0.5}); err == nil {
		t.Error("relu hidden units centred")
	}
}
