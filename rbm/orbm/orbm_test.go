package orbm

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

func TestNewRefuses(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	good := randomModel(t, 6, 3, 1, 1, rng)
	other := randomModel(t, 5, 3, 1, 1, rng)
	gv, gvErr := rbm.NewGaussian[float64]("v", 6)
	hb, hbErr := rbm.NewBinary[float64]("h", 3)
	gauss := rbmtest.NewModel[float64](t, gv, hb, rng, gvErr, hbErr)
	for _, c := range []struct {
		name string
		a, b *rbm.RBM[float64]
		want string
	}{
		{"nil", nil, good, "two models"},
		{"sizes", good, other, "visible units"},
		{"gaussian", good, gauss, "binary"},
	} {
		if _, err := New(c.a, c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(2, 1))
	pa, pb, pc := filepath.Join(dir, "a.npz"), filepath.Join(dir, "b.npz"), filepath.Join(dir, "c.npz")
	for _, f := range []struct {
		path string
		nv   int
	}{{pa, 6}, {pb, 6}, {pc, 7}} {
		if err := rbm.Save(f.path, randomModel(t, f.nv, 3, 1, 1, rng), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load[float32](pa, pb); err != nil {
		t.Fatalf("loading two good models: %v", err)
	}
	for _, c := range []struct{ a, b, want string }{
		{pa, pc, "visible units"},
		{pa, filepath.Join(dir, "missing.npz"), "model B"},
	} {
		if _, err := Load[float64](c.a, c.b); err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%s, %s): error %v, want one line mentioning %q", c.a, c.b, err, c.want)
		}
	}
}

// TestExactPsi holds the sampler's exact unit input against the difference
// of log-joints with the unit on and off, for small and huge inputs.
func TestExactPsi(t *testing.T) {
	for _, c := range []struct {
		name       string
		wstd, bstd float64
		tol        float64
	}{
		{"small", 1, 1, 1e-9},
		{"large", 8, 20, 1e-8},
		{"huge", 60, 500, 1e-6},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := randomORBM(t, 20, 4, 5, c.wstd, c.bstd, 3)
			a, b := newSide(o.A), newSide(o.B)
			rng := rand.New(rand.NewPCG(4, 4))
			for trial := 0; trial < 20; trial++ {
				v, ha, hb := randomBits(20, rng), randomBits(4, rng), randomBits(5, rng)
				pa, pb := make([]float64, 20), make([]float64, 20)
				a.phi(ha, pa)
				b.phi(hb, pb)
				ea, eb := make([]float64, 20), make([]float64, 20)
				for i := range pa {
					ea[i], eb[i] = expClamped(pa[i]), expClamped(pb[i])
				}
				bound := 0.0
				for i := range pa {
					bound = max(bound, abs(pa[i])+abs(pb[i]))
				}
				within := bound <= expLimit-2*a.maxAbsW
				vin := make([]float64, len(ha))
				for j := range vin {
					vin[j] = dot(a.wt[j*20:(j+1)*20], v)
				}
				for j := range ha {
					got := exactPsi(a, j, v, vin, ha, pa, pb, ea, eb, 0)
					if within {
						if fast := exactPsi(a, j, v, vin, ha, pa, pb, ea, eb, a.blockFor(bound)); math.Abs(fast-got) > 1e-9*max(1, math.Abs(got)) {
							t.Fatalf("unit %d: checked ψ %v, unchecked %v", j, got, fast)
						}
					}
					on, off := append([]float64(nil), ha...), append([]float64(nil), ha...)
					on[j], off[j] = 1, 0
					want := logJoint(a, b, v, on, hb) - logJoint(a, b, v, off, hb)
					if !finite(got) || math.Abs(got-want) > c.tol*max(1, math.Abs(want)) {
						t.Fatalf("unit %d: ψ = %v, log-joint difference %v", j, got, want)
					}
				}
			}
		})
	}
}

// TestCorrectionsFinite checks every method's correction for inputs up to
// ±1000 and weights up to ±50.
func TestCorrectionsFinite(t *testing.T) {
	vals := []float64{-1000, -700, -40, -3, 0, 3, 40, 700, 1000}
	for _, m := range Methods() {
		for _, p := range vals {
			for _, q := range vals {
				for _, w := range []float64{-50, -3, 0, 1e-9, 3, 50} {
					for _, h := range []float64{0, 1} {
						if c := m.Correction(p, q, w, h); !finite(c) || math.Abs(c) > math.Abs(w)+1e-9 {
							t.Fatalf("%v: C(φA=%v, φB=%v, W=%v, h=%v) = %v", m, p, q, w, h, c)
						}
					}
				}
			}
		}
	}
}

// TestApproxBEqualsC: the local form (c) uses φA − ĥW = φA0 + W/2, so it is
// approximation (b) computed from the current input.
func TestApproxBEqualsC(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for range 1000 {
		p, q, w := 20*rng.NormFloat64(), 20*rng.NormFloat64(), 5*rng.NormFloat64()
		h := float64(rng.IntN(2))
		b, c := ApproxB.Correction(p, q, w, h), ApproxC.Correction(p, q, w, h)
		if math.Abs(b-c) > 1e-12*max(1, math.Abs(w)) {
			t.Fatalf("φA=%v φB=%v W=%v h=%v: (b) %v, (c) %v", p, q, w, h, b, c)
		}
	}
}

func TestGain(t *testing.T) {
	for _, c := range []struct{ w, want float64 }{
		{-10, 0.394645719261}, {0, 1}, {1e-8, 1}, {3, 4 * (2/(1+math.Exp(-1.5)) - 1) / 3},
	} {
		if got := Gain(c.w); math.Abs(got-c.want) > 1e-11 {
			t.Errorf("Gain(%v) = %.12f, want %.12f", c.w, got, c.want)
		}
	}
}

func TestParseMethod(t *testing.T) {
	for _, m := range Methods() {
		got, err := ParseMethod(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMethod(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseMethod("d"); err == nil {
		t.Error("unknown method accepted")
	}
}

// TestSamplerReproducible: the same seed gives the same states whatever the
// number of cores and the blocks of rows the exact sweep advances together,
// and the states stay finite for huge inputs.
func TestSamplerReproducible(t *testing.T) {
	defer func(b int) { rowBlock = b }(rowBlock)
	v := make([]float64, 8*30)
	rng := rand.New(rand.NewPCG(7, 7))
	copy(v, randomBits(len(v), rng))
	for _, c := range []struct {
		name       string
		wstd, bstd float64
	}{{"moderate", 1, 1}, {"huge", 40, 300}} {
		o := randomORBM(t, 30, 6, 7, c.wstd, c.bstd, 6)
		for _, m := range Methods() {
			var first []float64
			for _, run := range []struct{ procs, block int }{{1, 4}, {2, 4}, {1, 1}, {2, 3}} {
				procs := run.procs
				rowBlock = run.block
				s, err := NewSampler(o, m, 8, 11)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.SetVisible(v); err != nil {
					t.Fatal(err)
				}
				withProcs(procs, func() { s.Sweeps(5) })
				got := append(append([]float64(nil), s.HA...), s.HB...)
				for i, x := range append(append([]float64(nil), s.PhiA...), s.PhiB...) {
					if !finite(x) {
						t.Fatalf("%v: φ[%d] = %v", m, i, x)
					}
				}
				if first == nil {
					first = got
				} else if !slices.Equal(first, got) {
					t.Errorf("%s %v: states differ with %d cores and blocks of %d rows", c.name, m, procs, run.block)
				}
			}
		}
	}
}
