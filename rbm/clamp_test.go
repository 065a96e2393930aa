package rbm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// exactConditional returns p(v_free | v_obs) of a binary model by listing
// the states of the free units of v (mask true: observed), indexed by the
// free units' bits in order, and the exact conditional means of every unit.
func exactConditional(m *rbm.RBM[float64], v []float64, mask []bool) (p, mean []float64) {
	var free []int
	for i, o := range mask {
		if !o {
			free = append(free, i)
		}
	}
	n := 1 << len(free)
	states := make([]float64, 0, n*len(v))
	for s := range n {
		x := append([]float64(nil), v...)
		for b, i := range free {
			x[i] = float64(s >> b & 1)
		}
		states = append(states, x...)
	}
	f := m.FreeEnergy(states)
	p = make([]float64, n)
	lo := math.Inf(1)
	for _, e := range f {
		lo = math.Min(lo, e)
	}
	var z float64
	for s, e := range f {
		p[s] = math.Exp(lo - e)
		z += p[s]
	}
	mean = make([]float64, len(v))
	for s := range p {
		p[s] /= z
		for i := range v {
			mean[i] += p[s] * states[s*len(v)+i]
		}
	}
	return p, mean
}

// The clamped chain draws the free units from the exact conditional
// p(v_free | v_obs), its averaged means are the exact conditional means,
// and the observed units never change.
func TestClampedMatchesExactConditional(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := rbmtest.BinaryModel[float64](t, 6, 4, rng)
	rbmtest.Randomize(m, 1, rng)
	mask := []bool{true, false, false, true, true, false}
	obs := []float64{1, 0.5, 0.5, 0, 1, 0.5} // free values are not read
	exact, exactMean := exactConditional(m, obs, mask)

	const chains, burn, draws = 2000, 20, 40
	c, err := rbm.NewClamped(m, slices.Repeat(obs, chains), mask, 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	count := make([]float64, len(exact))
	mean, sum := make([]float64, len(c.Chains.V)), make([]float64, 6)
	for step := range burn + draws {
		c.Gibbs(1)
		for i, x := range c.Chains.V {
			if mask[i%6] && x != obs[i%6] {
				t.Fatalf("step %d: observed unit %d of chain %d is %v, held at %v", step, i%6, i/6, x, obs[i%6])
			}
		}
		if step < burn {
			continue
		}
		c.Mean(mean)
		for r := range chains {
			s := 0
			for b, i := range []int{1, 2, 5} {
				s |= int(c.Chains.V[r*6+i]) << b
			}
			count[s]++
			for i := range 6 {
				sum[i] += mean[r*6+i]
			}
		}
	}
	tv := totalVariation(count, exact)
	// 80,000 draws over 8 states: sampling alone gives a distance near 0.004.
	if !(tv < 0.015) {
		t.Errorf("total variation distance to the exact conditional %v ≥ 0.015 (counts %v, exact %v)", tv, count, exact)
	}
	for i := range sum {
		got := sum[i] / (chains * draws)
		if !(math.Abs(got-exactMean[i]) < 0.01) {
			t.Errorf("unit %d: averaged conditional mean %v, exact %v", i, got, exactMean[i])
		}
	}
}

func TestClampedRefusals(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m := rbmtest.BinaryModel[float64](t, 4, 3, rng)
	vis, visErr := rbm.NewPotts[float64]("v", 2, 3)
	hid, hidErr := rbm.NewBinary[float64]("h", 2)
	potts := rbmtest.NewModel[float64](t, vis, hid, rng, visErr, hidErr)
	for _, c := range []struct {
		name string
		m    *rbm.RBM[float64]
		v    []float64
		mask []bool
		want string
	}{
		{"rows", m, make([]float64, 6), make([]bool, 4), "not whole rows"},
		{"empty", m, nil, make([]bool, 4), "not whole rows"},
		{"mask", m, make([]float64, 8), make([]bool, 3), "a mask of 3 flags"},
		{"NaN", m, []float64{0, math.NaN(), 0, 0}, []bool{true, true, false, false}, "observed value NaN"},
		{"Inf", m, []float64{0, 0, 0, math.Inf(1)}, []bool{false, false, false, true}, "observed value +Inf"},
		{"site", potts, make([]float64, 6), []bool{true, true, false, false, false, false}, "splits the site"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := rbm.NewClamped(c.m, c.v, c.mask, 1, 0)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
	// A free NaN is not read.
	if _, err := rbm.NewClamped(m, []float64{0, math.NaN(), 0, 0}, []bool{true, false, true, true}, 1, 0); err != nil {
		t.Errorf("a NaN at a free unit: %v", err)
	}
}

// Complete the last two units of a pattern: hold the first four, run the
// clamped chains and average the conditional means over the steps.
func ExampleClamped() {
	rng := rand.New(rand.NewPCG(1, 2))
	vis, _ := rbm.NewBinary[float64]("v", 6)
	hid, _ := rbm.NewBinary[float64]("h", 1)
	m, _ := rbm.New(vis, hid, rng)
	// One hidden unit that switches units 0, 1, 4 and 5 on together.
	copy(m.Weights(), []float64{4, 4, 0, 0, 4, 4})
	copy(vis.Bias.Value.Data().([]float64), []float64{-2, -2, 0, 0, -2, -2})
	hid.Bias.Value.Data().([]float64)[0] = -4

	observed := []bool{true, true, true, true, false, false}
	c, err := rbm.NewClamped(m, []float64{1, 1, 0, 1, 0, 0}, observed, 1, 0)
	if err != nil {
		panic(err)
	}
	mean, avg := make([]float64, 6), make([]float64, 6)
	const steps = 2000
	for range steps {
		c.Gibbs(1)
		c.Mean(mean)
		for i := range avg {
			avg[i] += mean[i] / steps
		}
	}
	fmt.Printf("units 4 and 5 given 1 1 0 1: %.1f %.1f\n", avg[4], avg[5])
	// Output: units 4 and 5 given 1 1 0 1: 0.9 0.9
}

// Potts visible units, a site observed and two free: the clamped chains
// draw the free sites from the conditional listed exactly.
func TestClampedPottsMatchesExactConditional(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 7))
	vis, err := rbm.NewPotts[float64]("v", 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	hid, _ := rbm.NewBinary[float64]("h", 3)
	m, err := rbm.New[float64](vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	rbmtest.Randomize(m, 1, rng)
	mask := []bool{true, true, true, false, false, false, false, false, false}
	obs := []float64{0, 0, 1, 0, 0, 0, 0, 0, 0}
	// The 9 states of the free sites 1 and 2, state s = 3·a + b.
	states := make([]float64, 0, 9*9)
	for s := range 9 {
		x := append([]float64(nil), obs...)
		x[3+s/3], x[6+s%3] = 1, 1
		states = append(states, x...)
	}
	f := m.FreeEnergy(states)
	exact := make([]float64, 9)
	var z float64
	for s := range exact {
		exact[s] = math.Exp(-f[s])
		z += exact[s]
	}
	const chains, burn, draws = 2000, 20, 40
	c, err := rbm.NewClamped(m, slices.Repeat(obs, chains), mask, 8, 0)
	if err != nil {
		t.Fatal(err)
	}
	count := make([]float64, 9)
	for step := range burn + draws {
		c.Gibbs(1)
		if step < burn {
			continue
		}
		for r := range chains {
			row := c.Chains.V[r*9 : (r+1)*9]
			if row[0] != 0 || row[1] != 0 || row[2] != 1 {
				t.Fatalf("step %d: the observed site of chain %d is %v", step, r, row[:3])
			}
			a, b := slices.Index(row[3:6], 1), slices.Index(row[6:9], 1)
			count[3*a+b]++
		}
	}
	for s := range exact {
		exact[s] /= z
	}
	tv := totalVariation(count, exact)
	if !(tv < 0.015) {
		t.Errorf("total variation distance to the exact conditional %v ≥ 0.015 (counts %v)", tv, count)
	}
}

// totalVariation returns the total variation distance between the
// frequencies of the counts and the probabilities p.
func totalVariation(count, p []float64) float64 {
	n := 0.0
	for _, c := range count {
		n += c
	}
	tv := 0.0
	for s := range count {
		tv += math.Abs(count[s]/n-p[s]) / 2
	}
	return tv
}
