package orbm

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"gorgonia.org/tensor"
)

// TrainConfig sets up wake/sleep learning.
type TrainConfig struct {
	BatchSize  int    // pictures a step (also the number of sleep chains of each model)
	WakeSweeps int    // sweeps of the ORBM's chain given each batch
	SleepSteps int    // Gibbs steps of each model's persistent chain a step
	Method     Method // how the wake chain updates hidden units
	Seed       uint64
}

// Validate reports settings out of range.
func (c TrainConfig) Validate() error {
	for _, n := range []struct {
		what string
		n    int
	}{{"batch size", c.BatchSize}, {"wake sweeps", c.WakeSweeps}, {"sleep steps", c.SleepSteps}} {
		if n.n < 1 {
			return fmt.Errorf("orbm: %s must be at least 1, got %d", n.what, n.n)
		}
	}
	if c.Method < Exact || c.Method > ApproxCNoGain {
		return fmt.Errorf("orbm: unknown method %v", c.Method)
	}
	return nil
}

// Trainer fine-tunes both models of an ORBM by wake/sleep learning: the wake
// phase draws (hA, hB) given each picture with the ORBM's chain, the sleep
// phase runs each model's own persistent chain, and the gradient of each
// model's WakeSleepCost goes to the optimizer (which holds weights and biases
// in their own groups).
type Trainer[T rbm.Float] struct {
	o            *ORBM[T]
	cfg          TrainConfig
	opt          optim.Optimizer[T]
	wake         *Sampler[T]
	sleepA       *rbm.Chains[T]
	sleepB       *rbm.Chains[T]
	costA, costB *WakeSleepCost
	rng          *rand.Rand
}

// NewTrainer returns a trainer of o; opt must know the groups "weights" and
// "biases" (optim.Groups).
func NewTrainer[T rbm.Float](o *ORBM[T], opt optim.Optimizer[T], cfg TrainConfig) (*Trainer[T], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Trainer[T]{o: o, cfg: cfg, opt: opt, rng: rand.New(rand.NewPCG(cfg.Seed, 3))}
	var err error
	if t.wake, err = NewSampler(o, cfg.Method, cfg.BatchSize, cfg.Seed); err != nil {
		return nil, err
	}
	if t.sleepA, err = rbm.NewChains(o.A, cfg.BatchSize, cfg.Seed, 1<<32); err != nil {
		return nil, err
	}
	if t.sleepB, err = rbm.NewChains(o.B, cfg.BatchSize, cfg.Seed, 2<<32); err != nil {
		return nil, err
	}
	if t.costA, err = NewWakeSleepCost(o.A, cfg.BatchSize, cfg.BatchSize); err != nil {
		return nil, err
	}
	if t.costB, err = NewWakeSleepCost(o.B, cfg.BatchSize, cfg.BatchSize); err != nil {
		return nil, err
	}
	return t, nil
}

// Step trains on one batch of pictures (BatchSize rows of nv values in
// [0, 1]) and returns the two models' wake/sleep costs (WakeSleepCost), each
// with both models' terms: −mean_wake log P*(hA, hB, v) + mean_sleep of the
// model's own log P*(h), at the parameters before the step.
func (t *Trainer[T]) Step(v []T) (costA, costB float64, err error) {
	n, nv := t.cfg.BatchSize, t.o.Visible()
	if len(v) != n*nv {
		return 0, 0, fmt.Errorf("orbm: a batch holds %d values, want %d rows of %d", len(v), n, nv)
	}
	if err := t.wake.SetVisible(v); err != nil {
		return 0, 0, err
	}
	t.wake.Sweeps(t.cfg.WakeSweeps)
	t.sleepA.GibbsHVH(t.cfg.SleepSteps)
	t.sleepB.GibbsHVH(t.cfg.SleepSteps)
	vt := tensorOf(n, nv, conv[T](t.wake.V))
	// Each model's graph leaves out the other's log P*(h) on the wake rows,
	// a constant to it; the costs reported hold it, before either step.
	logPA, logPB := MeanLogPHidden(t.o.A, t.wake.HA), MeanLogPHidden(t.o.B, t.wake.HB)
	if costA, err = t.side(t.costA, "A.", vt, t.wake.HA, t.wake.PhiB, t.sleepA.H, t.o.HiddenA()); err != nil {
		return 0, 0, err
	}
	if costB, err = t.side(t.costB, "B.", vt, t.wake.HB, t.wake.PhiA, t.sleepB.H, t.o.HiddenB()); err != nil {
		return 0, 0, err
	}
	t.wake.Refresh()
	t.sleepA.Refresh()
	t.sleepB.Refresh()
	return costA - logPB, costB - logPA, nil
}

func (t *Trainer[T]) side(c *WakeSleepCost, prefix string, v *tensor.Dense, h, phiO []float64, hs []T, nh int) (float64, error) {
	n, nv := t.cfg.BatchSize, t.o.Visible()
	cost, err := c.Run(v, tensorOf(n, nh, conv[T](h)), tensorOf(n, nv, conv[T](phiO)), tensorOf(n, nh, append([]T(nil), hs...)))
	if err != nil {
		return 0, err
	}
	ps := make([]optim.Param[T], len(c.Params()))
	for i, p := range c.Params() {
		g, err := c.Grad(i)
		if err != nil {
			return 0, err
		}
		ps[i] = optim.Param[T]{Name: prefix + p.Name, Value: p.Value.Data().([]T), Grad: g.Data().([]T), Group: p.Group}
	}
	if err := t.opt.Step(ps); err != nil {
		return 0, fmt.Errorf("orbm: model %s%w", prefix, err)
	}
	return cost, nil
}

// Epoch trains on the rows of x in a random order, whole batches only, and
// returns the mean costs of A and B.
func (t *Trainer[T]) Epoch(x []T) (costA, costB float64, err error) {
	n, nv := t.cfg.BatchSize, t.o.Visible()
	rows := len(x) / nv
	if rows < n || len(x)%nv != 0 {
		return 0, 0, fmt.Errorf("orbm: %d values are not at least one batch of %d rows of %d", len(x), n, nv)
	}
	perm := t.rng.Perm(rows)
	batch := make([]T, n*nv)
	steps := rows / n
	for s := range steps {
		for r := range n {
			k := perm[s*n+r]
			copy(batch[r*nv:(r+1)*nv], x[k*nv:(k+1)*nv])
		}
		a, b, err := t.Step(batch)
		if err != nil {
			return 0, 0, err
		}
		costA += a / float64(steps)
		costB += b / float64(steps)
	}
	return costA, costB, nil
}

func conv[T rbm.Float](x []float64) []T {
	out := make([]T, len(x))
	for i, e := range x {
		out[i] = T(e)
	}
	return out
}

func tensorOf[T rbm.Float](rows, cols int, x []T) *tensor.Dense {
	return tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(x))
}
