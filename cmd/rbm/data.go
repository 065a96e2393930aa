package main

import (
	"fmt"
	"math/rand/v2"

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

// trainingData reads the digits the flags ask for and transforms them as
// they say: the first --train-size training digits, binarised or
// standardised; the test digits get the same transform.
func trainingData[T rbm.Float](o *trainOptions) (train, test []T, err error) {
	train, test, err = loadMNIST[T](o.dataDir)
	if err != nil {
		return nil, nil, err
	}
	if o.trainSize > 0 {
		if o.trainSize > len(train)/mnistPixels {
			return nil, nil, fmt.Errorf("--train-size %d exceeds the %d training digits", o.trainSize, len(train)/mnistPixels)
		}
		train = train[:o.trainSize*mnistPixels]
	}
	if n := len(train) / mnistPixels; o.batch > n {
		return nil, nil, fmt.Errorf("--batch %d exceeds the %d training digits", o.batch, n)
	}
	switch o.binarize {
	case "threshold":
		for _, x := range [][]T{train, test} {
			mnist.Binarize(x, T(o.threshold))
		}
	case "stochastic":
		rng := rand.New(rand.NewPCG(o.seed, 7))
		for _, x := range [][]T{train, test} {
			mnist.BinarizeStochastic(x, rng)
		}
	}
	if o.standardize {
		mean, std := mnist.Standardize(train, mnistPixels)
		mnist.Apply(test, mean, std)
	}
	return train, test, nil
}
