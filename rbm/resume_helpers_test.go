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
	rng := rand.New(rand.NewPCG(3, 9))
	x := make([]T, rows*nv)
	for i := range x {
		if rng.Float64() < 0.3 {
			x[i] = 1
		}
	}
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
	return trainResumed(t, tinyBinary[T](t, nv, nh, 4), newTrainer, x, 3, stopEpoch, stopAt)
}

// trainResumed trains m for the given epochs over x with trainers made by
// newTrainer, either without stopping (stopEpoch 0) or stopped after batch
// stopAt of epoch stopEpoch, saved to a checkpoint file and continued in a
// new trainer on the checkpoint's model. It returns the parameters.
func trainResumed[T Float](t *testing.T, m *RBM[T], newTrainer func(*RBM[T]) *Trainer[T], x []T, epochs, stopEpoch, stopAt int) []T {
	t.Helper()
	tr := newTrainer(m)
	for e := 1; e <= epochs; e++ {
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
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("epoch %d: %v", e, err)
		}
		path := filepath.Join(t.TempDir(), "checkpoint.npz")
		if err := SaveCheckpoint(path, tr, nil); err != nil {
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
		if _, err := tr.Epoch(x, nil); err != nil {
			t.Fatal(err)
		}
	}
	var all []T
	for _, p := range m.Params() {
		all = append(all, data[T](p)...)
	}
	return all
}
