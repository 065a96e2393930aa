package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/rbmgo/rbm/rbm"
)

func runTrain(args []string) error {
	var o trainOptions
	fs := newFlagSet("train", "Train an RBM on MNIST. The defaults reproduce the deeplearning.net tutorial:\n500 binary hidden units, PCD-15, learning rate 0.1, batches of 20, 15 epochs.")
	o.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected arguments %q", fs.Args())
	}
	if err := o.validate(); err != nil {
		return err
	}
	if o.dtype == "float64" {
		return train[float64](&o)
	}
	return train[float32](&o)
}

// train runs "rbm train" with validated flags: it reads the data, builds the
// model and its trainer, measures the untrained model, and only then writes
// into the run folder: monitors and the model after every epoch, filters,
// and the samples figure at the end.
func train[T rbm.Float](o *trainOptions) error {
	x, test, err := trainingData[T](o)
	if err != nil {
		return err
	}
	m, tr, err := newTrainer[T](o, mnistPixels)
	if err != nil {
		return err
	}
	method := "PCD"
	if o.cd {
		method = "CD"
	}
	fmt.Printf("training a %s-%v / %s-%v RBM on %d digits: %s-%d, %s lr %g, batch %d, %d epochs, %s -> %s\n",
		m.Visible.Kind(), m.Visible.Shape(), m.Hidden.Kind(), m.Hidden.Shape(), len(x)/mnistPixels, method, o.k, o.optimizer, o.lr, o.batch, o.epochs, o.dtype, o.out)
	exact := func() float64 { // the exact pseudo-likelihood, or NaN when off
		if o.exactPL == 0 {
			return math.NaN()
		}
		pl, err := m.PseudoLikelihood(x[:min(o.exactPL*mnistPixels, len(x))], -1)
		if err != nil {
			return math.NaN()
		}
		return pl
	}
	before, err := tr.Evaluate(x) // also checks the data
	if err != nil {
		return err
	}

	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	mon := newMonitorFile(filepath.Join(o.out, "monitors.csv"))
	if err := mon.report(before, exact()); err != nil {
		return err
	}
	modelPath := filepath.Join(o.out, "model.npz")
	settings := o.settings()
	var total float64
	for e := 1; e <= o.epochs; e++ {
		bar := newBar(o.quiet, before.Batches, fmt.Sprintf("epoch %d/%d", e, o.epochs))
		st, err := tr.Epoch(x, func(done, _ int) { bar.Set(done) })
		bar.Finish()
		if errors.Is(err, rbm.ErrStopped) {
			// The trainer put back the parameters of the last good epoch.
			settings["epochs_completed"] = e - 1
			if serr := rbm.Save(modelPath, m, settings); serr != nil {
				return errors.Join(err, serr)
			}
			return fmt.Errorf("%w; the model of epoch %d is in %s", err, e-1, modelPath)
		}
		if err != nil {
			return err
		}
		total += st.Seconds
		if err := mon.report(st, exact()); err != nil {
			return err
		}
		settings["epochs_completed"] = e
		if err := rbm.Save(modelPath, m, settings); err != nil {
			return err
		}
		if o.filtersEvery > 0 && (e%o.filtersEvery == 0 || e == o.epochs) {
			if err := writeFilters(filepath.Join(o.out, fmt.Sprintf("filters_at_epoch_%d.png", e)), m); err != nil {
				return err
			}
		}
	}
	fmt.Printf("trained in %.1f s (%.1f s an epoch); model in %s\n", total, total/float64(o.epochs), modelPath)
	if o.sample.rows > 0 {
		start := time.Now()
		path := filepath.Join(o.out, "samples.png")
		o.sample.seed = o.seed // as "rbm sample --seed" draws it from the saved model
		if err := drawSamples(path, m, test, o.sample, o.quiet); err != nil {
			return err
		}
		fmt.Printf("samples in %s (%.1f s)\n", path, time.Since(start).Seconds())
	}
	return nil
}
