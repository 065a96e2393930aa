package likelihood

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/rbm"
)

// fittedBaseRate returns the base-rate input of finite units of any energy:
// for each site, the input d whose distribution p(s) ∝ exp(-e(s) + s·d)
// has the mean of the smoothed frequencies of the site's states in data
// (the maximum-likelihood member of that family), found by damped Newton
// steps on the convex log-partition.
func fittedBaseRate[T rbm.Float](l rbm.Layer[T], fin rbm.Finite, data []T, rows int) ([]float64, error) {
	e, err := rbm.SiteEnergies(l)
	if err != nil {
		return nil, fmt.Errorf("likelihood: base-rate model: %w", err)
	}
	per, states := fin.SiteStates()
	nv := l.Len()
	K := len(states)
	base := make([]float64, nv)
	counts := make([]float64, K)
	target := make([]float64, per)
	for s := range nv / per {
		clear(counts)
		for r := range rows {
			site := data[r*nv+s*per : r*nv+(s+1)*per]
			for k, st := range states {
				if sameState(site, st) {
					counts[k]++
					break
				}
			}
		}
		clear(target)
		for k, st := range states {
			pi := (counts[k] + 0.5) / (float64(rows) + 0.5*float64(K))
			for i, x := range st {
				target[i] += pi * x
			}
		}
		d, err := fitSite(e[s], states, target)
		if err != nil {
			return nil, fmt.Errorf("likelihood: base-rate model, site %d: %w", s, err)
		}
		copy(base[s*per:], d)
	}
	return base, nil
}

func sameState[T rbm.Float](site []T, st []float64) bool {
	for i, x := range st {
		if float64(site[i]) != x {
			return false
		}
	}
	return true
}

// siteMoments returns the log-partition A(d) of a site of energies e at
// input d, and writes its mean into mu and its covariance into cov (per×per).
func siteMoments(e []float64, states [][]float64, d, mu, cov, p []float64) float64 {
	for k, st := range states {
		a := -e[k]
		for i, x := range st {
			a += x * d[i]
		}
		p[k] = a
	}
	logZ := special.Softmax(p)
	per := len(d)
	clear(mu)
	clear(cov)
	for k, st := range states {
		for i, x := range st {
			mu[i] += p[k] * x
			for j, y := range st {
				cov[i*per+j] += p[k] * x * y
			}
		}
	}
	for i := range per {
		for j := range per {
			cov[i*per+j] -= mu[i] * mu[j]
		}
	}
	return logZ
}

// fitSite minimises A(d) - d·target by Levenberg–Marquardt steps: the
// gradient is mean - target, the Hessian the covariance.
func fitSite(e []float64, states [][]float64, target []float64) ([]float64, error) {
	per := len(target)
	d, trial := make([]float64, per), make([]float64, per)
	mu, cov := make([]float64, per), make([]float64, per*per)
	mu2, cov2 := make([]float64, per), make([]float64, per*per)
	p := make([]float64, len(states))
	step := make([]float64, per)
	obj := func(d, mu, cov []float64) float64 {
		a := siteMoments(e, states, d, mu, cov, p)
		for i, t := range target {
			a -= d[i] * t
		}
		return a
	}
	f := obj(d, mu, cov)
	lambda := 1e-3
	for range 500 {
		g := 0.0
		for i := range mu {
			g = math.Max(g, math.Abs(mu[i]-target[i]))
		}
		if g < 1e-12 {
			return d, nil
		}
		a := make([]float64, per*per)
		for i := range per {
			for j := range per {
				a[i*per+j] = cov[i*per+j]
			}
			a[i*per+i] += lambda
			step[i] = target[i] - mu[i]
		}
		if !solve(a, step, per) {
			lambda *= 10
			continue
		}
		for i := range d {
			trial[i] = d[i] + step[i]
		}
		if ft := obj(trial, mu2, cov2); ft <= f {
			copy(d, trial)
			copy(mu, mu2)
			copy(cov, cov2)
			f = ft
			lambda = math.Max(lambda/10, 1e-15)
		} else {
			lambda *= 10
		}
		if math.IsNaN(f) || lambda > 1e15 {
			break
		}
	}
	for i := range mu {
		if !(math.Abs(mu[i]-target[i]) < 1e-6) {
			return nil, fmt.Errorf("no input gives the mean %v (reached %v)", target, mu)
		}
	}
	return d, nil
}

// solve solves a·x = b in place (b becomes x) for a per×per matrix by
// Gaussian elimination with partial pivoting; false if a is singular.
func solve(a, b []float64, n int) bool {
	for c := range n {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[piv*n+c]) {
				piv = r
			}
		}
		if a[piv*n+c] == 0 {
			return false
		}
		if piv != c {
			for k := range n {
				a[c*n+k], a[piv*n+k] = a[piv*n+k], a[c*n+k]
			}
			b[c], b[piv] = b[piv], b[c]
		}
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] / a[c*n+c]
			for k := c; k < n; k++ {
				a[r*n+k] -= f * a[c*n+k]
			}
			b[r] -= f * b[c]
		}
	}
	for c := n - 1; c >= 0; c-- {
		for k := c + 1; k < n; k++ {
			b[c] -= a[c*n+k] * b[k]
		}
		b[c] /= a[c*n+c]
	}
	return true
}
