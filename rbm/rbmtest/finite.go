package rbmtest

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/rbm"
)

// checkFinite holds the units of a finite list of states to their site
// energies: the energy is their sum, the cgf and the mean are exact sums
// over the states, and the draws' frequencies fit the exact probabilities.
func checkFinite[T rbm.Float](l, ref rbm.Layer[T], fin rbm.Finite, x, in, draws []T, tol float64) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	se, ok := ref.(interface{ SiteEnergies() ([][]float64, error) })
	if !ok {
		return []error{fmt.Errorf("the reference layer %T has no site energies", ref)}
	}
	e, err := se.SiteEnergies()
	if err != nil {
		return []error{err}
	}
	per, states := fin.SiteStates()
	n := l.Len()
	sites := n / per
	// Energy of the all-state-0 row, and of each row as a sum over sites.
	zero := make([]T, n)
	for s := range sites {
		for i, v := range states[0] {
			zero[s*per+i] = T(v)
		}
	}
	e0 := ref.Energy(zero)
	for r := 0; r*n < len(x); r++ {
		sum := e0
		for s := range sites {
			sum += e[s][stateOf(x[r*n+s*per:r*n+(s+1)*per], states)]
		}
		if got := ref.Energy(x[r*n : (r+1)*n]); !near(got, sum, 10*tol) {
			fail("the energy of row %d is %v, the sum of its sites' energies %v: the energy is not a sum over sites", r, got, sum)
			break
		}
	}
	// The cgf and the mean, exactly.
	p := make([]float64, len(states))
rows:
	for r := 0; r*n < len(in); r++ {
		row := in[r*n : (r+1)*n]
		cgf := -e0
		mean := make([]float64, n)
		for s := range sites {
			cgf += logProbabilities(e[s], states, row[s*per:(s+1)*per], p)
			for k, st := range states {
				for i, v := range st {
					mean[s*per+i] += p[k] * v
				}
			}
		}
		if got := ref.CGF(row); !near(got, cgf, 10*tol) {
			fail("the cgf expression of row %d is %v, the log of the sum over states %v", r, got, cgf)
			break rows
		}
		got := make([]T, n)
		l.Mean(row, got)
		for i := range got {
			if !near(float64(got[i]), mean[i], 10*tol) {
				fail("Mean of unit %d of row %d is %v, the states' mean is %v", i, r, got[i], mean[i])
				break rows
			}
		}
	}
	// The sampler: a chi-square test of the counts of each site's states.
	one := in[:n]
	var chi2 float64
	var df int
	counts := make([]float64, len(states))
	for s := range sites {
		logProbabilities(e[s], states, one[s*per:(s+1)*per], p)
		clear(counts)
		for r := 0; r*n < len(draws); r++ {
			k := stateOf(draws[r*n+s*per:r*n+(s+1)*per], states)
			if k < 0 {
				fail("Sample drew %v at site %d, not one of the states", draws[r*n+s*per:r*n+(s+1)*per], s)
				return errs
			}
			counts[k]++
		}
		cells := 0
		for k, c := range counts {
			want := p[k] * Draws
			switch {
			case want >= 5:
				chi2 += (c - want) * (c - want) / want
				cells++
			case c > want+5*math.Sqrt(want)+5:
				fail("Sample drew state %d at site %d %v times of %d, expected %.3g", k, s, c, Draws, want)
			}
		}
		df += max(cells-1, 0)
	}
	if limit := float64(df) + 5*math.Sqrt(2*float64(df)) + 5; chi2 > limit {
		fail("Sample's frequencies depart from the exact probabilities: chi-square %.1f on %d degrees of freedom (limit %.1f)", chi2, df, limit)
	}
	return errs
}

// stateOf returns the index of the state site holds, or -1.
func stateOf[T rbm.Float](site []T, states [][]float64) int {
	for k, st := range states {
		eq := true
		for i, v := range st {
			eq = eq && float64(site[i]) == v
		}
		if eq {
			return k
		}
	}
	return -1
}

// logProbabilities writes into p the probabilities of the states of a site
// of energies e given its inputs, and returns the log of their normalizer.
func logProbabilities[T rbm.Float](e []float64, states [][]float64, in []T, p []float64) float64 {
	for k, st := range states {
		a := -e[k]
		for i, v := range st {
			a += v * float64(in[i])
		}
		p[k] = a
	}
	return special.Softmax(p)
}

// checkDraws holds a continuous sampler's draws, all at inputs one, to the
// derived mean and to the variance its derivative gives.
func checkDraws[T rbm.Float](ref rbm.Layer[T], one, draws []T) []error {
	n := len(one)
	mean := make([]T, n)
	ref.Mean(one, mean)
	const h = 1e-2
	up, down := make([]T, n), make([]T, n)
	mu, md := make([]T, n), make([]T, n)
	var errs []error
	for i := range n {
		copy(up, one)
		copy(down, one)
		up[i] += h
		down[i] -= h
		ref.Mean(up, mu)
		ref.Mean(down, md)
		variance := (float64(mu[i]) - float64(md[i])) / (2 * h)
		var s, s2, s4 float64
		rowsN := float64(len(draws) / n)
		for r := 0; r*n < len(draws); r++ {
			s += float64(draws[r*n+i])
		}
		m := s / rowsN
		for r := 0; r*n < len(draws); r++ {
			d := float64(draws[r*n+i]) - m
			s2 += d * d
			s4 += d * d * d * d
		}
		v := s2 / (rowsN - 1)
		if z := (m - float64(mean[i])) / math.Sqrt(v/rowsN); !(math.Abs(z) < 5) {
			errs = append(errs, fmt.Errorf("Sample's mean of unit %d is %.4g, the derived mean %.4g (z = %.1f)", i, m, float64(mean[i]), z))
			break
		}
		seV := math.Sqrt(math.Max(s4/rowsN-v*v, 0)/rowsN) + 1e-3*variance
		if z := (v - variance) / seV; !(math.Abs(z) < 5) {
			errs = append(errs, fmt.Errorf("Sample's variance of unit %d is %.4g, ∂mean/∂input %.4g (z = %.1f)", i, v, variance, z))
			break
		}
	}
	return errs
}
