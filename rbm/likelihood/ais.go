package likelihood

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/internal/parallel"
	"github.com/rbmgo/rbm/rbm"
)

// Defaults of the annealing, as in Salakhutdinov & Murray (2008).
const (
	DefaultBetas = 14500 // annealing steps
	DefaultRuns  = 100   // independent runs
)

// Bounds on the sizes a caller may ask for, checked before allocating.
const (
	MaxBetas = 1_000_000
	MaxRuns  = 100_000
	// maxChainValues bounds the states and inputs all chains hold at once.
	maxChainValues = 1 << 28
)

// Schedule returns n+1 inverse temperatures from 0 to 1 spaced as in
// Salakhutdinov & Murray (2008): a 500/14500 share of the steps evenly over
// [0, 0.5], 4000/14500 over [0.5, 0.9] and the rest over [0.9, 1]. With the
// default n = 14500 these are exactly the paper's steps of 1e-3, 1e-4 and
// 1e-5. n must be at least 1.
func Schedule(n int) ([]float64, error) {
	if n < 1 || n > MaxBetas {
		return nil, fmt.Errorf("likelihood: the number of annealing steps must be in [1, %d], got %d", MaxBetas, n)
	}
	n1 := int(math.Round(float64(n) * 500 / 14500))
	n2 := int(math.Round(float64(n) * 4000 / 14500))
	n3 := n - n1 - n2
	b := make([]float64, 0, n+1)
	b = append(b, 0)
	for _, seg := range []struct {
		lo, hi float64
		k      int
	}{{0, 0.5, n1}, {0.5, 0.9, n2}, {0.9, 1, n3}} {
		for i := 1; i <= seg.k; i++ {
			b = append(b, seg.lo+(seg.hi-seg.lo)*float64(i)/float64(seg.k))
		}
	}
	// Segments with no steps leave their end out; the last value is 1.
	b[len(b)-1] = 1
	for len(b) < n+1 { // only for tiny n where rounding dropped a segment
		b = append(b, 1)
	}
	return b, nil
}

// Path names the way the intermediate distributions join the base-rate model
// to the model.
type Path string

// The annealing paths. Both scale the weights by β and move the visible
// fields from the base's to the model's.
const (
	// PathWeights keeps the hidden units' own parameters: at β = 0 they
	// are independent of v and follow their own fields. It suits any kind
	// of hidden unit.
	PathWeights Path = "weights"
	// PathFields also scales the fields c of binary, spin and Potts hidden
	// units by β, as Salakhutdinov & Murray (2008) do: at β = 0 they are
	// uniform. Other hidden units keep their parameters.
	PathFields Path = "fields"
)

// Config sets up annealing runs.
type Config struct {
	// Path is the annealing path ("": PathWeights).
	Path Path
	// Betas is the number of annealing steps (0: DefaultBetas).
	Betas int
	// Runs is the number of independent runs (0: DefaultRuns). For RAISE it
	// is the number of runs per test row.
	Runs int
	// Seed seeds the runs: run r draws from the PCG stream (Seed, r), so
	// results do not depend on the number of cores.
	Seed uint64
	// Base is the input the base-rate model adds to the visible layer
	// (see BaseRate): p₀(v) ∝ exp(-E_vis(v) + Base·v). nil takes the
	// visible layer alone.
	Base []float64
	// Progress, if not nil, is called after each annealing step with the
	// steps done and the total.
	Progress func(done, total int)
}

func (c Config) withDefaults() (Config, error) {
	if c.Betas == 0 {
		c.Betas = DefaultBetas
	}
	if c.Runs == 0 {
		c.Runs = DefaultRuns
	}
	if c.Betas < 1 || c.Betas > MaxBetas {
		return c, fmt.Errorf("likelihood: the number of annealing steps must be in [1, %d], got %d", MaxBetas, c.Betas)
	}
	switch c.Path {
	case "":
		c.Path = PathWeights
	case PathWeights, PathFields:
	default:
		return c, fmt.Errorf("likelihood: unknown annealing path %q (known: %s, %s)", c.Path, PathWeights, PathFields)
	}
	if c.Runs < 1 || c.Runs > MaxRuns {
		return c, fmt.Errorf("likelihood: the number of runs must be in [1, %d], got %d", MaxRuns, c.Runs)
	}
	return c, nil
}

// BaseRate returns the base-rate model of Salakhutdinov & Murray (2008) as
// the input it adds to m's visible layer: independent visible sites, each
// p₀(s) ∝ exp(-e(s) + s·base), whose means are those of the rows of data,
// each state's count smoothed by half a count so that no input is infinite.
// The visible units must have a finite list of states (rbm.Finite), and the
// rows must be states of them. For binary, spin and Potts units (energy
// linear in the states, rbm.Linear) the base matches the smoothed frequency
// of every state, in closed form; for other units it is found by Newton's
// method, the base within their family closest to the frequencies.
func BaseRate[T rbm.Float](m *rbm.RBM[T], data []T) ([]float64, error) {
	if m == nil {
		return nil, errors.New("likelihood: no model")
	}
	fin, ok := rbm.As[rbm.Finite](m.Visible)
	if !ok {
		return nil, fmt.Errorf("likelihood: a base-rate model needs visible units with a finite list of states (rbm.Finite); %s units have none", m.Visible.Kind())
	}
	if err := checkRows(m, data, "training data"); err != nil {
		return nil, err
	}
	nv := m.Visible.Len()
	rows := len(data) / nv
	if th, ok := linearFields(m.Visible); ok {
		if f, ok := closedBaseRate(fin, th, data, rows); ok {
			return f, nil
		}
	}
	return fittedBaseRate(m.Visible, fin, data, rows)
}

// linearFields returns θ of units whose energy is -θ·x (rbm.Linear).
func linearFields[T rbm.Float](l rbm.Layer[T]) ([]float64, bool) {
	lin, ok := rbm.As[rbm.Linear](l)
	if !ok {
		return nil, false
	}
	th, err := graph.Float64s(lin.LinearField().Value)
	if err != nil || len(th) != l.Len() {
		return nil, false
	}
	return th, true
}

// closedBaseRate returns the base-rate input of linear units with states
// {0, 1}, {-1, +1} or one-hot sites, and false for other states.
func closedBaseRate[T rbm.Float](fin rbm.Finite, th []float64, data []T, rows int) ([]float64, bool) {
	per, states := fin.SiteStates()
	nv := len(th)
	mean := make([]float64, nv)
	for r := range rows {
		for i, x := range data[r*nv : (r+1)*nv] {
			mean[i] += float64(x)
		}
	}
	f := make([]float64, nv)
	switch {
	case per == 1 && slices.EqualFunc(states, [][]float64{{0}, {1}}, slices.Equal):
		for i, s := range mean {
			p := (s + 0.5) / (float64(rows) + 1)
			f[i] = math.Log(p / (1 - p))
		}
	case per == 1 && slices.EqualFunc(states, [][]float64{{-1}, {1}}, slices.Equal):
		for i, s := range mean { // s counts +1 minus -1
			p := ((s+float64(rows))/2 + 0.5) / (float64(rows) + 1)
			f[i] = 0.5 * math.Log(p/(1-p))
		}
	case oneHot(per, states):
		for i, c := range mean {
			f[i] = math.Log((c + 0.5) / (float64(rows) + 0.5*float64(per)))
		}
	default:
		return nil, false
	}
	for i := range f {
		f[i] -= th[i]
	}
	return f, true
}

// oneHot reports whether states are the per one-hot vectors in order.
func oneHot(per int, states [][]float64) bool {
	if len(states) != per {
		return false
	}
	for k, s := range states {
		for i, x := range s {
			if x != 0 && !(x == 1 && i == k) || x == 0 && i == k {
				return false
			}
		}
	}
	return true
}

// annealer runs rows of annealing chains in lockstep over a schedule: the
// distributions p_β(v) ∝ exp(-E_vis(v) + (1-β)·d·v + CGF_hid(in_β(v))) join
// the base-rate model (β = 0, hidden units independent of v) to the model
// (β = 1); d is the input of the base (Config.Base). On PathFields, hidden
// units with fields c (rbm.Linear: binary, spin, Potts) get
// in_β(v) = β·(c + v·W) - c; otherwise in_β(v) = β·v·W.
type annealer[T rbm.Float] struct {
	m        *rbm.RBM[T]
	nv, nh   int
	d        []float64
	dt       []T
	wt       []T
	rows     int
	v, vw, h []T
	vin, hin []T
	dv       []float64 // d·v of each row
	logw     []float64
	rngs     []*rand.Rand
	logZ0    float64
	c        []float64 // the hidden fields when they are tempered, else nil
}

func newAnnealer[T rbm.Float](m *rbm.RBM[T], base []float64, path Path, rows int, seed uint64) (*annealer[T], error) {
	if m == nil {
		return nil, errors.New("likelihood: no model")
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("likelihood: %w", err)
	}
	if _, ok := rbm.As[rbm.Finite](m.Visible); !ok {
		return nil, fmt.Errorf("likelihood: annealing needs visible units with a finite list of states (rbm.Finite); %s visible units have none", m.Visible.Kind())
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if int64(rows)*int64(2*nv+3*nh) > maxChainValues {
		return nil, fmt.Errorf("likelihood: %d chains of %d+%d units need more than %d values; use fewer runs", rows, nv, nh, maxChainValues)
	}
	if base == nil {
		base = make([]float64, nv)
	}
	if len(base) != nv {
		return nil, fmt.Errorf("likelihood: base-rate model has %d fields, the model %d visible units", len(base), nv)
	}
	a := &annealer[T]{m: m, nv: nv, nh: nh, rows: rows,
		d: make([]float64, nv), dt: make([]T, nv), wt: m.Transpose(nil),
		v: make([]T, rows*nv), vin: make([]T, rows*nv),
		vw: make([]T, rows*nh), h: make([]T, rows*nh), hin: make([]T, rows*nh),
		dv: make([]float64, rows), logw: make([]float64, rows),
		rngs: make([]*rand.Rand, rows)}
	for i, b := range base {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, fmt.Errorf("likelihood: base-rate field %d is %v", i, b)
		}
		a.d[i] = b
		a.dt[i] = T(b)
	}
	for r := range a.rngs {
		a.rngs[r] = rand.New(rand.NewPCG(seed, uint64(r)))
	}
	// log Z₀: the base's visible units (the model's cgf at input d gives
	// Σ cgf(θ+d) = Σ cgf(base)) times the hidden units' own partition.
	// On PathFields, hidden units whose energy is linear in their states
	// have their fields tempered too: at β they see β·(c + v·W), and at
	// β = 0 they are uniform. Otherwise they keep their parameters.
	zero := make([]T, nh)
	if c, ok := linearFields(m.Hidden); ok && path == PathFields {
		a.c = c
		for j := range zero {
			zero[j] = T(-c[j])
		}
	}
	a.logZ0 = m.Visible.CGF(a.dt) + m.Hidden.CGF(zero)
	if math.IsNaN(a.logZ0) || math.IsInf(a.logZ0, 0) {
		return nil, fmt.Errorf("likelihood: log Z of the base-rate model is %v", a.logZ0)
	}
	return a, nil
}

// sampleBase draws every row's visible states from the base-rate model.
func (a *annealer[T]) sampleBase() {
	parallel.For(a.rows, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			a.m.Visible.Sample(a.rngs[r], a.dt, a.v[r*a.nv:(r+1)*a.nv])
		}
	})
}

// up computes v·W and d·v of every row after v changed.
func (a *annealer[T]) up() {
	a.m.PropUp(a.v, a.vw)
	parallel.For(a.rows, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			var s float64
			for i, x := range a.v[r*a.nv : (r+1)*a.nv] {
				if x != 0 {
					s += a.d[i] * float64(x)
				}
			}
			a.dv[r] = s
		}
	})
}

// cgf returns CGF_hid(β·vW) of row r, using hin as scratch.
func (a *annealer[T]) cgf(r int, beta float64) float64 {
	vw, hin := a.vw[r*a.nh:(r+1)*a.nh], a.hin[r*a.nh:(r+1)*a.nh]
	a.hiddenInput(vw, hin, beta)
	return a.m.Hidden.CGF(hin)
}

// hiddenInput writes the input the hidden layer receives at β from one row's
// v·W: β·vW, plus (β-1)·c when the fields c are tempered (the layer adds c).
func (a *annealer[T]) hiddenInput(vw, hin []T, beta float64) {
	if a.c == nil {
		for j, x := range vw {
			hin[j] = T(beta * float64(x))
		}
		return
	}
	for j, x := range vw {
		hin[j] = T(beta*float64(x) + (beta-1)*a.c[j])
	}
}

// weigh adds log p*_to(v) - log p*_from(v) to every row's log weight, where
// v·W is current.
func (a *annealer[T]) weigh(from, to float64) {
	parallel.For(a.rows, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			a.logw[r] += -(to-from)*a.dv[r] + a.cgf(r, to) - a.cgf(r, from)
		}
	})
}

// transition runs one Gibbs step v → h → v that leaves p_β invariant, v·W
// being current; v·W is stale afterwards.
func (a *annealer[T]) transition(beta float64) {
	parallel.For(a.rows, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			hin := a.hin[r*a.nh : (r+1)*a.nh]
			a.hiddenInput(a.vw[r*a.nh:(r+1)*a.nh], hin, beta)
			a.m.Hidden.Sample(a.rngs[r], hin, a.h[r*a.nh:(r+1)*a.nh])
		}
	})
	a.m.PropDown(a.h, a.vin, a.wt)
	parallel.For(a.rows, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			vin := a.vin[r*a.nv : (r+1)*a.nv]
			for i, x := range vin {
				vin[i] = T(beta*float64(x) + (1-beta)*a.d[i])
			}
			a.m.Visible.Sample(a.rngs[r], vin, a.v[r*a.nv:(r+1)*a.nv])
		}
	})
}

// AIS estimates log Z by annealed importance sampling from the base-rate
// model to m: cfg.Runs chains, spread over the cores, each starting from an
// exact draw of the base and taking one Gibbs step at every inverse
// temperature of Schedule(cfg.Betas). Ẑ is unbiased; log Ẑ is biased low, so
// that test log-likelihoods computed from it err on the optimistic side. The
// visible units must have a finite list of states (rbm.Finite); the hidden
// units may be of any kind.
func AIS[T rbm.Float](m *rbm.RBM[T], cfg Config) (Estimate, error) {
	start := time.Now()
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Estimate{}, err
	}
	logZ0, logw, err := LogWeights(m, cfg)
	if err != nil {
		return Estimate{}, err
	}
	for r, lw := range logw {
		if math.IsNaN(lw) || math.IsInf(lw, 0) {
			return Estimate{}, fmt.Errorf("likelihood: the log weight of run %d is %v", r, lw)
		}
	}
	lme, low, high := logMeanExp(logw)
	return Estimate{Method: "ais", LogZ: logZ0 + lme, Low: logZ0 + low, High: logZ0 + high,
		LogZBase: logZ0, Runs: cfg.Runs, Betas: cfg.Betas, Path: cfg.Path, Seconds: time.Since(start).Seconds()}, nil
}

// LogWeights runs the annealing of AIS and returns log Z of the base-rate
// model and every run's log weight: log Z ≈ logZ0 + log mean exp(logw).
func LogWeights[T rbm.Float](m *rbm.RBM[T], cfg Config) (logZ0 float64, logw []float64, err error) {
	cfg, err = cfg.withDefaults()
	if err != nil {
		return 0, nil, err
	}
	betas, err := Schedule(cfg.Betas)
	if err != nil {
		return 0, nil, err
	}
	a, err := newAnnealer(m, cfg.Base, cfg.Path, cfg.Runs, cfg.Seed)
	if err != nil {
		return 0, nil, err
	}
	a.sampleBase()
	K := len(betas) - 1
	for k := 1; k <= K; k++ {
		a.up()
		a.weigh(betas[k-1], betas[k])
		if k < K {
			a.transition(betas[k])
		}
		if cfg.Progress != nil {
			cfg.Progress(k, K)
		}
	}
	return a.logZ0, a.logw, nil
}

// Raise is a conservative estimate of the test log-likelihood by reverse
// annealing from test rows (RAISE, Burda, Grosse & Salakhutdinov 2015).
type Raise struct {
	// LogLikelihood is the mean over the rows of the estimates of log p(v);
	// in expectation it lies below the log-likelihood of the annealed model,
	// which approaches the model's as the steps grow.
	LogLikelihood float64
	// StdErr is the standard error of LogLikelihood over the rows.
	StdErr float64
	// LogZ is the log Z these estimates imply: mean(-F(v)) - LogLikelihood,
	// an estimate that errs high.
	LogZ float64
	// Rows, Runs and Betas are the test rows used, the runs per row and the
	// annealing steps.
	Rows, Runs, Betas int
	// Seconds is the time the computation took.
	Seconds float64
}

// RAISE estimates the mean log-likelihood of the rows of test by reverse
// annealing: each row starts cfg.Runs chains at the model (β = 1), which walk
// down the schedule to the base-rate model by one Gibbs step at each
// inverse temperature, and weighs them so that the mean weight is an
// unbiased estimate of the row's probability under the annealed model. The
// log of that estimate is biased low: the result is a stochastic lower bound.
func RAISE[T rbm.Float](m *rbm.RBM[T], test []T, cfg Config) (Raise, error) {
	start := time.Now()
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Raise{}, err
	}
	if m == nil {
		return Raise{}, errors.New("likelihood: no model")
	}
	if err := checkRows(m, test, "test data"); err != nil {
		return Raise{}, err
	}
	nv := m.Visible.Len()
	n := len(test) / nv
	if int64(n)*int64(cfg.Runs) > MaxRuns {
		return Raise{}, fmt.Errorf("likelihood: %d test rows × %d runs exceed %d chains", n, cfg.Runs, MaxRuns)
	}
	betas, err := Schedule(cfg.Betas)
	if err != nil {
		return Raise{}, err
	}
	rows := n * cfg.Runs
	a, err := newAnnealer(m, cfg.Base, cfg.Path, rows, cfg.Seed)
	if err != nil {
		return Raise{}, err
	}
	for r := range rows {
		copy(a.v[r*nv:(r+1)*nv], test[(r/cfg.Runs)*nv:])
	}
	f := m.FreeEnergy(test)
	for r := range rows {
		a.logw[r] = -f[r/cfg.Runs] - a.logZ0
	}
	a.up()
	K := len(betas) - 1
	for k := K; k >= 1; k-- {
		a.transition(betas[k])
		a.up()
		a.weigh(betas[k], betas[k-1])
		if cfg.Progress != nil {
			cfg.Progress(K-k+1, K)
		}
	}
	ll := make([]float64, n)
	var negF float64
	for i := range ll {
		ll[i], _, _ = logMeanExp(a.logw[i*cfg.Runs : (i+1)*cfg.Runs])
		if math.IsNaN(ll[i]) || math.IsInf(ll[i], 0) {
			return Raise{}, fmt.Errorf("likelihood: the estimate of test row %d is %v", i, ll[i])
		}
		negF -= f[i]
	}
	mean, sd := meanSD(ll)
	return Raise{LogLikelihood: mean, StdErr: sd / math.Sqrt(float64(n)), LogZ: negF/float64(n) - mean,
		Rows: n, Runs: cfg.Runs, Betas: cfg.Betas, Seconds: time.Since(start).Seconds()}, nil
}
