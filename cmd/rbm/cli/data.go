package cli

// The data every command reads, through data.Load: the flags of the commands
// turned into its Spec.

import (
	"fmt"
	"os"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/spf13/pflag"
)

// mnistPixels is the number of pixels of an MNIST digit.
const mnistPixels = 28 * 28

// loadMNIST reads the training and test digits as rows of intensities in
// [0,1], from dir (a folder with the MNIST idx files) or, when dir is empty,
// from the copy in the module cache.
func loadMNIST[T rbm.Float](dir string) (train, test []T, err error) {
	src, err := data.Load[T](data.Spec{Path: dir})
	if err != nil {
		return nil, nil, err
	}
	if !src.MNIST {
		return nil, nil, fmt.Errorf("%s is a data file; give a folder with the MNIST idx files", dir)
	}
	return src.Train.Rows, src.Test.Rows, nil
}

// trainingSet is what a run trains on and shows: training rows, the rows
// held out for validation (maybe none), and the rows the samples figure
// starts from, each of nv values, pictures of height×width when known.
type trainingSet[T rbm.Float] struct {
	train, validation, test []T
	nv, height, width       int
	// intensities are the training rows before their stochastic
	// binarisation, kept to draw it anew every epoch (--rebinarize; else nil).
	intensities []T
}

// dataSpec is the data the flags of "rbm train" name.
func (o *trainOptions) dataSpec() data.Spec {
	return data.Spec{
		Path: o.dataDir, TrainSize: o.trainSize, Digits: o.digits, Validation: o.validation,
		Height: o.height, Width: o.width,
		Transform: data.Transform{Binarize: data.Binarization(o.binarize), Threshold: o.threshold, Seed: o.seed, Standardize: o.standardize},
	}
}

// trainingData reads the rows the flags ask for (data.Load) and checks that
// they fill a batch.
func trainingData[T rbm.Float](o *trainOptions) (*trainingSet[T], error) {
	src, err := data.Load[T](o.dataSpec())
	if err != nil {
		return nil, err
	}
	tr := src.Train
	set := &trainingSet[T]{train: tr.Rows, nv: tr.Dim, height: tr.Height, width: tr.Width}
	if o.rebinarize {
		raw := o.dataSpec() // the same rows and validation split, not binarised
		raw.Binarize = data.None
		rawSrc, err := data.Load[T](raw)
		if err != nil {
			return nil, err
		}
		set.intensities = rawSrc.Train.Rows
	}
	if v := src.Validation; v != nil {
		if v.N < o.batch {
			return nil, fmt.Errorf("--validation %g holds %d rows, fewer than a batch of %d", o.validation, v.N, o.batch)
		}
		set.validation = v.Rows
	}
	if o.batch > tr.N {
		return nil, fmt.Errorf("--batch %d exceeds the %d training rows", o.batch, tr.N)
	}
	switch {
	case src.Test != nil:
		set.test = src.Test.Rows
	case set.validation != nil:
		// The samples figure starts from held-out rows, or training rows.
		set.test = set.validation
	default:
		set.test = set.train
	}
	return set, nil
}

// rowsOptions are the flags of the commands that measure a saved model on
// rows transformed as its training run's were.
type rowsOptions struct {
	data, baseData string
	binarize       string // "": as the model was trained
	threshold      float64
	seed           int64  // -1: the seed saved with the model
	seedFlag       string // the seed's flag: "seed" or "binarize-seed"
}

// register declares the rows' flags: --data and --base-data in the words of
// the command (what the rows are for), --binarize, --threshold and the
// binarisation's seed under the name seedFlag.
func (o *rowsOptions) register(fs *pflag.FlagSet, dataUsage, baseUsage, seedFlag string) {
	o.seedFlag = seedFlag
	fs.StringVar(&o.data, "data", "", dataUsage)
	fs.StringVar(&o.baseData, "base-data", "", baseUsage)
	fs.StringVar(&o.binarize, "binarize", "", "none, threshold or stochastic (default: as the model was trained; stochastic for binary units trained on intensities)")
	fs.Float64Var(&o.threshold, "threshold", 0.5, "threshold of --binarize threshold")
	fs.Int64Var(&o.seed, seedFlag, -1, "seed of --binarize stochastic (default: the model's training seed, which gives the training run's test digits)")
}

// validate refuses a --binarize that data.ParseBinarization does not read
// ("" keeps the model's) and a negative seed.
func (o *rowsOptions) validate() error {
	var binarizeErr error
	if o.binarize != "" {
		_, binarizeErr = data.ParseBinarization(o.binarize)
	}
	return firstError(binarizeErr, refuse(o.seed < -1, "--%s must not be negative, got %d", o.seedFlag, o.seed))
}

// modelRows reads the test rows and the base-rate model's training rows and
// transforms them as the model's training run did (data.SavedSpec): MNIST
// with the saved --train-size, --binarize and --seed gives the very test
// digits of that run. It returns what the rows are and how they were
// binarised, for people.
func modelRows[T rbm.Float](o rowsOptions, m *rbm.RBM[T], extra map[string]any) (test, train []T, what, binarized string, err error) {
	spec := data.SavedSpec(extra)
	spec.Path, spec.Digits, spec.Threshold = o.data, "", o.threshold
	binarized = string(spec.Binarize)
	if o.binarize != "" {
		spec.Binarize, binarized = data.Binarization(o.binarize), o.binarize
	} else if _, two := m.Visible.(rbm.TwoState[T]); spec.Binarize == data.None && two {
		spec.Binarize, binarized = data.Stochastic, "stochastic (the model was trained on intensities)"
	}
	if o.seed >= 0 {
		spec.Seed = uint64(o.seed)
	}
	spec.Standardize = spec.Standardize && spec.Binarize == data.None
	if err := spec.Validate(); err != nil {
		return nil, nil, "", "", err
	}
	nv := m.Visible.Len()
	if test, err = readRows[T](o.data, nv); err != nil || test != nil {
		// A file of test rows, and maybe one of training rows.
		if err == nil && o.baseData != "" {
			train, err = readRows[T](o.baseData, nv)
		}
		if err != nil {
			return nil, nil, "", "", err
		}
		spec.Standardize = false
		if train == nil {
			data.Apply(spec.Transform, nv, test)
		} else {
			data.Apply(spec.Transform, nv, train, test)
		}
		return test, train, o.data, binarized, nil
	}
	if nv != mnistPixels {
		return nil, nil, "", "", fmt.Errorf("the model has %d visible units, MNIST digits have 784 (give --data)", nv)
	}
	src, err := data.Load[T](spec)
	if err != nil {
		return nil, nil, "", "", err
	}
	return src.Test.Rows, src.Train.Rows, "MNIST test digits", binarized, nil
}

// readRows reads rows of n values from the data file path (data.ReadFile),
// or returns nil if path is "" or a folder.
func readRows[T rbm.Float](path string, n int) ([]T, error) {
	if path == "" {
		return nil, nil
	}
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return nil, err
	}
	d, err := data.ReadFile[T](path)
	if err != nil {
		return nil, err
	}
	if d.Dim != n {
		return nil, fmt.Errorf("%s: rows of %d values, the model has %d visible units", path, d.Dim, n)
	}
	return d.Rows, nil
}
