package rbm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/internal/testutil"
)

// Long Gibbs runs visit the visible states with their exact probabilities
// exp(-F(v))/Z (Pearson's chi-square test, fixed seed).
func TestGibbsMatchesExactDistribution(t *testing.T) {
	for _, dt := range []string{"float64", "float32"} {
		t.Run(dt, func(t *testing.T) {
			const nv, nh = 4, 3
			if dt == "float32" {
				chiSquareGibbs[float32](t, tinyBinary[float32](t, nv, nh, 11))
			} else {
				chiSquareGibbs[float64](t, tinyBinary[float64](t, nv, nh, 11))
			}
		})
	}
}

func chiSquareGibbs[T Float](t *testing.T, m *RBM[T]) {
	nv := m.Visible.Len()
	for _, p := range m.Params() { // keep the chain mixing quickly
		d := data[T](p)
		for i := range d {
			d[i] *= 0.5
		}
	}
	const chains, burn, records, gap = 500, 50, 40, 5
	c, err := NewChains(m, chains, 42, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, 1<<nv)
	c.GibbsVHV(burn)
	for range records {
		c.GibbsVHV(gap)
		for r := 0; r < chains; r++ {
			s := 0
			for i := 0; i < nv; i++ {
				if c.V[r*nv+i] == 1 {
					s |= 1 << i
				}
			}
			counts[s]++
		}
	}
	f := m.FreeEnergy(allStates[T](nv))
	neg := make([]float64, len(f))
	for i := range f {
		neg[i] = -f[i]
	}
	logZ := special.LogSumExp(neg)
	total := float64(chains * records)
	var chi2 float64
	for s, n := range counts {
		want := total * math.Exp(neg[s]-logZ)
		chi2 += (n - want) * (n - want) / want
	}
	// 15 degrees of freedom: P(chi2 > 37.7) = 0.001.
	if !(chi2 <= 37.7) {
		t.Errorf("chi-square %.1f over 15 degrees of freedom: the chains do not sample exp(-F)", chi2)
	}
	// A wrong sampler must fail: compare with a uniform distribution.
	var chiUniform float64
	for _, n := range counts {
		want := total / float64(len(counts))
		chiUniform += (n - want) * (n - want) / want
	}
	if !(chiUniform >= 100) {
		t.Fatalf("the test cannot tell the model from uniform (chi-square %.1f)", chiUniform)
	}
}

func TestPseudoLikelihoodMatchesBruteForce(t *testing.T) {
	const nv, nh = 5, 3
	m := tinyBinary[float64](t, nv, nh, 13)
	rng := rand.New(rand.NewPCG(13, 0))
	v := make([]float64, 6*nv)
	for i := range v {
		v[i] = rng.Float64() // rounded by the monitor, as the tutorial does
	}
	var exact float64
	perBit := make([]float64, nv)
	for r := 0; r < 6; r++ {
		x := make([]float64, nv)
		for i := range x {
			x[i] = math.Round(v[r*nv+i])
		}
		for i := 0; i < nv; i++ {
			y := append([]float64(nil), x...)
			y[i] = 1 - y[i]
			fx, fy := bruteF(m, x), bruteF(m, y)
			lp := -fx - math.Log(math.Exp(-fx)+math.Exp(-fy))
			exact += lp / 6
			perBit[i] += nv * lp / 6
		}
	}
	got, err := m.PseudoLikelihood(v, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !testutil.CloseTo(got, exact, 1e-12) {
		t.Errorf("exact pseudo-likelihood %g, brute force %g", got, exact)
	}
	for i := 0; i < nv; i++ {
		got, err := m.PseudoLikelihood(v, i)
		if err != nil {
			t.Fatal(err)
		}
		if !testutil.CloseTo(got, perBit[i], 1e-12) {
			t.Errorf("stochastic pseudo-likelihood on bit %d: %g, brute force %g", i, got, perBit[i])
		}
	}
	if _, err := m.PseudoLikelihood(v, nv); err == nil {
		t.Error("bit out of range accepted")
	}
}

// bruteF is the free energy by enumeration of the hidden states.
func bruteF(m *RBM[float64], v []float64) float64 {
	nh := m.Hidden.Len()
	hs := allStates[float64](nh)
	var negE []float64
	for s := 0; s < 1<<nh; s++ {
		negE = append(negE, -m.Energy(v, hs[s*nh:(s+1)*nh]))
	}
	return -special.LogSumExp(negE)
}

func TestReconstructionCrossEntropy(t *testing.T) {
	m := tinyBinary[float64](t, 4, 2, 17)
	v := []float64{0, 0.25, 1, 0.5}
	vin := []float64{-3, 0.5, 2, 40}
	bias := data[float64](m.Visible.Params()[0])
	var want float64
	for i := range v {
		p := 1 / (1 + math.Exp(-(vin[i] + bias[i])))
		want -= v[i]*math.Log(p) + (1-v[i])*math.Log(1-p)
	}
	if got := m.ReconstructionCrossEntropy(v, vin); !testutil.CloseTo(got, want, 1e-12) {
		t.Errorf("cross-entropy %g, want %g", got, want)
	}
	// No log(0) for saturated units.
	if got := m.ReconstructionCrossEntropy([]float64{1, 0, 1, 0}, []float64{1e4, -1e4, -1e4, 1e4}); math.IsInf(got, 0) || math.IsNaN(got) {
		t.Errorf("saturated units give %g", got)
	}
}
