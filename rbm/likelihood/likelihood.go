// Package likelihood measures an RBM as a generative model: its log partition
// function log Z, exactly (by listing every state of a small layer) or by
// annealed importance sampling (AIS, Salakhutdinov & Murray 2008), a
// conservative estimate from test data by reverse annealing (RAISE, Burda,
// Grosse & Salakhutdinov 2015), and the mean log-likelihood of data given
// log Z.
//
// A model's unnormalised marginal of the visible states is
// p*(v) = exp(-F(v)) with F(v) = E_vis(v) - CGF_hid(v·W), so
// log p(v) = -F(v) - log Z.
package likelihood

import (
	"errors"
	"fmt"
	"math"

	"github.com/rbmgo/rbm/rbm"
)

// Estimate is a value of log Z with the band it is known to lie in.
type Estimate struct {
	// Method is "exact" or "ais".
	Method string
	// LogZ is the estimate of log Z.
	LogZ float64
	// Low and High bound the band log(Ẑ ∓ 3σ̂) of the paper, σ̂ the standard
	// error of Ẑ over the runs; Low is -Inf when 3σ̂ ≥ Ẑ. Both equal LogZ
	// for the exact method.
	Low, High float64
	// LogZBase is log Z of the base-rate model the annealing starts from
	// (AIS only).
	LogZBase float64
	// Runs and Betas are the number of AIS runs and of annealing steps,
	// Path the annealing path.
	Runs, Betas int
	Path        Path
	// States is the number of states listed (exact only).
	States int64
	// Seconds is the time the computation took.
	Seconds float64
}

// LogLikelihood returns the mean and the standard error over the rows of v
// of log p(v) = -F(v) - logZ. The rows must be states of the visible layer.
func LogLikelihood[T rbm.Float](m *rbm.RBM[T], v []T, logZ float64) (mean, stderr float64, err error) {
	if err := checkRows(m, v, "data"); err != nil {
		return 0, 0, err
	}
	if math.IsNaN(logZ) || math.IsInf(logZ, 0) {
		return 0, 0, fmt.Errorf("likelihood: log Z is %v", logZ)
	}
	f := m.FreeEnergy(v)
	mean, sd := meanSD(f)
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return 0, 0, errors.New("likelihood: the free energy of the data is not finite")
	}
	return -mean - logZ, sd / math.Sqrt(float64(len(f))), nil
}

// checkRows reports v that is not a whole, non-empty number of finite rows of
// m's visible states.
func checkRows[T rbm.Float](m *rbm.RBM[T], v []T, what string) error {
	nv := m.Visible.Len()
	if len(v) == 0 || len(v)%nv != 0 {
		return fmt.Errorf("likelihood: %s: %d values are not a whole, non-empty number of rows of %d visible units", what, len(v), nv)
	}
	ts, two := m.Visible.(rbm.TwoState[T])
	dc, checked := m.Visible.(rbm.DataChecker[T])
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("likelihood: %s: value %d is %v", what, i, x)
		}
		if two && ts.Round(x) != x {
			return fmt.Errorf("likelihood: %s: value %d (row %d) is %v, not a state of %s units (binarise the data)", what, i, i/nv, x, m.Visible.Kind())
		}
	}
	if checked {
		if err := dc.CheckData(v); err != nil {
			return fmt.Errorf("likelihood: %s: %w", what, err)
		}
	}
	return nil
}

// meanSD returns the mean and the standard deviation (n-1 in the
// denominator; 0 for one value) of x.
func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}

// logMeanExp returns log(mean(exp(x))) and log(Ẑ∓3σ̂) where Ẑ is that mean
// and σ̂ the standard error of the mean, without overflow.
func logMeanExp(x []float64) (lme, low, high float64) {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) || math.IsNaN(m) {
		return m, m, m
	}
	var s float64
	r := make([]float64, len(x))
	for i, v := range x {
		r[i] = math.Exp(v - m)
		s += r[i]
	}
	mean := s / float64(len(x))
	lme = m + math.Log(mean)
	// Standard error of the mean weight relative to the mean.
	_, sd := meanSD(r)
	rel := 3 * sd / math.Sqrt(float64(len(x))) / mean
	high = lme + math.Log1p(rel)
	low = math.Inf(-1)
	if rel < 1 {
		low = lme + math.Log1p(-rel)
	}
	return lme, low, high
}

// logSumAcc accumulates log Σ exp(xᵢ) one term at a time.
type logSumAcc struct{ max, sum float64 }

func newLogSumAcc() logSumAcc { return logSumAcc{max: math.Inf(-1)} }

func (a *logSumAcc) add(x float64) {
	switch {
	case math.IsInf(x, -1):
	case math.IsNaN(x) || math.IsNaN(a.max):
		a.max, a.sum = math.NaN(), 1
	case x <= a.max:
		a.sum += math.Exp(x - a.max)
	default:
		a.sum = a.sum*math.Exp(a.max-x) + 1
		a.max = x
	}
}

func (a *logSumAcc) merge(b logSumAcc) {
	if b.sum == 0 {
		return
	}
	if math.IsNaN(b.max) || math.IsNaN(a.max) {
		a.max, a.sum = math.NaN(), 1
		return
	}
	if b.max <= a.max {
		a.sum += b.sum * math.Exp(b.max-a.max)
		return
	}
	a.sum = a.sum*math.Exp(a.max-b.max) + b.sum
	a.max = b.max
}

func (a logSumAcc) value() float64 {
	if a.sum == 0 {
		return math.Inf(-1)
	}
	return a.max + math.Log(a.sum)
}
