package run_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/run"
)

// A durable run: a folder with monitors.csv, model.npz and a checkpoint
// after every epoch. A program that is stopped continues from the folder's
// latest checkpoint with run.Find, rbm.LoadCheckpoint and run.Resume.
//
// Like every example, it builds its data and model in place, so that it
// reads on its own.
func Example() {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 100*12) // 100 rows of 12 binary units
	for i := range x {
		if rng.Float64() < 0.3 {
			x[i] = 1
		}
	}
	vis, _ := rbm.NewBinary[float32]("v", 12)
	hid, _ := rbm.NewBinary[float32]("h", 4)
	m, _ := rbm.New(vis, hid, rng)
	opt, _ := optim.NewSGD[float32](optim.SGDConfig{Groups: optim.Groups(0.05, 1)})
	tr, _ := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, Persistent: true, BatchSize: 10, Seed: 1})

	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	r, err := run.New(tr, run.Config[float32]{Dir: dir, Epochs: 3, Data: x})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close() // the folder is locked until then
	if _, err := r.Train(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	list, _ := run.List(dir)
	for _, e := range list {
		fmt.Println(filepath.Base(e.Path), "after", e.Epochs, "epochs")
	}
	fmt.Println(len(r.Monitors())-1, "rows of monitors")
	// Output:
	// epoch_0001.npz after 1 epochs
	// epoch_0002.npz after 2 epochs
	// epoch_0003.npz after 3 epochs
	// 4 rows of monitors
}

// A run stopped by its context (a signal, say) leaves a checkpoint; a new
// process finds the folder's latest, builds a trainer of its model as the
// first was built, and continues the run where it stopped.
func ExampleResume() {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 100*12)
	for i := range x {
		if rng.Float64() < 0.3 {
			x[i] = 1
		}
	}
	newTrainer := func(m *rbm.RBM[float32]) *rbm.Trainer[float32] {
		opt, _ := optim.NewSGD[float32](optim.SGDConfig{Groups: optim.Groups(0.05, 1)})
		tr, _ := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, Persistent: true, BatchSize: 10, Seed: 1})
		return tr
	}
	vis, _ := rbm.NewBinary[float32]("v", 12)
	hid, _ := rbm.NewBinary[float32]("h", 4)
	m, _ := rbm.New(vis, hid, rng)
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	cfg := run.Config[float32]{Dir: dir, Epochs: 3, Data: x}

	// The first process is stopped after batch 4 of epoch 2.
	ctx, stop := context.WithCancel(context.Background())
	tr := newTrainer(m)
	tr.Callbacks = []rbm.Callback[float32]{rbm.OnBatch[float32](func(_ *rbm.Trainer[float32], st rbm.BatchStats) error {
		if st.Epoch == 2 && st.Batch == 4 {
			stop()
		}
		return nil
	})}
	r, _ := run.New(tr, cfg)
	_, err := r.Train(ctx)
	fmt.Println("interrupted:", errors.Is(err, rbm.ErrInterrupted))
	r.Close() // as the process's exit would

	// The next one continues.
	path, _, _ := run.Find(dir)
	ck, _ := rbm.LoadCheckpoint[float32](path)
	r, _ = run.Resume(newTrainer(ck.Model), ck, cfg)
	defer r.Close()
	fmt.Println("from", filepath.Base(path), "after", r.Completed(), "epoch")
	sum, _ := r.Train(context.Background())
	fmt.Println(sum.Epochs, "epochs more, complete:", r.Completed())
	// Output:
	// interrupted: true
	// from epoch_0001_batch_000004.npz after 1 epoch
	// 2 epochs more, complete: 3
}
