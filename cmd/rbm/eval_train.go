package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/likelihood"
	"github.com/spf13/pflag"
)

// epochEvalFlags are the flags of "rbm train --eval-every".
type epochEvalFlags struct {
	every, betas, runs int
	initModel          string
}

// trainEval holds the --eval-every flags of the train command being parsed.
var trainEval epochEvalFlags

func (f *epochEvalFlags) register(fs *pflag.FlagSet) {
	fs.IntVar(&f.every, "eval-every", 0, "every N epochs, estimate log Z by AIS and write the test log-likelihood to likelihood.csv (0: never)")
	fs.IntVar(&f.betas, "eval-betas", 1000, "annealing steps of --eval-every (fewer than rbm eval's 14,500: a quicker, rougher estimate)")
	fs.IntVar(&f.runs, "eval-runs", likelihood.DefaultRuns, "AIS runs of --eval-every")
	fs.StringVar(&f.initModel, "init-model", "", "start from the parameters of this saved model (same layers), e.g. to go on at a lower learning rate")
}

// initFrom copies the parameters of the --init-model file into m, whose
// layers must be of the same kinds and shapes.
func initFrom[T rbm.Float](f *epochEvalFlags, m *rbm.RBM[T]) error {
	if f.initModel == "" {
		return nil
	}
	from, _, err := rbm.Load[float64](f.initModel)
	if err != nil {
		return fmt.Errorf("--init-model: %w", err)
	}
	if from.Visible.Kind() != m.Visible.Kind() || from.Hidden.Kind() != m.Hidden.Kind() {
		return fmt.Errorf("--init-model %s: %s/%s units, the model being trained has %s/%s (give the same --visible and --hidden)",
			f.initModel, from.Visible.Kind(), from.Hidden.Kind(), m.Visible.Kind(), m.Hidden.Kind())
	}
	src, dst := from.Params(), m.Params()
	if len(src) != len(dst) {
		return fmt.Errorf("--init-model %s: %d parameters, the model being trained has %d", f.initModel, len(src), len(dst))
	}
	for i, p := range dst {
		q := src[i]
		if p.Name != q.Name || p.Value.Shape().TotalSize() != q.Value.Shape().TotalSize() {
			return fmt.Errorf("--init-model %s: parameter %s of %v values, the model being trained has %s of %v (give the same --visible and --hidden)",
				f.initModel, q.Name, q.Value.Shape().TotalSize(), p.Name, p.Value.Shape().TotalSize())
		}
		qv := q.Value.Data().([]float64)
		switch d := p.Value.Data().(type) {
		case []float32:
			for j, x := range qv {
				d[j] = float32(x)
			}
		case []float64:
			copy(d, qv)
		default:
			return fmt.Errorf("--init-model: parameter %s has an unexpected type", p.Name)
		}
	}
	return nil
}

// epochEvaluator writes the AIS log-likelihood of a model during training
// to likelihood.csv in the run folder. A nil evaluator does nothing.
type epochEvaluator[T rbm.Float] struct {
	flags  epochEvalFlags
	path   string
	m      *rbm.RBM[T]
	test   []T
	base   []float64
	epochs int
	seed   uint64
}

// newEpochEvaluator checks the --eval-every flags and the data and writes
// the header of likelihood.csv; it returns nil when --eval-every is 0.
func newEpochEvaluator[T rbm.Float](m *rbm.RBM[T], train, test []T, out string, epochs int, seed uint64) (*epochEvaluator[T], error) {
	f := trainEval
	switch {
	case f.every < 0:
		return nil, fmt.Errorf("--eval-every must not be negative, got %d", f.every)
	case f.every == 0:
		return nil, nil
	case f.betas < 1 || f.betas > likelihood.MaxBetas:
		return nil, fmt.Errorf("--eval-betas must be in [1, %d], got %d", likelihood.MaxBetas, f.betas)
	case f.runs < 1 || f.runs > likelihood.MaxRuns:
		return nil, fmt.Errorf("--eval-runs must be in [1, %d], got %d", likelihood.MaxRuns, f.runs)
	}
	base, err := likelihood.BaseRate(m, train)
	if err != nil {
		return nil, fmt.Errorf("--eval-every: %w", err)
	}
	if _, _, err := likelihood.LogLikelihood(m, test, 0); err != nil {
		return nil, fmt.Errorf("--eval-every: %w", err)
	}
	e := &epochEvaluator[T]{flags: f, path: filepath.Join(out, "likelihood.csv"), m: m, test: test, base: base, epochs: epochs, seed: seed}
	return e, e.write([]string{"epoch", "ais_log_z", "ais_log_z_low", "ais_log_z_high",
		"test_log_likelihood", "test_log_likelihood_low", "test_log_likelihood_high", "ais_betas", "ais_runs", "seconds"}, true)
}

// after evaluates the model after the given epoch, every --eval-every
// epochs and after the last.
func (e *epochEvaluator[T]) after(epoch int) error {
	if e == nil || (epoch%e.flags.every != 0 && epoch != e.epochs) {
		return nil
	}
	est, err := likelihood.AIS(e.m, likelihood.Config{Betas: e.flags.betas, Runs: e.flags.runs, Seed: e.seed, Base: e.base})
	if err != nil {
		return fmt.Errorf("--eval-every: %w", err)
	}
	ll, _, err := likelihood.LogLikelihood(e.m, e.test, est.LogZ)
	if err != nil {
		return fmt.Errorf("--eval-every: %w", err)
	}
	fmt.Printf("epoch %2d: test log-likelihood %.2f nats (AIS log Z %.2f, band [%.2f, %.2f], %d steps, %.1f s)\n",
		epoch, ll, est.LogZ, est.Low, est.High, est.Betas, est.Seconds)
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }
	return e.write([]string{strconv.Itoa(epoch), g(est.LogZ), g(est.Low), g(est.High),
		g(ll), g(ll + est.LogZ - est.High), g(ll + est.LogZ - est.Low),
		strconv.Itoa(est.Betas), strconv.Itoa(est.Runs), g(est.Seconds)}, false)
}

// write appends one row to likelihood.csv, creating the file for the header.
func (e *epochEvaluator[T]) write(row []string, create bool) error {
	flags := os.O_WRONLY | os.O_APPEND
	if create {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(e.path, flags, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(row)
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
