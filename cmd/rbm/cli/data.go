package cli

import (
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/rbmgo/rbm/rbm/data"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/mnist"
)

// mnistPixels is the number of pixels of an MNIST digit.
const mnistPixels = 28 * 28

// loadMNIST reads the training and test digits as rows of intensities in
// [0,1], from dir or, when dir is empty, from the copy in the module cache.
func loadMNIST[T rbm.Float](dir string) (train, test []T, err error) {
	if dir == "" {
		if dir, err = mnist.DefaultDir(); err != nil {
			return nil, nil, err
		}
	}
	set, err := mnist.Load(dir)
	if err != nil {
		return nil, nil, err
	}
	return floats[T](set.Train.Images), floats[T](set.Test.Images), nil
}

func floats[T rbm.Float](im *mnist.Images) []T {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(im.Floats32(0)).([]T)
	}
	return any(im.Floats64(0)).([]T)
}

// trainingSet is what a run trains on and shows: training rows, the rows
// held out for validation (maybe none), and the rows the samples figure
// starts from, each of nv values, pictures of height×width when known.
type trainingSet[T rbm.Float] struct {
	train, validation, test []T
	nv, height, width       int
}

// trainingData reads the rows the flags ask for and transforms them as they
// say: the first --train-size rows of MNIST or of a --data file, less a
// --validation part, binarised or standardised; the validation and test rows
// get the same transform.
func trainingData[T rbm.Float](o *trainOptions) (*trainingSet[T], error) {
	set := &trainingSet[T]{}
	if st, err := os.Stat(o.dataDir); o.dataDir != "" && err == nil && !st.IsDir() {
		d, err := data.ReadFileRows[T](o.dataDir, o.trainSize)
		if err != nil {
			return nil, err
		}
		if o.digits != "" {
			return nil, fmt.Errorf("--digits selects MNIST classes; %s is a data file", o.dataDir)
		}
		if o.shape != "" {
			if err := d.SetShape(o.height, o.width); err != nil {
				return nil, fmt.Errorf("--shape %s: %w", o.shape, err)
			}
		}
		set.train, set.nv, set.height, set.width = d.Rows, d.Dim, d.Height, d.Width
	} else {
		train, test, err := loadMNIST[T](o.dataDir)
		if err != nil {
			return nil, err
		}
		if o.shape != "" && (o.height != 28 || o.width != 28) {
			return nil, fmt.Errorf("--shape %s: MNIST digits are 28x28", o.shape)
		}
		if train, err = selectDigits(o.digits, o.dataDir, train, mnistPixels); err != nil {
			return nil, err
		}
		set.train, set.test, set.nv, set.height, set.width = train, test, mnistPixels, 28, 28
	}
	n := len(set.train) / set.nv
	if o.trainSize > 0 {
		if o.trainSize > n {
			return nil, fmt.Errorf("--train-size %d exceeds the %d training rows", o.trainSize, n)
		}
		set.train, n = set.train[:o.trainSize*set.nv], o.trainSize
	}
	if o.validation > 0 {
		all := &data.Set[T]{Rows: set.train, N: n, Dim: set.nv}
		rest, held, err := all.Split(o.validation, rand.New(rand.NewPCG(o.seed, 8)))
		if err != nil {
			return nil, fmt.Errorf("--validation: %w", err)
		}
		set.train, set.validation, n = rest.Rows, held.Rows, rest.N
		if held.N < o.batch {
			return nil, fmt.Errorf("--validation %g holds %d rows, fewer than a batch of %d", o.validation, held.N, o.batch)
		}
	}
	if o.batch > n {
		return nil, fmt.Errorf("--batch %d exceeds the %d training rows", o.batch, n)
	}
	transform(o.binarize, o.threshold, o.seed, o.standardize, set.nv, set.train, set.test, set.validation)
	if set.test == nil {
		// The samples figure starts from held-out rows, or training rows.
		set.test = set.validation
		if set.test == nil {
			set.test = set.train
		}
	}
	return set, nil
}

// transform applies --binarize (threshold, or stochastic from the seed's
// stream 7, the sets in order) or --standardize (by the training rows'
// statistics) to the training rows and to the other sets (nil ones are
// skipped).
func transform[T rbm.Float](binarize string, threshold float64, seed uint64, standardize bool, nv int, train []T, others ...[]T) {
	sets := [][]T{train}
	for _, x := range others {
		if x != nil {
			sets = append(sets, x)
		}
	}
	switch binarize {
	case "threshold":
		for _, x := range sets {
			mnist.Binarize(x, T(threshold))
		}
	case "stochastic":
		rng := rand.New(rand.NewPCG(seed, 7))
		for _, x := range sets {
			mnist.BinarizeStochastic(x, rng)
		}
	}
	if standardize {
		mean, std := mnist.Standardize(train, nv)
		for _, x := range sets[1:] {
			mnist.Apply(x, mean, std)
		}
	}
}
