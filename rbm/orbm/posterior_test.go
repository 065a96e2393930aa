package orbm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// chiSquare returns the chi-square statistic and p-value of counts against
// the probabilities p, pooling the states whose expected count is below 5.
func chiSquare(counts []int, p []float64) (stat float64, df int, pval float64) {
	n := 0
	for _, c := range counts {
		n += c
	}
	var poolObs, poolExp float64
	bins := 0
	for k, c := range counts {
		e := p[k] * float64(n)
		if e < 5 {
			poolObs += float64(c)
			poolExp += e
			continue
		}
		stat += (float64(c) - e) * (float64(c) - e) / e
		bins++
	}
	if poolExp > 0 {
		stat += (poolObs - poolExp) * (poolObs - poolExp) / poolExp
		bins++
	}
	df = bins - 1
	return stat, df, mathext.GammaIncRegComp(float64(df)/2, stat/2)
}

// draws runs n independent chains of method m from the RBMs-alone start for
// sweeps sweeps and counts their final joint states.
func draws(t *testing.T, o *ORBM[float64], m Method, v []float64, n, sweeps int, seed uint64) []int {
	s, err := NewSampler(o, m, n, seed)
	if err != nil {
		t.Fatal(err)
	}
	vv := make([]float64, 0, n*len(v))
	for range n {
		vv = append(vv, v...)
	}
	if err := s.SetVisible(vv); err != nil {
		t.Fatal(err)
	}
	s.Sweeps(sweeps)
	na, nb := o.HiddenA(), o.HiddenB()
	counts := make([]int, 1<<(na+nb))
	for r := range n {
		counts[StateIndex(s.HA[r*na:(r+1)*na], s.HB[r*nb:(r+1)*nb])]++
	}
	return counts
}

// tinyCases are the small models of the exact checks.
var tinyCases = []struct {
	name       string
	nv, na, nb int
	wstd, bstd float64
	seed       uint64
}{
	{"8x3x3 W~N(0,1)", 8, 3, 3, 1, 1, 21},
	{"8x4x4 W~N(0,2²)", 8, 4, 4, 2, 1, 22},
	{"6x2x2 W~N(0,3²)", 6, 2, 2, 3, 0.5, 23},
}

// TestExactSamplerChiSquare: 20000 independent chains of 20 exact sweeps
// have the exact posterior's state frequencies.
func TestExactSamplerChiSquare(t *testing.T) {
	for _, c := range tinyCases {
		t.Run(c.name, func(t *testing.T) {
			o := randomORBM(t, c.nv, c.na, c.nb, c.wstd, c.bstd, c.seed)
			rng := rand.New(rand.NewPCG(c.seed, 9))
			v := randomBits(c.nv, rng)
			post, err := o.Posterior(v)
			if err != nil {
				t.Fatal(err)
			}
			counts := draws(t, o, Exact, v, 20000, 20, c.seed)
			stat, df, p := chiSquare(counts, post)
			t.Logf("chi-square %.2f, %d degrees of freedom, p = %.3f", stat, df, p)
			if !(p > 1e-3) {
				t.Errorf("exact sampler: chi-square %.2f on %d df, p = %g", stat, df, p)
			}
		})
	}
}

// TestChiSquareRejects: the same test tells a wrong distribution apart (the
// RBMs-alone start, no sweeps), so a broken sampler fails.
func TestChiSquareRejects(t *testing.T) {
	c := tinyCases[1]
	o := randomORBM(t, c.nv, c.na, c.nb, c.wstd, c.bstd, c.seed)
	v := randomBits(c.nv, rand.New(rand.NewPCG(c.seed, 9)))
	post, err := o.Posterior(v)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, p := chiSquare(draws(t, o, Exact, v, 20000, 0, 1), post); !(p < 1e-6) {
		t.Errorf("draws of the RBMs alone pass as the posterior: p = %g", p)
	}
}

// TestApproximationTV: the exact stationary distribution of every method's
// chain (from its transition matrix) against the posterior, averaged over
// visible states; the exact chain's must be zero, the others' below that of
// the RBMs explaining v alone, and
// each chain's sample frequencies must match its own stationary distribution.
// ORBM_TV_TABLE=1 prints the README's table.
func TestApproximationTV(t *testing.T) {
	var table strings.Builder
	table.WriteString("| model | RBMs alone | " + strings.Join(MethodNames(), " | ") + " |\n|---|---|" + strings.Repeat("---|", len(Methods())) + "\n")
	for _, c := range tinyCases {
		o := randomORBM(t, c.nv, c.na, c.nb, c.wstd, c.bstd, c.seed)
		rng := rand.New(rand.NewPCG(c.seed, 10))
		const nvis = 8
		tv := make([]float64, len(Methods()))
		alone := 0.0
		for range nvis {
			v := randomBits(c.nv, rng)
			post, err := o.Posterior(v)
			if err != nil {
				t.Fatal(err)
			}
			alone += TotalVariation(aloneDistribution(o, v), post) / nvis
			for k, m := range Methods() {
				pi, err := o.Stationary(m, v)
				if err != nil {
					t.Fatal(err)
				}
				d := TotalVariation(pi, post)
				if !finite(d) {
					t.Fatalf("%s %v: TV %v", c.name, m, d)
				}
				tv[k] += d / nvis
			}
		}
		if tv[0] > 1e-12 {
			t.Errorf("%s: the exact chain's stationary distribution is %g from the posterior", c.name, tv[0])
		}
		fmt.Fprintf(&table, "| %s | %.3f |", c.name, alone)
		for k, m := range Methods() {
			if !(tv[k] < alone) {
				t.Errorf("%s %v: mean TV %.3f, no better than the RBMs alone (%.3f)", c.name, m, tv[k], alone)
			}
			fmt.Fprintf(&table, " %.3f |", tv[k])
		}
		table.WriteString("\n")
	}
	// The layer-wise samplers draw from the chains Stationary analyses.
	c := tinyCases[0]
	o := randomORBM(t, c.nv, c.na, c.nb, c.wstd, c.bstd, c.seed)
	v := randomBits(c.nv, rand.New(rand.NewPCG(c.seed, 11)))
	for _, m := range Methods()[1:] {
		pi, err := o.Stationary(m, v)
		if err != nil {
			t.Fatal(err)
		}
		if _, df, p := chiSquare(draws(t, o, m, v, 20000, 20, 3), pi); !(p > 1e-3) {
			t.Errorf("%v sampler: chi-square against its own stationary distribution, %d df, p = %g", m, df, p)
		}
	}
	if os.Getenv("ORBM_TV_TABLE") != "" {
		fmt.Print(table.String())
	}
	_ = math.Abs
}

// aloneDistribution is P_A(hA | v)·P_B(hB | v): each RBM explaining v alone.
func aloneDistribution(o *ORBM[float64], v []float64) []float64 {
	a, b := newSide(o.A), newSide(o.B)
	out := make([]float64, 1<<(a.nh+b.nh))
	for k := range out {
		hA, hB := State(k, a.nh, b.nh)
		p := 1.0
		for _, x := range []struct {
			s *side
			h []float64
		}{{a, hA}, {b, hB}} {
			for j, hj := range x.h {
				psi := x.s.c[j] + dot(x.s.wt[j*x.s.nv:(j+1)*x.s.nv], v)
				if hj == 1 {
					p *= sigmoid(psi)
				} else {
					p *= sigmoid(-psi)
				}
			}
		}
		out[k] = p
	}
	return out
}
