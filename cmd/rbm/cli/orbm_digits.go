package cli

import (
	"fmt"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/mnist"
)

// selectDigits keeps the training rows of x whose class is in the list of
// --digits; an empty list keeps them all.
func selectDigits[T rbm.Float](list, dir string, x []T, nv int) ([]T, error) {
	if list == "" {
		return x, nil
	}
	keep, err := mnist.ParseDigits(list)
	if err != nil {
		return nil, fmt.Errorf("--digits: %w", err)
	}
	if dir == "" {
		if dir, err = mnist.DefaultDir(); err != nil {
			return nil, err
		}
	}
	labels, err := mnist.TrainLabels(dir)
	if err != nil {
		return nil, err
	}
	out, err := mnist.SelectClasses(x, nv, labels, keep)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--digits %q selects no training digits", list)
	}
	return out, nil
}
