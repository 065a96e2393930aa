package rbm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sparsityRun trains a 30×12 binary model on random rows for 5 epochs with
// the sparsity target p at cost, and returns the mean hidden activation over
// the data at the end.
func sparsityRun(t *testing.T, p, cost float64) float64 {
	t.Helper()
	const nv, nh, rows = 30, 12, 200
	x := randomBinary[float64](rand.New(rand.NewPCG(8, 1)), rows, nv)
	m := tinyBinary[float64](t, nv, nh, 2)
	tr, err := NewTrainer(m, sgd[float64](t, 0.05), TrainConfig{K: 1, Persistent: true, BatchSize: 20, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	sp := &Sparsity[float64]{Target: p, Cost: cost, Decay: 0.9}
	tr.Transforms = []GradientTransform[float64]{sp}
	for range 5 {
		if _, err := tr.Epoch(x, nil); err != nil {
			t.Fatal(err)
		}
	}
	in := make([]float64, rows*nh)
	m.PropUp(x, in)
	mean := make([]float64, len(in))
	m.Hidden.Mean(in, mean)
	var s float64
	for _, v := range mean {
		s += v
	}
	if q := sp.Means(); len(q) != nh {
		t.Fatalf("%d moving averages for %d units", len(q), nh)
	}
	return s / float64(len(mean))
}

// A sparsity target moves the hidden units' mean activation toward it: from
// the same start, training with target 0.05 ends far less active than
// without the penalty, and with target 0.9 more active.
func TestSparsityMovesActivationTowardTarget(t *testing.T) {
	free := sparsityRun(t, 0.5, 0)
	low := sparsityRun(t, 0.05, 1)
	high := sparsityRun(t, 0.9, 1)
	t.Logf("mean activation: %.3f without penalty, %.3f for target 0.05, %.3f for target 0.9", free, low, high)
	if !(math.Abs(low-0.05) < math.Abs(free-0.05)/2) {
		t.Errorf("target 0.05: mean activation %.3f, %.3f without the penalty", low, free)
	}
	if !(math.Abs(high-0.9) < math.Abs(free-0.9)/2) {
		t.Errorf("target 0.9: mean activation %.3f, %.3f without the penalty", high, free)
	}
}

// The sparsity target's moving average is kept by checkpoints: training
// stopped and resumed gives the uninterrupted model, bit for bit.
func TestSparsityResumesBitForBit(t *testing.T) {
	setup := func(tr *Trainer[float32]) {
		tr.Transforms = []GradientTransform[float32]{
			L2L1[float32]{Strength: 1e-3, Groups: []string{"weights"}},
			&Sparsity[float32]{Target: 0.1, Cost: 0.5, Decay: 0.95},
		}
	}
	want := resumeWith(t, setup, 0, 0)
	if sameBits(want, resumeWith[float32](t, func(*Trainer[float32]) {}, 0, 0)) {
		t.Fatal("the transforms changed nothing")
	}
	for _, stop := range [][2]int{{1, 4}, {2, 9}, {3, 2}} {
		if got := resumeWith(t, setup, stop[0], stop[1]); !sameBits(want, got) {
			t.Errorf("stopped after batch %d of epoch %d: the resumed model differs", stop[1], stop[0])
		}
	}
}

func TestSparsityRefuses(t *testing.T) {
	for _, s := range []*Sparsity[float64]{
		{Target: 0, Cost: 1, Decay: 0.9}, {Target: 1, Cost: 1}, {Target: 0.1, Cost: -1}, {Target: 0.1, Cost: 1, Decay: 1}, {Target: math.NaN()},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v accepted", *s)
		}
	}
	if err := (&Sparsity[float64]{Target: 0.1, Cost: 1}).Transform(nil); err == nil {
		t.Error("a transform without a batch was taken")
	}
	vis, _ := NewBinary[float64]("v", 3)
	hid, _ := NewGaussian[float64]("h", 2)
	m, _ := New[float64](vis, hid, rand.New(rand.NewPCG(1, 1)))
	c, _ := NewChains(m, 2, 1, 0)
	if err := (&Sparsity[float64]{Target: 0.1, Cost: 1}).SeeBatch(m, c); err == nil {
		t.Error("gaussian hidden units taken")
	}
}

// A state saved with more transforms than a resumed trainer has is taken
// when the extra ones held no state, and refused when they did.
func TestTransformStatesOfDroppedTransforms(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	x := randomBinary[float64](rand.New(rand.NewPCG(1, 3)), 20, 6)
	newTrainer := func(tfs ...GradientTransform[float64]) *Trainer[float64] {
		tr, err := NewTrainer(m, sgd[float64](t, 0.1), TrainConfig{K: 1, Persistent: true, BatchSize: 5, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		tr.Transforms = tfs
		return tr
	}
	tr := newTrainer(&Sparsity[float64]{Target: 0.1, Cost: 1, Decay: 0.9}, L1[float64]{Strength: 0.01})
	if _, err := tr.Epoch(x, nil); err != nil {
		t.Fatal(err)
	}
	st, err := tr.State()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Transforms) != 2 || len(st.Transforms[0]) != 1 || st.Transforms[1] != nil {
		t.Fatalf("transform states %+v", st.Transforms)
	}
	if err := newTrainer(&Sparsity[float64]{Target: 0.1, Cost: 1, Decay: 0.9}).SetState(st); err != nil {
		t.Errorf("without the stateless L1: %v", err)
	}
	if err := newTrainer().SetState(st); err == nil {
		t.Error("the sparsity target's state taken by a trainer without it")
	}
}
