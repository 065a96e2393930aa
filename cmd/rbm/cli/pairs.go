package cli

// The models and digits that the orbm subcommands share.

import (
	"fmt"

	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/orbm"
	"github.com/spf13/pflag"
)

// loadPair loads two models (orbm.LoadClasses) and their classes: a and b
// when not negative, else the classes the models were trained on.
func loadPair(pa, pb string, a, b int) (*orbm.ORBM[float64], [2]int, error) {
	m, classes, err := orbm.LoadClasses(pa, pb)
	if err != nil {
		return nil, classes, err
	}
	for k, c := range []int{a, b} {
		if c >= 0 {
			classes[k] = c
		}
	}
	if classes[0] < 0 || classes[0] > 9 || classes[1] < 0 || classes[1] > 9 {
		return nil, classes, fmt.Errorf("the classes of the models are unknown: give --digit-a and --digit-b (0-9)")
	}
	return m, classes, nil
}

// orbmDigits reads the MNIST training and test digits from dir ("" for the
// module cache), binarised at 1/2.
func orbmDigits(dir string) (train, test *orbm.Digits, err error) {
	src, err := data.Load[float64](data.Spec{Path: dir, Transform: data.Transform{Binarize: data.Threshold, Threshold: 0.5}})
	if err != nil {
		return nil, nil, err
	}
	if !src.MNIST {
		return nil, nil, fmt.Errorf("%s is a data file; give a folder with the MNIST idx files", dir)
	}
	digits := func(s *data.Set[float64]) *orbm.Digits {
		return &orbm.Digits{Rows: s.Rows, Dim: s.Dim, Labels: s.Labels}
	}
	return digits(src.Train), digits(src.Test), nil
}

// pairFlags are the flags of the orbm commands that take two models: their
// files, their classes, the MNIST folder and the seed.
type pairFlags struct {
	a, b           string
	digitA, digitB int
	dataDir        string
	seed           uint64
}

func (p *pairFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&p.a, "a", "", "model file of cause A")
	fs.StringVar(&p.b, "b", "", "model file of cause B")
	fs.IntVar(&p.digitA, "digit-a", -1, "class of A's MNIST digits (default: the --digits A was trained with)")
	fs.IntVar(&p.digitB, "digit-b", -1, "class of B's MNIST digits (default: the --digits B was trained with)")
	mnistFlag(fs, &p.dataDir)
	seedFlag(fs, &p.seed)
}
