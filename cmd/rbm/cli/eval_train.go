package cli

import (
	"fmt"
	"strconv"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/likelihood"
)

// epochEvaluator estimates the test log-likelihood by AIS after every
// --eval-every epochs (and the last), for columns of monitors.csv.
type epochEvaluator[T rbm.Float] struct {
	every, betas, runs, epochs int
	seed                       uint64
	test                       []T
	base                       []float64
}

// newEpochEvaluator returns the evaluator of m on the test rows, with the
// base-rate model of the training rows, or nil when every is 0.
func newEpochEvaluator[T rbm.Float](o *trainOptions, m *rbm.RBM[T], train, test []T) (*epochEvaluator[T], error) {
	if o.evalEvery == 0 {
		return nil, nil
	}
	base, err := likelihood.BaseRate(m, train)
	if err != nil {
		return nil, fmt.Errorf("--eval-every: %w", err)
	}
	if _, _, err := likelihood.LogLikelihood(m, test, 0); err != nil {
		return nil, fmt.Errorf("--eval-every: %w", err)
	}
	return &epochEvaluator[T]{every: o.evalEvery, betas: o.evalBetas, runs: o.evalRuns, epochs: o.epochs, seed: o.seed, test: test, base: base}, nil
}

// columns names the evaluator's columns of monitors.csv; the schedule is in
// their names.
func (e *epochEvaluator[T]) columns() []string {
	if e == nil {
		return nil
	}
	s := fmt.Sprintf("_ais%dx%d", e.betas, e.runs)
	return []string{"test_log_likelihood" + s, "log_z" + s, "log_z_low" + s, "log_z_high" + s}
}

// row returns the evaluator's cells of monitors.csv for model m after the
// given epoch: an estimate every --eval-every epochs and after the last, NaN
// otherwise.
func (e *epochEvaluator[T]) row(m *rbm.RBM[T], epoch int) ([]string, error) {
	if e == nil {
		return nil, nil
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }
	if epoch == 0 || (epoch%e.every != 0 && epoch != e.epochs) {
		return []string{"NaN", "NaN", "NaN", "NaN"}, nil
	}
	est, err := likelihood.AIS(m, likelihood.Config{Betas: e.betas, Runs: e.runs, Seed: e.seed, Base: e.base})
	if err != nil {
		return nil, fmt.Errorf("--eval-every: %w", err)
	}
	ll, _, err := likelihood.LogLikelihood(m, e.test, est.LogZ)
	if err != nil {
		return nil, fmt.Errorf("--eval-every: %w", err)
	}
	fmt.Printf("epoch %2d: test log-likelihood %.2f nats (AIS log Z %.2f, band [%.2f, %.2f], %d steps, %.1f s)\n",
		epoch, ll, est.LogZ, est.Low, est.High, est.Betas, est.Seconds)
	return []string{g(ll), g(est.LogZ), g(est.Low), g(est.High)}, nil
}
