package cli

import (
	"fmt"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/features"
)

// transformOptions are the flags of "rbm transform".
type transformOptions struct {
	model, data, out, split, dtype string
	sample, quiet                  bool
	seed                           uint64
	batch                          int
}

func runTransform(args []string) error {
	var o transformOptions
	fs := newFlagSet("transform", "Write the hidden units' means (or draws, --sample) given each row of data, one row\nper row, in order, to a .npy, .npz or .csv file. The rows are transformed as the\nmodel's training run transformed its rows (binarisation and its seed, standardisation).")
	fs.StringVar(&o.model, "model", "rbm_plots/model.npz", "model file written by 'rbm train'")
	fs.StringVar(&o.data, "data", "", "data file (.npy, .npz, .csv, idx), or a folder with the MNIST idx files (default: MNIST from the Go module cache)")
	fs.StringVar(&o.split, "split", "test", "MNIST digits: train (those the model's run trained on), test, or all (train, then test)")
	fs.StringVar(&o.out, "out", "features.npy", "file to write: .npy, .npz (one array, \"data\") or .csv")
	fs.BoolVar(&o.sample, "sample", false, "draw the hidden states instead of taking their means")
	fs.IntVar(&o.batch, "batch", 256, "rows transformed at once")
	dtypeFlag(fs, &o.dtype)
	seedFlag(fs, &o.seed)
	quietFlag(fs, &o.quiet)
	if err := parseFlags("transform", fs, args); err != nil {
		return err
	}
	if _, err := features.ParseSplit(o.split); err != nil {
		return err
	}
	if o.batch < 1 || o.batch > features.MaxBatch {
		return fmt.Errorf("--batch must be in [1, %d], got %d", features.MaxBatch, o.batch)
	}
	return byDtype("transform", o.dtype,
		func() error { return transform[float32](&o) },
		func() error { return transform[float64](&o) })
}

func transform[T rbm.Float](o *transformOptions) error {
	start := time.Now()
	m, extra, err := rbm.Load[T](o.model)
	if err != nil {
		return err
	}
	parts, err := features.ModelData(m, extra, o.data, features.Split(o.split))
	if err != nil {
		return err
	}
	src := &features.Sets[T]{Parts: parts}
	n, nh := src.Len(), m.Hidden.Len()
	bar := newBar(o.quiet, n, "transforming")
	err = features.WriteTable(o.out, n, nh, func(t *features.Table[T]) error {
		_, err := features.Transform(m, src, features.Options{Batch: o.batch, Sample: o.sample, Seed: o.seed}, func(f []T) error {
			bar.Add(len(f) / nh)
			return t.Write(f)
		})
		return err
	})
	bar.Finish()
	if err != nil {
		return err
	}
	what := "means"
	if o.sample {
		what = "draws"
	}
	fmt.Printf("%s: the hidden %s of %d rows, %d values each (%.1f s)\n", o.out, what, n, nh, time.Since(start).Seconds())
	return nil
}
