package rbm

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/optim"
)

// resumeWith trains a 30×12 binary model for 3 epochs with SGD and
// momentum, setup configuring every trainer made (its sampler, transforms),
// either without stopping (stopEpoch 0) or stopped after batch stopAt of
// epoch stopEpoch, saved to a checkpoint file and continued in a new
// trainer on the checkpoint's model. It returns the parameters.
func resumeWith[T Float](t *testing.T, setup func(*Trainer[T]), stopEpoch, stopAt int) []T {
	t.Helper()
	const nv, nh, rows = 30, 12, 100
	x := sparseBinary[T](rand.New(rand.NewPCG(3, 9)), rows, nv, 0.3)
	newTrainer := func(m *RBM[T]) *Trainer[T] {
		opt, err := optim.NewSGD[T](optim.SGDConfig{Groups: optim.Groups(0.05, 1), Momentum: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := NewTrainer(m, opt, TrainConfig{K: 2, Persistent: true, BatchSize: 10, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		setup(tr)
		return tr
	}
	m, _ := trainResumed(t, tinyBinary[T](t, nv, nh, 4), newTrainer, x, 3, stopEpoch, stopAt, nil)
	return paramValues(m)
}

// trainResumed trains m for the given epochs over x with trainers made by
// newTrainer, either without stopping (stopEpoch 0) or stopped after batch
// stopAt of epoch stopEpoch, saved to a checkpoint file and continued in a
// new trainer on the checkpoint's model; before, unless nil, is called with
// the trainer at the start of every epoch. It returns the final model and
// trainer.
func trainResumed[T Float](t *testing.T, m *RBM[T], newTrainer func(*RBM[T]) *Trainer[T], x []T, epochs, stopEpoch, stopAt int,
	before func(tr *Trainer[T], epoch int)) (*RBM[T], *Trainer[T]) {
	t.Helper()
	tr := newTrainer(m)
	for e := 1; e <= epochs; e++ {
		if before != nil {
			before(tr, e)
		}
		ctx, cancel := context.WithCancel(context.Background())
		progress := func(done, _ int) {
			if e == stopEpoch && done == stopAt {
				cancel()
			}
		}
		_, err := tr.EpochContext(ctx, x, progress)
		cancel()
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
			t.Fatalf("epoch %d: %v", e, err)
		}
		// A new process: the model and the trainer's state from a
		// checkpoint file, a new trainer.
		path := filepath.Join(t.TempDir(), "checkpoint.npz")
		if err := SaveCheckpoint(path, tr, map[string]any{"note": "resume"}); err != nil {
			t.Fatal(err)
		}
		ck, err := LoadCheckpoint[T](path)
		if err != nil {
			t.Fatal(err)
		}
		m, tr = ck.Model, newTrainer(ck.Model)
		if err := tr.SetState(ck.State); err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Epoch(x, nil); err != nil { // the rest of epoch e
			t.Fatal(err)
		}
	}
	return m, tr
}
