package cli

import (
	"fmt"
	"math"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/likelihood"
	"github.com/spf13/pflag"
)

// evalOptions are the flags of "rbm eval".
type evalOptions struct {
	rowsOptions
	model             string
	method            string
	betas, runs       int
	aisSeed           uint64
	raise, raiseBetas int
	raiseRuns         int
	testSize, plRows  int
	maxStates         int64
	maxTime           time.Duration
	dtype             string
	jsonOut, quiet    bool
	curve, out        string
	path              string
}

// register registers the flags. Like every list of flags it looks, line by
// line, like the others (those of "rbm train" in options.go); each line is
// its own flag.
func (o *evalOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.model, "model", "rbm_plots/model.npz", "model file written by 'rbm train'")
	o.rowsOptions.register(fs, "test rows: a folder with the MNIST idx files (default: the copy in the Go module cache), or an idx, .npy, .npz or .csv file",
		"training rows for the base-rate model when --data is a file (default: the model's visible fields)", "seed")
	fs.StringVar(&o.method, "method", "auto", "log Z by: exact (list a small layer's states), ais, or auto (exact when --max-states allows)")
	fs.IntVar(&o.betas, "betas", likelihood.DefaultBetas, "AIS: annealing steps (the paper's 14,500)")
	fs.IntVar(&o.runs, "runs", likelihood.DefaultRuns, "AIS: independent runs")
	fs.StringVar(&o.path, "ais-path", string(likelihood.PathWeights), "AIS and RAISE: annealing path, weights (hidden units keep their fields) or fields (discrete hidden units' fields annealed too, as in the paper)")
	fs.Uint64Var(&o.aisSeed, "ais-seed", 1, "AIS and RAISE: random seed")
	fs.IntVar(&o.raise, "raise", 100, "RAISE: conservative estimate from the first N test rows (0: off)")
	fs.IntVar(&o.raiseBetas, "raise-betas", 0, "RAISE: annealing steps (0: --betas)")
	fs.IntVar(&o.raiseRuns, "raise-runs", 1, "RAISE: runs per test row")
	fs.IntVar(&o.testSize, "test-size", 0, "use the first N test rows (0: all)")
	fs.IntVar(&o.plRows, "pl-rows", 1000, "exact pseudo-likelihood over the first N test rows (0: off)")
	fs.Int64Var(&o.maxStates, "max-states", 1<<22, "largest number of states --method auto/exact lists")
	registerMaxTime(fs, &o.maxTime)
	dtypeFlag(fs, &o.dtype)
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object instead of text")
	fs.StringVar(&o.curve, "curve", "", "instead, draw the test log-likelihood against epochs from this likelihood.csv (of rbm train --eval-every) into --out")
	fs.StringVar(&o.out, "out", "likelihood.png", "PNG file of --curve")
	quietFlag(fs, &o.quiet)
}

func (o *evalOptions) validate() error {
	return firstError(
		refuse(o.method != "auto" && o.method != "exact" && o.method != "ais", "--method must be auto, exact or ais, not %q", o.method),
		refuse(o.path != string(likelihood.PathWeights) && o.path != string(likelihood.PathFields),
			"--ais-path must be %s or %s, not %q", likelihood.PathWeights, likelihood.PathFields, o.path),
		within("--betas", o.betas, 1, likelihood.MaxBetas),
		within("--runs", o.runs, 1, likelihood.MaxRuns),
		atLeast("--raise", o.raise, 0),
		within("--raise-betas", o.raiseBetas, 0, likelihood.MaxBetas),
		within("--raise-runs", o.raiseRuns, 1, likelihood.MaxRuns),
		atLeast("--test-size", o.testSize, 0),
		atLeast("--pl-rows", o.plRows, 0),
		atLeast("--max-states", o.maxStates, 1),
		refuse(o.maxStates > likelihood.MaxStates, "--max-states must be at most %d, got %d", int64(likelihood.MaxStates), o.maxStates),
		o.rowsOptions.validate(),
		refuse(int64(o.raise)*int64(o.raiseRuns) > likelihood.MaxRuns, "--raise × --raise-runs must not exceed %d", likelihood.MaxRuns),
	)
}

func runEval(args []string) error {
	var o evalOptions
	if err := parseOptions("eval", "Measure a saved model: log Z (exact, or by annealed importance sampling with\nthe ±3 standard-deviation band), the mean test log-likelihood, a conservative\nRAISE estimate from test rows, and the exact pseudo-likelihood.", &o, args); err != nil {
		return err
	}
	if o.curve != "" {
		if err := plotCurve(o.curve, o.out); err != nil {
			return err
		}
		fmt.Printf("curve in %s\n", o.out)
		return nil
	}
	return byDtype("eval", o.dtype,
		func() error { return evaluate[float32](&o) },
		func() error { return evaluate[float64](&o) })
}

// evalResult is what "rbm eval" reports; NaN (not computed) and infinite
// values are printed as null in JSON.
type evalResult struct {
	Model                string  `json:"model"`
	Visible              string  `json:"visible"`
	Hidden               string  `json:"hidden"`
	Method               string  `json:"method"`
	LogZ                 float64 `json:"log_z"`
	LogZLow              float64 `json:"log_z_low"`
	LogZHigh             float64 `json:"log_z_high"`
	LogZBase             float64 `json:"log_z_base"`
	Betas                int     `json:"ais_betas"`
	Runs                 int     `json:"ais_runs"`
	Path                 string  `json:"ais_path"`
	LogZSeconds          float64 `json:"log_z_seconds"`
	Data                 string  `json:"data"`
	Binarize             string  `json:"binarize"`
	TestRows             int     `json:"test_examples"`
	TestLL               float64 `json:"test_log_likelihood"`
	TestLLStdErr         float64 `json:"test_log_likelihood_stderr"`
	TestLLLow            float64 `json:"test_log_likelihood_low"`
	TestLLHigh           float64 `json:"test_log_likelihood_high"`
	RaiseRows            int     `json:"raise_examples"`
	RaiseBetas           int     `json:"raise_betas"`
	RaiseRuns            int     `json:"raise_runs"`
	RaiseLL              float64 `json:"raise_test_log_likelihood"`
	RaiseStdErr          float64 `json:"raise_test_log_likelihood_stderr"`
	RaiseLogZ            float64 `json:"raise_log_z"`
	RaiseSubsetLL        float64 `json:"raise_subset_test_log_likelihood"`
	RaiseSeconds         float64 `json:"raise_seconds"`
	PseudoLikelihood     float64 `json:"pseudo_likelihood"`
	PseudoLikelihoodRows int     `json:"pseudo_likelihood_examples"`
	BaseRate             string  `json:"base_rate"`
	TotalSeconds         float64 `json:"seconds"`
}

func evaluate[T rbm.Float](o *evalOptions) error {
	start := time.Now()
	m, extra, err := rbm.Load[T](o.model)
	if err != nil {
		return err
	}
	res := evalResult{Model: o.model,
		Visible: fmt.Sprintf("%s-%v", m.Visible.Kind(), m.Visible.Shape()),
		Hidden:  fmt.Sprintf("%s-%v", m.Hidden.Kind(), m.Hidden.Shape()),
		LogZLow: math.NaN(), LogZHigh: math.NaN(), LogZBase: math.NaN(),
		TestLL: math.NaN(), TestLLStdErr: math.NaN(), TestLLLow: math.NaN(), TestLLHigh: math.NaN(),
		RaiseLL: math.NaN(), RaiseStdErr: math.NaN(), RaiseLogZ: math.NaN(), RaiseSubsetLL: math.NaN(),
		PseudoLikelihood: math.NaN()}
	test, train, what, binarized, err := modelRows(o.rowsOptions, m, extra)
	if err != nil {
		return err
	}
	res.Data, res.Binarize = what, binarized
	nv := m.Visible.Len()
	if o.testSize > 0 {
		if o.testSize > len(test)/nv {
			return fmt.Errorf("--test-size %d exceeds the %d test rows", o.testSize, len(test)/nv)
		}
		test = test[:o.testSize*nv]
	}
	res.TestRows = len(test) / nv
	if spinUnits(m.Visible) {
		toSpins(test)
		toSpins(train)
	}

	est, err := logZ(o, m, train, &res)
	if err != nil {
		return err
	}
	res.Method, res.LogZ, res.LogZLow, res.LogZHigh = est.Method, est.LogZ, est.Low, est.High
	res.LogZSeconds = est.Seconds
	if est.Method == "ais" {
		res.LogZBase, res.Runs, res.Betas, res.Path = est.LogZBase, est.Runs, est.Betas, string(est.Path)
	}

	// Test log-likelihood, and its band from log Z's.
	ll, se, err := likelihood.LogLikelihood(m, test, est.LogZ)
	if err != nil {
		return err
	}
	res.TestLL, res.TestLLStdErr = ll, se
	res.TestLLLow, res.TestLLHigh = ll+est.LogZ-est.High, ll+est.LogZ-est.Low

	if o.raise > 0 && est.Method == "ais" {
		if err := raise(o, m, test, train, est, &res); err != nil {
			return err
		}
	}

	// Exact pseudo-likelihood.
	if _, two := m.Visible.(rbm.TwoState[T]); two && o.plRows > 0 {
		n := min(o.plRows, res.TestRows)
		pl, err := m.PseudoLikelihood(test[:n*nv], -1)
		if err != nil {
			return err
		}
		res.PseudoLikelihood, res.PseudoLikelihoodRows = pl, n
	}
	res.TotalSeconds = time.Since(start).Seconds()
	if o.jsonOut {
		return printJSON(res)
	}
	printEval(res)
	if res.RaiseRows > 0 {
		if advice := likelihood.Disagreement(res.RaiseSubsetLL, res.RaiseLL, res.RaiseStdErr); advice != "" {
			fmt.Println(advice)
		}
	}
	return nil
}

// logZ computes log Z exactly or by AIS (from the base-rate model of the
// training rows, when there are any), as --method says.
func logZ[T rbm.Float](o *evalOptions, m *rbm.RBM[T], train []T, res *evalResult) (likelihood.Estimate, error) {
	var est likelihood.Estimate
	var err error
	useExact := o.method == "exact"
	if o.method == "auto" {
		_, useExact = likelihood.ExactStates(m, o.maxStates)
	}
	if useExact {
		states, _ := likelihood.ExactStates(m, o.maxStates)
		work := 2 * float64(states) * float64(max(m.Visible.Len(), m.Hidden.Len()))
		if err := budget.CheckTime(fmt.Sprintf("listing %d states for the exact log Z", states), work, o.maxTime, "--max-time"); err != nil {
			return est, err
		}
		bar := newBar(o.quiet || o.jsonOut, 1, "exact log Z")
		est, err = likelihood.ExactLogZProgress(m, o.maxStates, func(done, total int) { bar.ChangeMax(total); bar.Set(done) })
		bar.Finish()
		if err != nil {
			return est, err
		}
	} else {
		cfg := likelihood.Config{Betas: o.betas, Runs: o.runs, Seed: o.aisSeed, Path: likelihood.Path(o.path)}
		if train != nil {
			if cfg.Base, err = likelihood.BaseRate(m, train); err != nil {
				return est, fmt.Errorf("base-rate model: %w", err)
			}
			res.BaseRate = "training data"
		} else {
			res.BaseRate = "model's visible fields"
		}
		bar := newBar(o.quiet || o.jsonOut, o.betas, "AIS")
		cfg.Progress = func(done, _ int) { bar.Set(done) }
		est, err = likelihood.AIS(m, cfg)
		bar.Finish()
		if err != nil {
			return est, err
		}
	}
	return est, nil
}

// raise estimates the test log-likelihood of the first --raise rows by
// RAISE, conservative, beside the AIS estimate on the same rows.
func raise[T rbm.Float](o *evalOptions, m *rbm.RBM[T], test, train []T, est likelihood.Estimate, res *evalResult) error {
	nv := m.Visible.Len()
	n := min(o.raise, res.TestRows)
	rows := test[:n*nv]
	cfg := likelihood.Config{Betas: o.raiseBetas, Runs: o.raiseRuns, Seed: o.aisSeed + 1, Path: likelihood.Path(o.path)}
	if cfg.Betas == 0 {
		cfg.Betas = o.betas
	}
	if train != nil {
		var err error
		if cfg.Base, err = likelihood.BaseRate(m, train); err != nil {
			return err
		}
	}
	bar := newBar(o.quiet || o.jsonOut, cfg.Betas, "RAISE")
	cfg.Progress = func(done, _ int) { bar.Set(done) }
	r, err := likelihood.RAISE(m, rows, cfg)
	bar.Finish()
	if err != nil {
		return err
	}
	sub, _, err := likelihood.LogLikelihood(m, rows, est.LogZ)
	if err != nil {
		return err
	}
	res.RaiseRows, res.RaiseBetas, res.RaiseRuns = r.Rows, r.Betas, r.Runs
	res.RaiseLL, res.RaiseStdErr, res.RaiseLogZ, res.RaiseSubsetLL = r.LogLikelihood, r.StdErr, r.LogZ, sub
	res.RaiseSeconds = r.Seconds
	return nil
}
