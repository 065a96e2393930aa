package rbm

import (
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm/npz"
)

// resumeCase trains a model for 4 epochs, either without stopping or
// stopped (by its context) after batch stopAt of epoch stopEpoch and resumed
// in a new trainer on a new model holding the stopped model's parameters;
// it returns the parameters, followed by their mean over the updates of
// epochs 2 to 4 when average is set.
func resumeCase[T Float](t *testing.T, adam, persistent, average bool, stopEpoch, stopAt int) []T {
	t.Helper()
	const nv, nh, rows = 30, 12, 100
	x := sparseBinary[T](rand.New(rand.NewPCG(3, 9)), rows, nv, 0.3)
	newTrainer := func(m *RBM[T]) *Trainer[T] {
		opt := sgdOrAdam[T](t, adam, optim.Groups(0.01, 0.1), optim.Groups(0.05, 1))
		tr := mustTrainer(t, m, opt, TrainConfig{K: 2, Persistent: persistent, BatchSize: 10, Seed: 5})
		tr.Transforms = []GradientTransform[T]{weightDecay[T]()}
		return tr
	}
	vis, _ := NewBinary[T]("v", nv)
	hid, _ := NewBinary[T]("h", nh)
	m, err := New(vis, hid, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	m, tr := trainResumed(t, m, newTrainer, x, 4, stopEpoch, stopAt, func(tr *Trainer[T], e int) {
		if e == 1 {
			if _, err := tr.Evaluate(x); err != nil {
				t.Fatal(err)
			}
		}
		if average && e == 2 {
			tr.StartAveraging()
		}
	})
	all := paramValues(m)
	if average {
		mean := tinyBinary[T](t, m.Visible.Len(), m.Hidden.Len(), 1)
		if err := tr.AverageInto(mean); err != nil {
			t.Fatal(err)
		}
		for _, p := range mean.Params() {
			all = append(all, data[T](p)...)
		}
	}
	return all
}

func sameBits[T Float](a, b []T) bool {
	return slices.EqualFunc(a, b, func(x, y T) bool { return math.Float64bits(float64(x)) == math.Float64bits(float64(y)) })
}

// Training stopped at any batch and resumed from the trainer's State in a
// new trainer gives the model of an uninterrupted run, bit for bit.
func TestResumeEqualsUninterrupted(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		adam, persistent     bool
		average              bool
		stopEpoch, stopAfter int
	}{
		{"sgd pcd mid-epoch", false, true, false, 2, 4},
		{"sgd cd first batch", false, false, false, 1, 1},
		{"adam pcd mid-epoch", true, true, false, 3, 7},
		{"adam cd mid-epoch", true, false, false, 2, 5},
		{"sgd pcd last batch", false, true, false, 2, 9},
		{"sgd pcd averaged mid-epoch", false, true, true, 3, 6},
		{"adam cd averaged first batch", true, false, true, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if want, got := resumeCase[float32](t, tc.adam, tc.persistent, tc.average, 0, 0), resumeCase[float32](t, tc.adam, tc.persistent, tc.average, tc.stopEpoch, tc.stopAfter); !sameBits(want, got) {
				t.Error("float32: resumed model differs from the uninterrupted one")
			}
			if want, got := resumeCase[float64](t, tc.adam, tc.persistent, tc.average, 0, 0), resumeCase[float64](t, tc.adam, tc.persistent, tc.average, tc.stopEpoch, tc.stopAfter); !sameBits(want, got) {
				t.Error("float64: resumed model differs from the uninterrupted one")
			}
		})
	}
}

// A checkpoint whose bytes changed after it was written is refused.
func TestCheckpointChecksum(t *testing.T) {
	m := tinyBinary[float64](t, 6, 3, 1)
	tr, err := NewTrainer(m, sgd[float64](t, 0.1), TrainConfig{K: 1, BatchSize: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.npz")
	if err := SaveCheckpoint(path, tr, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCheckpoint[float64](path); err != nil {
		t.Fatal(err)
	}
	testutil.EditArray(t, path, path, "state/chain_h", func(a *npz.Array) {
		a.Data.([]float64)[0] = 1 - a.Data.([]float64)[0]
	})
	if _, err := LoadCheckpoint[float64](path); err == nil || !strings.Contains(err.Error(), "checksum mismatch") || !errors.Is(err, ErrModelFile) {
		t.Errorf("a changed checkpoint: error %v, want a checksum mismatch", err)
	}
	if err := Save(path, m, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCheckpoint[float64](path); err == nil || !strings.Contains(err.Error(), "not a checkpoint") {
		t.Errorf("a model file as a checkpoint: error %v", err)
	}
}
