package cli

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"time"
	"unsafe"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/features"
	"github.com/rbmgo/rbm/rbm/probe"
	"github.com/spf13/pflag"
)

// probeOptions are the flags of "rbm probe".
type probeOptions struct {
	model, data, testData, optimizer, dtype string
	labelColumn, trainSize, testSize        int
	epochs, batch                           int
	lr, momentum, weightDecay, validation   float64
	seed                                    uint64
	raw, quiet                              bool
	maxMemory                               budget.Limit
}

func (o *probeOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.model, "model", "rbm_plots/model.npz", "model file written by 'rbm train'")
	fs.StringVar(&o.data, "data", "", "training rows with labels: a folder with the MNIST idx files (default: the copy in the Go module cache), an .npz with arrays x (rows) and y (labels), or a .csv or .npy file with a label column")
	fs.StringVar(&o.testData, "test-data", "", "test rows with labels, as --data (needed when --data is a file)")
	fs.IntVar(&o.labelColumn, "label-column", -1, "the column of the labels in a .csv or .npy file (-1: the last)")
	fs.IntVar(&o.trainSize, "train-size", 0, "use the first N training rows (0: all)")
	fs.IntVar(&o.testSize, "test-size", 0, "use the first N test rows (0: all)")
	fs.IntVar(&o.epochs, "epochs", 20, "passes over the training rows")
	fs.IntVar(&o.batch, "batch", 100, "rows a step")
	fs.StringVar(&o.optimizer, "optimizer", "adam", "sgd or adam")
	fs.Float64Var(&o.lr, "lr", 0.001, "learning rate")
	fs.Float64Var(&o.momentum, "momentum", 0.9, "momentum of --optimizer sgd")
	fs.Float64Var(&o.weightDecay, "weight-decay", 0, "L2 penalty λ: the cost gains ½·λ·‖W‖²")
	fs.Float64Var(&o.validation, "validation", 0, "hold out this fraction of the training rows and print the classifier's accuracy on them after every epoch")
	seedFlag(fs, &o.seed)
	fs.BoolVar(&o.raw, "raw", true, "also train the classifier on the rows themselves, for comparison")
	dtypeFlag(fs, &o.dtype)
	fs.Var(&o.maxMemory, "max-memory", maxMemoryUsage)
	quietFlag(fs, &o.quiet)
}

func (o *probeOptions) validate() error {
	return firstError(
		within("--epochs", o.epochs, 1, 1<<20),
		within("--batch", o.batch, 1, 1<<20),
		atLeast("--train-size", o.trainSize, 0),
		atLeast("--test-size", o.testSize, 0),
		atLeast("--label-column", o.labelColumn, -1),
		refuse(o.optimizer != "sgd" && o.optimizer != "adam", "--optimizer must be sgd or adam, not %q", o.optimizer),
		refuse(!(o.lr > 0) || math.IsInf(o.lr, 1), "--lr must be positive and finite, got %v", o.lr),
		refuse(!(o.momentum >= 0 && o.momentum < 1), "--momentum must be in [0,1), got %v", o.momentum),
		refuse(!(o.weightDecay >= 0) || math.IsInf(o.weightDecay, 1), "--weight-decay must be finite and not negative, got %v", o.weightDecay),
		refuse(!(o.validation >= 0 && o.validation < 1), "--validation must be a fraction in [0,1), got %v", o.validation),
	)
}

func runProbe(args []string) error {
	var o probeOptions
	return runTyped("probe", "Measure what a model's hidden units learnt: train a softmax classifier\n(multinomial logistic regression, its cost a gorgonia graph) on the model's\nhidden means given each training row, and report its test accuracy beside\nthe same classifier trained on the rows themselves.", &o, &o.dtype, args, probeModel[float32], probeModel[float64])
}

func probeModel[T rbm.Float](o *probeOptions) error {
	m, extra, err := rbm.Load[T](o.model)
	if err != nil {
		return err
	}
	start := time.Now()
	train, held, test, what, err := probeRows[T](o, m, extra)
	if err != nil {
		return err
	}
	classes := 0
	for _, l := range train.Labels {
		classes = max(classes, int(l)+1)
	}
	for _, s := range []*data.Set[T]{held, test} {
		for i, l := range labelsOf(s) {
			if int(l) >= classes {
				return fmt.Errorf("label %d of test or held-out row %d is not a class of the training rows (0 to %d)", l, i, classes-1)
			}
		}
	}
	var z T
	var e budget.Estimate
	rows := float64(train.N + test.N + len(labelsOf(held)))
	e.Add("hidden means and inputs", 2*rows*float64(m.Hidden.Len()), float64(unsafe.Sizeof(z)))
	e.Add("scores", rows*float64(classes), float64(unsafe.Sizeof(z)))
	if err := e.Check(fmt.Sprintf("%.0f rows of %d hidden means", rows, m.Hidden.Len()), &o.maxMemory, "--max-memory"); err != nil {
		return err
	}
	raw := probeSet[T]{train.Rows, train.Labels, rowsOf(held), labelsOf(held), test.Rows, test.Labels, train.Dim}
	hidden := probeSet[T]{y: train.Labels, vy: labelsOf(held), ty: test.Labels, dim: m.Hidden.Len()}
	for _, f := range []struct{ in, out *[]T }{{&raw.x, &hidden.x}, {&raw.vx, &hidden.vx}, {&raw.tx, &hidden.tx}} {
		if len(*f.in) > 0 {
			if *f.out, err = features.Of(m, *f.in, features.Options{}); err != nil {
				return err
			}
		}
	}
	fmt.Printf("%d training, %d held-out and %d test rows of %s, %d classes; hidden means of %d units: %s\n",
		train.N, len(raw.vy), test.N, what, classes, m.Hidden.Len(), elapsed(start))
	if err := probeOne(o, "hidden means", hidden, classes); err != nil {
		return err
	}
	if !o.raw {
		return nil
	}
	return probeOne(o, "raw rows", raw, classes)
}

// probeSet is what a classifier is trained and measured on: features and
// labels of the training, held-out (maybe none) and test rows.
type probeSet[T rbm.Float] struct {
	x  []T
	y  []uint8
	vx []T
	vy []uint8
	tx []T
	ty []uint8
	// dim is the number of features a row.
	dim int
}

// rowsOf and labelsOf return the rows and labels of s, or nil.
func rowsOf[T rbm.Float](s *data.Set[T]) []T {
	if s == nil {
		return nil
	}
	return s.Rows
}

func labelsOf[T rbm.Float](s *data.Set[T]) []uint8 {
	if s == nil {
		return nil
	}
	return s.Labels
}

// probeRows reads the labelled training and test rows and transforms them
// as the model's training run did (data.SavedSpec).
// With --validation, a fraction of the training rows, chosen by --seed, is
// held out.
func probeRows[T rbm.Float](o *probeOptions, m *rbm.RBM[T], extra map[string]any) (train, held, test *data.Set[T], what string, err error) {
	spec := data.SavedSpec(extra)
	spec.Path, spec.Digits, spec.TrainSize = o.data, "", o.trainSize
	if err := spec.Validate(); err != nil {
		return nil, nil, nil, "", err
	}
	nv := m.Visible.Len()
	how := fmt.Sprintf("binarised: %s", spec.Binarize)
	if spec.Standardize {
		how = "standardised"
	}
	if st, err := os.Stat(o.data); o.data == "" || (err == nil && st.IsDir()) {
		if nv != mnistPixels {
			return nil, nil, nil, "", fmt.Errorf("the model has %d visible units, MNIST digits have 784 (give --data and --test-data)", nv)
		}
		src, err := data.Load[T](spec)
		if err != nil {
			return nil, nil, nil, "", err
		}
		train, test = src.Train, src.Test
		what = "MNIST digits (" + how + ", as the model's training run)"
	} else {
		if o.testData == "" {
			return nil, nil, nil, "", fmt.Errorf("--data %s is a file: give --test-data too", o.data)
		}
		if train, err = data.ReadLabelled[T](o.data, o.labelColumn, o.trainSize); err != nil {
			return nil, nil, nil, "", err
		}
		if test, err = data.ReadLabelled[T](o.testData, o.labelColumn, o.testSize); err != nil {
			return nil, nil, nil, "", err
		}
		for _, s := range []*data.Set[T]{train, test} {
			if s.Dim != nv {
				return nil, nil, nil, "", fmt.Errorf("rows of %d values (besides the label), the model has %d visible units", s.Dim, nv)
			}
		}
		data.Apply(spec.Transform, nv, train.Rows, test.Rows)
		what = o.data + " (" + how + ", as the model's training run)"
	}
	if o.testSize > 0 && o.testSize < test.N {
		test.N, test.Rows, test.Labels = o.testSize, test.Rows[:o.testSize*test.Dim], test.Labels[:o.testSize]
	}
	if o.validation > 0 {
		if train, held, err = train.Split(o.validation, rand.New(rand.NewPCG(o.seed, 8))); err != nil {
			return nil, nil, nil, "", fmt.Errorf("--validation: %w", err)
		}
	}
	if o.batch > train.N {
		return nil, nil, nil, "", fmt.Errorf("--batch %d exceeds the %d training rows", o.batch, train.N)
	}
	return train, held, test, what, nil
}

// probeOne trains the classifier on the features of set and prints its
// accuracies: on the held-out rows after every epoch, and at the end.
func probeOne[T rbm.Float](o *probeOptions, name string, set probeSet[T], classes int) error {
	start := time.Now()
	c, err := probe.NewClassifier[T](set.dim, classes)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var progressErr error
	err = c.Fit(set.x, set.y, probe.Config{
		Epochs: o.epochs, Batch: o.batch, Optimizer: o.optimizer, LearningRate: o.lr, Momentum: o.momentum,
		WeightDecay: o.weightDecay, Seed: o.seed,
		Progress: func(epoch int, cost float64) {
			held := ""
			if len(set.vy) > 0 {
				acc, err := c.Accuracy(set.vx, set.vy)
				progressErr = cmp.Or(progressErr, err)
				held = fmt.Sprintf(", held-out accuracy %.2f%%", 100*acc)
			}
			if !o.quiet {
				fmt.Fprintf(os.Stderr, "%s: epoch %d, mean cost %.4f%s, %s\n", name, epoch, cost, held, elapsed(start))
			}
		},
	})
	if err = cmp.Or(err, progressErr); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	trainAcc, err := c.Accuracy(set.x, set.y)
	if err != nil {
		return err
	}
	testAcc, err := c.Accuracy(set.tx, set.ty)
	if err != nil {
		return err
	}
	held := ""
	if len(set.vy) > 0 {
		acc, err := c.Accuracy(set.vx, set.vy)
		if err != nil {
			return err
		}
		held = fmt.Sprintf(", held-out %.2f%%", 100*acc)
	}
	fmt.Printf("%-12s test accuracy %.2f%% (training %.2f%%%s), %d features, %d epochs of %s, %s\n",
		name+":", 100*testAcc, 100*trainAcc, held, set.dim, o.epochs, o.optimizer, elapsed(start))
	return nil
}
