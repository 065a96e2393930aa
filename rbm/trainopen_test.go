package rbm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm/npz"
)

// countingSampler is a NegativeSampler of a user's own, here one that counts
// its calls and hands them to Gibbs chains.
type countingSampler[T Float] struct {
	inner                    *Gibbs[T]
	starts, batches, refresh int
}

func (s *countingSampler[T]) Start(x []T, rng *rand.Rand) error {
	s.starts++
	return s.inner.Start(x, rng)
}

func (s *countingSampler[T]) Negative(data *Chains[T]) ([]T, error) {
	s.batches++
	return s.inner.Negative(data)
}

func (s *countingSampler[T]) Refresh() {
	s.refresh++
	s.inner.Refresh()
}

// openTrain trains a small model for two epochs after setup has changed its
// trainer, and returns the parameters.
func openTrain[T Float](t *testing.T, persistent bool, setup func(*Trainer[T])) []T {
	t.Helper()
	m := tinyBinary[T](t, 12, 7, 4)
	x := randomBinary[T](rand.New(rand.NewPCG(2, 2)), 60, 12)
	opt, err := optim.NewSGD[T](optim.SGDConfig{Groups: optim.Groups(0.05, 0.5), Momentum: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	tr := mustTrainer(t, m, opt, TrainConfig{K: 2, Persistent: persistent, BatchSize: 10, Seed: 6})
	if setup != nil {
		setup(tr)
	}
	return trainEpochs(t, tr, m, x, 2)
}

// The trainer's default sampler, Gibbs chains of its own (which refresh
// their own copy of the weights), and a sampler of a user's own that hands
// its calls to Gibbs chains all give the same model, bit for bit, for CD and
// PCD; the trainer calls Start once, Negative once a batch and Refresh once
// an update.
func TestNegativeSamplerGivesTheSameBits(t *testing.T) {
	for _, tc := range []struct {
		name       string
		persistent bool
	}{{"cd", false}, {"pcd", true}} {
		t.Run(tc.name, func(t *testing.T) {
			want := openTrain[float32](t, tc.persistent, nil)
			own := openTrain(t, tc.persistent, func(tr *Trainer[float32]) {
				g, err := NewGibbs(tr.Model, tr.Config)
				if err != nil {
					t.Fatal(err)
				}
				tr.Sampler = g
			})
			var cs *countingSampler[float32]
			counted := openTrain(t, tc.persistent, func(tr *Trainer[float32]) {
				cs = &countingSampler[float32]{inner: tr.Sampler.(*Gibbs[float32])}
				tr.Sampler = cs
			})
			if !sameBits(own, want) || !sameBits(counted, want) {
				t.Errorf("own Gibbs chains same bits: %v, wrapped: %v", sameBits(own, want), sameBits(counted, want))
			}
			if cs.starts != 1 || cs.batches != 12 || cs.refresh != 12 {
				t.Errorf("Start, Negative, Refresh called %d, %d, %d times, want 1, 12, 12", cs.starts, cs.batches, cs.refresh)
			}
			// CD and PCD differ: the setting reaches the chains.
			if other := openTrain[float32](t, !tc.persistent, nil); sameBits(other, want) {
				t.Error("CD and PCD gave the same model")
			}
		})
	}
}

// A trainer whose sampler cannot save its state refuses a checkpoint and
// names the sampler.
func TestSamplerWithoutStateRefusesCheckpoint(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	tr := mustTrainer(t, m, sgd[float64](t, 0.1), TrainConfig{K: 1, BatchSize: 5, Seed: 1})
	tr.Sampler = &countingSampler[float64]{inner: tr.Sampler.(*Gibbs[float64])}
	err := SaveCheckpoint(filepath.Join(t.TempDir(), "c.npz"), tr, nil)
	if err == nil || !strings.Contains(err.Error(), "countingSampler") {
		t.Errorf("checkpoint with a sampler without state: %v", err)
	}
}

// A Gibbs sampler restored from its state draws the same chains as the one
// it was saved from, and refuses a state of another shape.
func TestGibbsSamplerState(t *testing.T) {
	m := tinyBinary[float64](t, 8, 5, 3)
	x := randomBinary[float64](rand.New(rand.NewPCG(1, 1)), 20, 8)
	cfg := TrainConfig{K: 3, Persistent: true, BatchSize: 4, Seed: 9}
	a, _ := NewGibbs(m, cfg)
	b, _ := NewGibbs(m, TrainConfig{K: 3, Persistent: true, BatchSize: 4, Seed: 77})
	if err := a.Start(x, rand.New(rand.NewPCG(5, 5))); err != nil {
		t.Fatal(err)
	}
	st, err := a.SamplerState()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetSamplerState(st); err != nil {
		t.Fatal(err)
	}
	va, _ := a.Negative(nil)
	vb, _ := b.Negative(nil)
	if !sameBits(va, vb) || slices.Equal(va, make([]float64, len(va))) {
		t.Errorf("restored chains drew %v, the saved ones %v", vb, va)
	}
	c, _ := NewGibbs(m, TrainConfig{K: 3, Persistent: true, BatchSize: 5, Seed: 9})
	if err := c.SetSamplerState(st); err == nil {
		t.Error("chains of 5 rows took the state of 4")
	}
}

// oldStep is the optimizers' update with the weight decay they applied
// themselves, before it became a gradient transform: SGD's
// w -= lr·(g + decay·w), with momentum v = mom·v - lr·(g + decay·w), and
// Adam's moments of g + decay·w.
func oldStep[T Float](kind string, w, g, v, m []T, lr, decay, mom T, step int) {
	switch kind {
	case "sgd":
		for j := range w {
			w[j] -= lr * (g[j] + decay*w[j])
		}
	case "momentum":
		for j := range w {
			v[j] = mom*v[j] - lr*(g[j]+decay*w[j])
			w[j] += v[j]
		}
	case "adam":
		b1, b2 := 0.9, 0.999
		c1 := 1 / (1 - math.Pow(b1, float64(step)))
		c2 := 1 / (1 - math.Pow(b2, float64(step)))
		st, eps, sc2 := T(float64(lr)*c1), T(1e-8), T(math.Sqrt(c2))
		tb1, tb2 := T(b1), T(b2)
		for j := range w {
			gj := g[j] + decay*w[j]
			m[j] = tb1*m[j] + (1-tb1)*gj
			v[j] = tb2*v[j] + (1-tb2)*gj*gj
			w[j] -= st * m[j] / (sc2*T(math.Sqrt(float64(v[j]))) + eps)
		}
	}
}

// The WeightDecay transform followed by an optimizer gives, bit for bit, the
// updates of the optimizers that applied the decay themselves.
func TestWeightDecayEqualsOldOptimizerDecay(t *testing.T) {
	for _, kind := range []string{"sgd", "momentum", "adam"} {
		t.Run(kind+"/float32", func(t *testing.T) { weightDecayCase[float32](t, kind) })
		t.Run(kind+"/float64", func(t *testing.T) { weightDecayCase[float64](t, kind) })
	}
}

func weightDecayCase[T Float](t *testing.T, kind string) {
	const n, lr, decay, mom = 300, 0.05, 0.01, 0.5
	rng := rand.New(rand.NewPCG(3, 1))
	w := make([]T, n)
	for j := range w {
		w[j] = T(rng.NormFloat64())
	}
	b := []T{0.5, -0.25}
	var opt optim.Optimizer[T]
	var err error
	switch kind {
	case "adam":
		opt, err = optim.NewAdam[T](optim.AdamConfig{Groups: optim.Groups(lr, 1)})
	case "momentum":
		opt, err = optim.NewSGD[T](optim.SGDConfig{Groups: optim.Groups(lr, 1), Momentum: mom})
	default:
		opt, err = optim.NewSGD[T](optim.SGDConfig{Groups: optim.Groups(lr, 1)})
	}
	if err != nil {
		t.Fatal(err)
	}
	wd := WeightDecay[T]{Decay: decay, Groups: []string{"weights"}}
	oldW, oldV, oldM := slices.Clone(w), make([]T, n), make([]T, n)
	oldB, oldBV, oldBM := slices.Clone(b), make([]T, 2), make([]T, 2)
	for step := 1; step <= 4; step++ {
		g := make([]T, n)
		for j := range g {
			g[j] = T(rng.NormFloat64())
		}
		gb := []T{T(rng.NormFloat64()), T(rng.NormFloat64())}
		oldStep(kind, oldW, g, oldV, oldM, lr, decay, mom, step)
		oldStep(kind, oldB, gb, oldBV, oldBM, lr, 0, mom, step)
		params := []optim.Param[T]{
			{Name: "W", Value: w, Grad: slices.Clone(g), Group: "weights"},
			{Name: "b", Value: b, Grad: slices.Clone(gb), Group: "biases"},
		}
		if err := wd.Transform(params); err != nil {
			t.Fatal(err)
		}
		if !sameBits(params[1].Grad, gb) {
			t.Fatal("the decay of the weights changed the biases' gradient")
		}
		if err := opt.Step(params); err != nil {
			t.Fatal(err)
		}
		if !sameBits(w, oldW) || !sameBits(b, oldB) {
			t.Fatalf("step %d: the transform's update differs from the optimizer's own decay", step)
		}
	}
	if sameBits(w, make([]T, n)) || math.IsNaN(float64(w[0])) {
		t.Fatalf("weights %v", w[:3])
	}
}

// The transforms' gradients are those of their penalties, by central
// differences: Decay/2·Σθ² and Strength·Σ|θ| on the groups they name, and
// nothing on the others.
func TestPenaltyGradientsByFiniteDifferences(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tf      GradientTransform[float64]
		penalty func(x float64) float64
	}{
		{"weight decay", WeightDecay[float64]{Decay: 0.3, Groups: []string{"weights"}}, func(x float64) float64 { return 0.3 / 2 * x * x }},
		{"l1", L1[float64]{Strength: 0.2, Groups: []string{"weights"}}, func(x float64) float64 { return 0.2 * math.Abs(x) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := []float64{0.7, -1.3, 0.05, -0.02, 2}
			b := []float64{0.4}
			params := []optim.Param[float64]{
				{Name: "W", Value: w, Grad: make([]float64, len(w)), Group: "weights"},
				{Name: "b", Value: b, Grad: []float64{0}, Group: "biases"},
			}
			if err := tc.tf.Transform(params); err != nil {
				t.Fatal(err)
			}
			const h = 1e-6
			for j, x := range w {
				fd := (tc.penalty(x+h) - tc.penalty(x-h)) / (2 * h)
				if got := params[0].Grad[j]; !(math.Abs(got-fd) <= 1e-6) {
					t.Errorf("∂/∂W[%d] = %v, by differences %v", j, got, fd)
				}
			}
			if params[1].Grad[0] != 0 {
				t.Errorf("the biases' gradient became %v", params[1].Grad[0])
			}
		})
	}
	if err := (L1[float64]{Strength: math.Inf(1)}).Transform(nil); err == nil {
		t.Error("an infinite L1 strength was taken")
	}
	if err := (WeightDecay[float64]{Decay: -1}).Transform(nil); err == nil {
		t.Error("a negative weight decay was taken")
	}
}

// An L1 penalty reaches the trainer's updates: it changes the model, and
// training with it stays finite.
func TestTrainerAppliesTransforms(t *testing.T) {
	plain := openTrain[float64](t, true, nil)
	l1 := openTrain(t, true, func(tr *Trainer[float64]) {
		tr.Transforms = []GradientTransform[float64]{L1[float64]{Strength: 0.01}}
	})
	if sameBits(plain, l1) {
		t.Error("the L1 penalty changed nothing")
	}
	for _, x := range l1 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("parameter %v", x)
		}
	}
}

// recorder is a Callback that records what it is told.
type recorder struct {
	name    string
	log     *[]string
	batches []BatchStats
	epochs  []EpochStats
	failAt  int // fail after this batch (counted over the run), if > 0
}

var errRecorder = errors.New("recorder stops")

func (r *recorder) AfterBatch(t *Trainer[float64], st BatchStats) error {
	r.batches = append(r.batches, st)
	*r.log = append(*r.log, fmt.Sprintf("%s batch %d.%d", r.name, st.Epoch, st.Batch))
	if len(r.batches) == r.failAt {
		return errRecorder
	}
	return nil
}

func (r *recorder) AfterEpoch(t *Trainer[float64], st EpochStats) error {
	r.epochs = append(r.epochs, st)
	*r.log = append(*r.log, fmt.Sprintf("%s epoch %d", r.name, st.Epoch))
	return nil
}

// Callbacks are called in order, after every update and every epoch, with
// the monitors the epoch's are the means of; an error stops the epoch after
// its batch, which continues on the next call exactly as if nothing had
// stopped it.
func TestCallbacksOrderAndStats(t *testing.T) {
	var log []string
	a := &recorder{name: "a", log: &log, failAt: 4}
	b := &recorder{name: "b", log: &log}
	var epochs []int
	want := openTrain[float64](t, true, nil)
	got := openTrain(t, true, func(tr *Trainer[float64]) {
		tr.Callbacks = []Callback[float64]{a, b, OnEpoch[float64](func(_ *Trainer[float64], st EpochStats) error {
			epochs = append(epochs, st.Epoch)
			return nil
		})}
		x := randomBinary[float64](rand.New(rand.NewPCG(2, 2)), 60, 12)
		_, err := tr.Epoch(x, nil)
		if !errors.Is(err, errRecorder) {
			t.Fatalf("a callback's error: %v", err)
		}
		if e, bt := tr.Position(); e != 1 || bt != 4 {
			t.Fatalf("stopped at epoch %d, batch %d; want 1, 4", e, bt)
		}
		// The rest of epoch 1 comes in openTrain's first call.
		a.failAt = -1
	})
	// openTrain ran epochs: 1 (stopped and continued), 2; the model is that
	// of two epochs without a stop.
	if !sameBits(got, want) {
		t.Error("a stop by a callback changed the course of training")
	}
	wantLog := []string{"a batch 1.1", "b batch 1.1", "a batch 1.2", "b batch 1.2", "a batch 1.3", "b batch 1.3", "a batch 1.4"}
	for e := 1; e <= 2; e++ {
		first := 1
		if e == 1 {
			first = 5 // epoch 1 continued after its stop
		}
		for bt := first; bt <= 6; bt++ {
			wantLog = append(wantLog, fmt.Sprintf("a batch %d.%d", e, bt), fmt.Sprintf("b batch %d.%d", e, bt))
		}
		wantLog = append(wantLog, fmt.Sprintf("a epoch %d", e), fmt.Sprintf("b epoch %d", e))
	}
	// a recorded the stopping batch 1.4; b, after it in the list, did not.
	if !slices.Equal(log, wantLog) {
		t.Errorf("calls\n%v\nwant\n%v", log, wantLog)
	}
	if !slices.Equal(epochs, []int{1, 2}) {
		t.Errorf("OnEpoch told of epochs %v", epochs)
	}
	// The epoch's monitors are the means of its batches' (a was told of
	// every batch).
	for i, st := range a.epochs {
		var pl, rec, cost float64
		n := 0
		for _, bs := range a.batches {
			if bs.Epoch == st.Epoch {
				pl, rec, cost, n = pl+bs.PseudoLikelihood, rec+bs.Reconstruction, cost+bs.Cost, n+1
				if bs.Batches != 6 {
					t.Errorf("batch of %d batches", bs.Batches)
				}
			}
		}
		if n != st.Batches || pl/float64(n) != st.PseudoLikelihood || rec/float64(n) != st.Reconstruction || cost/float64(n) != st.Cost {
			t.Errorf("epoch %d: %+v, not the means of its %d batches", i+1, st, n)
		}
		if math.IsNaN(st.PseudoLikelihood) || st.Reconstruction <= 0 {
			t.Errorf("epoch monitors %+v", st)
		}
	}
}

// A checkpoint keeps the Gibbs chains where checkpoints always kept them
// (state/chain_v and state/chain_h, batch×units) and their streams under
// model_streams, and gives them back as the sampler's state.
func TestCheckpointKeepsGibbsEntries(t *testing.T) {
	m := tinyBinary[float32](t, 6, 3, 1)
	tr := mustTrainer(t, m, sgd[float32](t, 0.1), TrainConfig{K: 1, Persistent: true, BatchSize: 5, Seed: 1})
	x := randomBinary[float32](rand.New(rand.NewPCG(1, 3)), 20, 6)
	if _, err := tr.Epoch(x, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.npz")
	if err := SaveCheckpoint(path, tr, nil); err != nil {
		t.Fatal(err)
	}
	arrays, err := npz.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	shapes := map[string][]int{}
	var info string
	for _, a := range arrays {
		shapes[a.Name] = a.Shape
		if a.Name == "checkpoint" {
			info = a.Data.(string)
		}
	}
	if !slices.Equal(shapes["state/chain_v"], []int{5, 6}) || !slices.Equal(shapes["state/chain_h"], []int{5, 3}) || !strings.Contains(info, `"model_streams":[`) {
		t.Errorf("chain entries %v and %v, checkpoint entry %s", shapes["state/chain_v"], shapes["state/chain_h"], info)
	}
	ck, err := LoadCheckpoint[float32](path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := tr.Sampler.(*Gibbs[float32]).SamplerState()
	got := ck.State.Sampler
	if len(got.Streams) != 5 || len(got.Arrays) != 2 || got.array("v") == nil || !sameBits(got.array("v"), want.array("v")) || !sameBits(got.array("h"), want.array("h")) {
		t.Errorf("sampler state read back: %+v", got)
	}
}
