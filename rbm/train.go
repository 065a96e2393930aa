package rbm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/optim"
	"gorgonia.org/tensor"
)

// TrainConfig says how a Trainer runs contrastive divergence: K and
// Persistent configure the Gibbs chains NewTrainer makes its Sampler.
type TrainConfig struct {
	K          int    // Gibbs steps per update, at least 1
	Persistent bool   // PCD-k (chains carried across updates) instead of CD-k
	BatchSize  int    // rows per update; also the number of persistent chains
	Seed       uint64 // seeds shuffling, chains and monitors
}

// Validate reports settings no trainer can run with.
func (c TrainConfig) Validate() error {
	switch {
	case c.K < 1:
		return fmt.Errorf("rbm: k must be at least 1, got %d", c.K)
	case c.BatchSize < 1:
		return fmt.Errorf("rbm: batch size must be at least 1, got %d", c.BatchSize)
	}
	return nil
}

// Random streams of a trainer's seed, so that each use draws its own numbers.
const (
	streamShuffle uint64 = 1
	streamChains  uint64 = 1 << 32
	streamMonitor uint64 = 2 << 32
	// streamEvaluator+round<<20: an Evaluator's round (batches below 2²⁰).
	streamEvaluator uint64 = 3 << 32
)

// EpochStats are the monitors of one epoch, averaged over its batches.
type EpochStats struct {
	Epoch            int     // 1 for the first epoch
	PseudoLikelihood float64 // the tutorial's stochastic estimate; NaN if the visible units are not two-state
	Reconstruction   float64 // reconstruction cross-entropy (-log p(v | h), h drawn from v)
	Cost             float64 // mean F(v_data) - mean F(v_model)
	Seconds          float64
	Batches          int
}

// Trainer trains a model by contrastive divergence. Each update draws the
// hidden states of a batch of data, asks the Sampler for the negative phase
// (the chain end v_model), lets the compiled cost graph derive the
// gradients, passes them through the Transforms, and lets the optimizer
// update the parameters in place; the Callbacks are then told.
//
// Sampler, Transforms and Callbacks may be changed before the first epoch;
// Callbacks between epochs too.
type Trainer[T Float] struct {
	Model  *RBM[T]
	Config TrainConfig

	// Sampler draws the negative phase. NewTrainer makes it the Gibbs
	// chains of Config: CD-k, or PCD-k when Config.Persistent.
	Sampler NegativeSampler[T]
	// Transforms change the gradients before every optimizer step, in
	// order: penalties such as WeightDecay and L1. Those that are
	// BatchTransforms are first shown the update's data batch.
	Transforms []GradientTransform[T]
	// Callbacks are told of every update and every epoch, in order.
	Callbacks []Callback[T]

	opt        optim.Optimizer[T]
	cost       *graph.Cost
	params     []optim.Param[T]
	data       *Chains[T] // one step from the data batch: monitors, CD's start
	shuffle    *rand.Rand
	shuffleSrc *rand.PCG  // shuffle's source, whose state a checkpoint keeps
	bit        int        // the pseudo-likelihood's cycling unit
	epoch      int        // epochs begun
	batch      int        // batches done of the epoch under way; 0 between epochs
	perm       []int      // the order of the rows in the epoch under way
	sums       EpochStats // the monitors' sums over the batches done
	good       [][]T      // parameters after the last epoch that ended finite

	lowestRec float64 // the lowest reconstruction error of an epoch or evaluation
	seenRec   bool    // whether lowestRec holds one

	vData, vModel *tensor.Dense
	vModelRows    []T // vModel's backing: the sampler's last chain end

	avg, goodAvg averages // the mean of the parameters, and its copy by keepGood

	centre *centering[T] // the centring of Center, or nil
}

// NewTrainer compiles the cost graph of m for cfg and returns a trainer that
// updates m's parameters with opt.
func NewTrainer[T Float](m *RBM[T], opt optim.Optimizer[T], cfg TrainConfig) (*Trainer[T], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opt == nil {
		return nil, errors.New("rbm: trainer needs an optimizer")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	b := cfg.BatchSize
	cost, err := graph.NewCost(dtypeOf[T](), m.Visible, m.Hidden, m.W, b, b)
	if err != nil {
		return nil, err
	}
	t := &Trainer[T]{Model: m, Config: cfg, opt: opt, cost: cost, shuffleSrc: rand.NewPCG(cfg.Seed, streamShuffle)}
	t.shuffle = rand.New(t.shuffleSrc)
	for _, p := range cost.Params() {
		t.params = append(t.params, optim.Param[T]{Name: p.Name, Value: data[T](p), Group: p.Group, Shape: p.Value.Shape().Clone()})
	}
	if t.data, err = NewChains(m, b, cfg.Seed, streamMonitor); err != nil {
		return nil, err
	}
	gibbs, err := NewGibbs(m, cfg)
	if err != nil {
		return nil, err
	}
	// One transposed copy of the weights, refreshed after each update.
	gibbs.chains.wt, gibbs.shared = t.data.wt, true
	t.Sampler = gibbs
	t.vData = tensor.New(tensor.WithShape(b, m.Visible.Len()), tensor.WithBacking(t.data.V))
	t.keepGood()
	return t, nil
}

// refresh tells the chains that the parameters changed.
func (t *Trainer[T]) refresh() {
	t.data.Refresh()
	t.Sampler.Refresh()
}

// Epoch trains one pass over the rows of x (n×nv, values in the visible
// layer's domain) in shuffled batches; a last partial batch is left out, as the
// tutorial does. progress, if not nil, is called after every batch.
func (t *Trainer[T]) Epoch(x []T, progress func(done, total int)) (EpochStats, error) {
	return t.EpochContext(context.Background(), x, progress)
}

// EpochContext is Epoch that stops between two batches when ctx is done,
// returning an error that wraps ErrInterrupted and ctx's error. The epoch is
// then under way: the next call, on this trainer or on one restored from its
// State, continues it from the next batch, exactly as if nothing had stopped
// it.
func (t *Trainer[T]) EpochContext(ctx context.Context, x []T, progress func(done, total int)) (EpochStats, error) {
	start := time.Now()
	nv := t.Model.Visible.Len()
	b := t.Config.BatchSize
	if t.Sampler == nil {
		return EpochStats{}, errors.New("rbm: the trainer has no negative-phase sampler")
	}
	if len(x)%nv != 0 {
		return EpochStats{}, fmt.Errorf("rbm: %w: %d data values are not rows of %d visible units", ErrData, len(x), nv)
	}
	n := len(x) / nv
	if n < b {
		return EpochStats{}, fmt.Errorf("rbm: %w: %d training rows are fewer than one batch of %d", ErrData, n, b)
	}
	if t.batch == 0 {
		// Stopped before the epoch begins, the trainer stays between
		// epochs, its shuffling stream untouched.
		if err := ctx.Err(); err != nil {
			return EpochStats{}, fmt.Errorf("rbm: before epoch %d: %w", t.epoch+1, interruption{err})
		}
		if t.epoch == 0 {
			if err := t.checkData(x); err != nil {
				return EpochStats{}, err
			}
			if err := t.Sampler.Start(x, t.shuffle); err != nil {
				return EpochStats{}, err
			}
		}
		t.epoch++
		t.perm = t.shuffle.Perm(n)
		t.sums = EpochStats{Epoch: t.epoch, Batches: n / b}
	} else if len(t.perm) != n {
		return EpochStats{}, fmt.Errorf("rbm: %w: epoch %d under way shuffled %d rows, the data have %d", ErrData, t.epoch, len(t.perm), n)
	}
	st := &t.sums
	vin := make([]T, b*nv)
	for bi := t.batch; bi < st.Batches; bi++ {
		if err := ctx.Err(); err != nil {
			st.Seconds += time.Since(start).Seconds()
			return EpochStats{}, fmt.Errorf("rbm: epoch %d, after batch %d of %d: %w", t.epoch, bi, st.Batches, interruption{err})
		}
		bs, err := t.update(x, bi, vin)
		if err != nil {
			return EpochStats{}, err
		}
		st.PseudoLikelihood += bs.PseudoLikelihood
		st.Reconstruction += bs.Reconstruction
		st.Cost += bs.Cost
		t.accumulate()
		t.batch = bi + 1
		if progress != nil {
			progress(bi+1, st.Batches)
		}
		for _, cb := range t.Callbacks {
			if err := cb.AfterBatch(t, bs); err != nil {
				st.Seconds += time.Since(start).Seconds()
				return EpochStats{}, fmt.Errorf("rbm: epoch %d, after batch %d of %d: %w", t.epoch, bi+1, st.Batches, err)
			}
		}
	}
	if err := t.Model.Validate(); err != nil {
		return EpochStats{}, t.stop(fmt.Sprintf("epoch %d", t.epoch), err)
	}
	t.batch, t.perm = 0, nil
	out := *st
	out.Seconds += time.Since(start).Seconds()
	out.average()
	out.Cost /= float64(out.Batches)
	if err := t.checkMonitors(out); err != nil {
		return EpochStats{}, t.stop(fmt.Sprintf("epoch %d", t.epoch), err)
	}
	t.keepGood()
	for _, cb := range t.Callbacks {
		if err := cb.AfterEpoch(t, out); err != nil {
			return out, fmt.Errorf("rbm: after epoch %d: %w", t.epoch, err)
		}
	}
	return out, nil
}

// update trains on batch bi of the epoch's order of the rows of x and
// returns its monitors. vin is scratch of the batch's size.
func (t *Trainer[T]) update(x []T, bi int, vin []T) (BatchStats, error) {
	nv, b := t.Model.Visible.Len(), t.Config.BatchSize
	for r := 0; r < b; r++ {
		i := t.perm[bi*b+r]
		copy(t.data.V[r*nv:(r+1)*nv], x[i*nv:(i+1)*nv])
	}
	// h drawn from the data starts the reconstruction monitor, and the
	// chains of CD-k.
	t.data.SampleHGivenV()
	if err := t.negative(); err != nil {
		return BatchStats{}, err
	}
	// The monitors read what the cost graph reads and write nothing it
	// reads, and the graph leaves a core idle much of the time: they run
	// beside it.
	var pl, rec float64
	var merr error
	done := make(chan struct{})
	go func() {
		pl, rec, merr = t.monitor(vin)
		close(done)
	}()
	if t.centre != nil {
		t.centre.toCentred()
	}
	c, err := t.cost.Run(t.vData, t.vModel)
	<-done
	if err = firstError(err, merr); err != nil {
		return BatchStats{}, err
	}
	bs := BatchStats{Epoch: t.epoch, Batch: bi + 1, Batches: t.sums.Batches, PseudoLikelihood: pl, Reconstruction: rec, Cost: c}
	for i := range t.params {
		g, err := t.cost.Grad(i)
		if err != nil {
			return BatchStats{}, err
		}
		t.params[i].Grad = g.Data().([]T)
	}
	if t.centre != nil {
		t.centre.see(t.data, t.vModelRows)
	}
	for _, tf := range t.Transforms {
		if bt, ok := tf.(BatchTransform[T]); ok {
			if err = bt.SeeBatch(t.Model, t.data); err != nil {
				break
			}
		}
	}
	for _, tf := range t.Transforms {
		if err != nil {
			break
		}
		err = tf.Transform(t.params)
	}
	if err == nil {
		err = t.opt.Step(t.params)
	}
	if err == nil && t.centre != nil {
		t.centre.fromCentred()
		t.centre.moveOffsets()
	}
	if err == nil {
		// The layers' parameters are few: check their domains (a
		// precision pushed below zero) before the chains use them.
		err = firstError(t.Model.Visible.Validate(), t.Model.Hidden.Validate())
	}
	if err != nil {
		return BatchStats{}, t.stop(fmt.Sprintf("epoch %d, batch %d", t.epoch, bi+1), err)
	}
	t.refresh()
	return bs, nil
}

// negative asks the sampler for the batch's chain end and binds it to the
// cost graph's v_model.
func (t *Trainer[T]) negative() error {
	v, err := t.Sampler.Negative(t.data)
	if err != nil {
		return err
	}
	nv, b := t.Model.Visible.Len(), t.Config.BatchSize
	if len(v) != b*nv {
		return fmt.Errorf("rbm: the sampler %T returned %d values, want %d rows of %d", t.Sampler, len(v), b, nv)
	}
	if t.vModel == nil || &v[0] != &t.vModelRows[0] {
		t.vModel = tensor.New(tensor.WithShape(b, nv), tensor.WithBacking(v))
		t.vModelRows = v
	}
	return nil
}

// Position returns the epochs begun and the batches done of the epoch under
// way (0 between epochs).
func (t *Trainer[T]) Position() (epoch, batch int) { return t.epoch, t.batch }

// stop puts back the parameters of the end of the last good epoch, abandons
// the epoch under way, and returns the error of a training stopped by cause.
func (t *Trainer[T]) stop(where string, cause error) error {
	t.restoreGood()
	t.batch, t.perm = 0, nil
	return fmt.Errorf("rbm: %s: %w, parameters restored to the end of epoch %d: %w", where, ErrStopped, t.epoch-1, cause)
}

// divergence is how far above the lowest reconstruction error seen an
// epoch's may climb, in units of that lowest value (at least 1), before
// training counts as diverged: a learning rate far too large drives it up by
// many orders of magnitude while every parameter stays finite.
const divergence = 1000

// checkMonitors reports monitors that are not finite or that show training
// diverging, and remembers the lowest reconstruction error.
func (t *Trainer[T]) checkMonitors(st EpochStats) error {
	_, twoState := t.Model.Visible.(TwoState[T])
	nonFinite := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	switch {
	case nonFinite(st.Reconstruction):
		return fmt.Errorf("the reconstruction error is %v", st.Reconstruction)
	case twoState && nonFinite(st.PseudoLikelihood):
		return fmt.Errorf("the pseudo-likelihood is %v", st.PseudoLikelihood)
	case !math.IsNaN(st.Cost) && nonFinite(st.Cost):
		return fmt.Errorf("the cost is %v", st.Cost)
	case t.seenRec && st.Reconstruction-t.lowestRec > divergence*math.Max(1, math.Abs(t.lowestRec)):
		return fmt.Errorf("training diverged: the reconstruction error rose from %.4g to %.4g (a smaller learning rate may help)", t.lowestRec, st.Reconstruction)
	}
	if !t.seenRec || st.Reconstruction < t.lowestRec {
		t.lowestRec, t.seenRec = st.Reconstruction, true
	}
	return nil
}

// monitor returns the monitors of the batch in t.data.V (see monitorBatch),
// advancing the pseudo-likelihood's cycling unit. vin is scratch of the
// batch's size.
func (t *Trainer[T]) monitor(vin []T) (pl, rec float64, err error) {
	return monitorBatch(t.Model, t.data, &t.bit, vin)
}

// monitorBatch returns the monitors of the batch in c.V: the stochastic
// pseudo-likelihood on the cycling unit *bit, which it advances (NaN unless
// the visible units have two states), and the reconstruction cross-entropy
// of the up-down pass that starts at c.H, h drawn from c.V. vin is scratch
// of the batch's size.
func monitorBatch[T Float](m *RBM[T], c *Chains[T], bit *int, vin []T) (pl, rec float64, err error) {
	pl = math.NaN()
	if _, ok := m.Visible.(TwoState[T]); ok {
		if pl, err = m.PseudoLikelihood(c.V, *bit); err != nil {
			return 0, 0, err
		}
		*bit = (*bit + 1) % m.Visible.Len()
	}
	m.PropDown(c.H, vin, c.wt)
	return pl, m.ReconstructionCrossEntropy(c.V, vin), nil
}

// Evaluate computes the monitors of Epoch over the rows of x in order, in
// batches, without changing the model: for instance before training, or on
// test data. The pseudo-likelihood's cycling unit advances as in training.
func (t *Trainer[T]) Evaluate(x []T) (EpochStats, error) {
	if err := checkRows(t.Model, x, t.Config.BatchSize); err != nil {
		return EpochStats{}, err
	}
	if err := t.checkData(x); err != nil {
		return EpochStats{}, err
	}
	st, err := evaluate(t.Model, t.data, &t.bit, x)
	if err != nil {
		return st, err
	}
	st.Epoch = t.epoch
	if err := t.checkMonitors(st); err != nil {
		return st, fmt.Errorf("rbm: %w", err)
	}
	return st, nil
}

// checkRows reports data that are not at least one batch of whole rows.
func checkRows[T Float](m *RBM[T], x []T, batch int) error {
	nv := m.Visible.Len()
	if len(x)%nv != 0 || len(x)/nv < batch {
		return fmt.Errorf("rbm: %w: %d values are not at least one batch of %d rows of %d units", ErrData, len(x), batch, nv)
	}
	return nil
}

// evaluate computes the monitors over the rows of x in order, in batches of
// c's rows, the hidden states drawn by c.
func evaluate[T Float](m *RBM[T], c *Chains[T], bit *int, x []T) (EpochStats, error) {
	start := time.Now()
	nv, b := m.Visible.Len(), c.Rows
	st := EpochStats{Batches: len(x) / nv / b}
	vin := make([]T, b*nv)
	for bi := 0; bi < st.Batches; bi++ {
		copy(c.V, x[bi*b*nv:(bi+1)*b*nv])
		c.SampleHGivenV()
		pl, rec, err := monitorBatch(m, c, bit, vin)
		if err != nil {
			return st, err
		}
		st.PseudoLikelihood += pl
		st.Reconstruction += rec
	}
	st.average()
	st.Seconds = time.Since(start).Seconds()
	st.Cost = math.NaN()
	return st, nil
}

// Evaluator computes the monitors of a model on rows it does not train on
// (a validation set), with random streams of its own, so that evaluating
// never changes the course of training.
type Evaluator[T Float] struct {
	model *RBM[T]
	batch int
	seed  uint64
}

// NewEvaluator returns an evaluator of m in batches of batch rows, drawing
// from streams of seed.
func NewEvaluator[T Float](m *RBM[T], batch int, seed uint64) (*Evaluator[T], error) {
	if batch < 1 || batch >= 1<<20 {
		return nil, fmt.Errorf("rbm: an evaluator's batch size must be in [1, 2²⁰), got %d", batch)
	}
	return &Evaluator[T]{model: m, batch: batch, seed: seed}, nil
}

// Evaluate returns the monitors of the model's current parameters over the
// rows of x (a last partial batch is left out). Each round draws from streams
// of its own, and its pseudo-likelihood flips the units in turn from the
// first: the same model, rows and round give the same numbers.
func (e *Evaluator[T]) Evaluate(x []T, round uint64) (EpochStats, error) {
	if err := checkRows(e.model, x, e.batch); err != nil {
		return EpochStats{}, err
	}
	c, err := NewChains(e.model, e.batch, e.seed, streamEvaluator+round<<20)
	if err != nil {
		return EpochStats{}, err
	}
	bit := 0
	return evaluate(e.model, c, &bit, x)
}

// average turns the sums of the monitors into means over the batches.
func (st *EpochStats) average() {
	st.PseudoLikelihood /= float64(st.Batches)
	st.Reconstruction /= float64(st.Batches)
}

// keepGood copies the parameters, to restore them if training diverges.
func (t *Trainer[T]) keepGood() {
	ps := t.Model.Params()
	if t.good == nil {
		t.good = make([][]T, len(ps))
	}
	for i, p := range ps {
		t.good[i] = append(t.good[i][:0], data[T](p)...)
	}
	t.goodAvg = t.avg.clone()
}

// restoreGood puts back the parameters kept by keepGood.
func (t *Trainer[T]) restoreGood() {
	for i, p := range t.Model.Params() {
		copy(data[T](p), t.good[i])
	}
	t.avg = t.goodAvg.clone()
	t.refresh()
}

// checkData reports non-finite values and states the visible layer refuses.
func (t *Trainer[T]) checkData(x []T) error {
	for i, v := range x {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("rbm: %w: the data hold %v at row %d, column %d", ErrData, f, i/t.Model.Visible.Len(), i%t.Model.Visible.Len())
		}
	}
	if dc, ok := t.Model.Visible.(DataChecker[T]); ok {
		if err := dc.CheckData(x); err != nil {
			return fmt.Errorf("rbm: %w: %w", ErrData, err)
		}
	}
	return nil
}
