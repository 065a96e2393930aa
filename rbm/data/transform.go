package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/internal/choice"
)

// Binarization says how rows of intensities in [0,1] become 0/1 values.
type Binarization string

// The binarisations. (A string type, its constants and a parser through
// choice.Parse: the shape of every such set of names in the module.)
const (
	// None keeps the intensities.
	None Binarization = "none"
	// Threshold sets a value to 1 if it is at least the threshold, else 0.
	Threshold Binarization = "threshold"
	// Stochastic sets a value p to 1 with probability p, drawn from the
	// seed's stream 7.
	Stochastic Binarization = "stochastic"
)

// ParseBinarization reads "none", "threshold" or "stochastic".
func ParseBinarization(s string) (Binarization, error) {
	return choice.Parse("--binarize", s, None, Threshold, Stochastic)
}

// Transform is what is done to the rows after they are read: a binarisation,
// or a standardisation by the training rows' statistics. The zero Transform
// does nothing (a Binarize of "" is None).
type Transform struct {
	Binarize    Binarization
	Threshold   float64 // of Threshold, in (0,1)
	Seed        uint64  // of Stochastic
	Standardize bool    // shift and scale every column to zero mean, unit variance
}

// Validate reports a transform that cannot be applied.
func (t Transform) Validate() error {
	if t.Binarize != "" {
		if _, err := ParseBinarization(string(t.Binarize)); err != nil {
			return err
		}
	}
	switch {
	case t.Binarize == Threshold && !(t.Threshold > 0 && t.Threshold < 1):
		return fmt.Errorf("--threshold must be in (0,1), got %g", t.Threshold)
	case t.Standardize && t.Binarize != None && t.Binarize != "":
		return fmt.Errorf("--standardize and --binarize exclude each other")
	}
	return nil
}

// Apply transforms the training rows train (rows of dim values) and the
// other sets in place, nil ones skipped: a stochastic binarisation draws
// from one stream, the sets in order; a standardisation uses the training
// rows' means and deviations for every set.
func Apply[T float32 | float64](t Transform, dim int, train []T, others ...[]T) {
	sets := [][]T{train}
	for _, x := range others {
		if x != nil {
			sets = append(sets, x)
		}
	}
	switch t.Binarize {
	case Threshold:
		for _, x := range sets {
			Binarize(x, T(t.Threshold))
		}
	case Stochastic:
		rng := rand.New(rand.NewPCG(t.Seed, 7))
		for _, x := range sets {
			BinarizeStochastic(x, rng)
		}
	}
	if t.Standardize {
		mean, std := Standardize(train, dim)
		for _, x := range sets[1:] {
			Shift(x, mean, std)
		}
	}
}

// Binarize sets every value to 1 if it is at least threshold, else to 0.
func Binarize[T float32 | float64](x []T, threshold T) {
	for i, v := range x {
		if v >= threshold {
			x[i] = 1
		} else {
			x[i] = 0
		}
	}
}

// BinarizeStochastic replaces every value p in [0,1] by 1 with probability p,
// drawing from rng, so a seed gives the same binary data every time.
func BinarizeStochastic[T float32 | float64](x []T, rng *rand.Rand) {
	for i, v := range x {
		if rng.Float64() < float64(v) {
			x[i] = 1
		} else {
			x[i] = 0
		}
	}
}

// Standardize shifts and scales every column of the rows of x (n×dim) to zero
// mean and unit variance over those rows, and returns the means and standard
// deviations so that other data can be transformed with Shift. A column with
// no spread keeps a deviation of 1.
func Standardize[T float32 | float64](x []T, dim int) (mean, std []float64) {
	n := len(x) / dim
	mean, std = make([]float64, dim), make([]float64, dim)
	for r := 0; r < n; r++ {
		for j, v := range x[r*dim : (r+1)*dim] {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for r := 0; r < n; r++ {
		for j, v := range x[r*dim : (r+1)*dim] {
			d := float64(v) - mean[j]
			std[j] += d * d
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(n))
		if std[j] < 1e-8 {
			std[j] = 1
		}
	}
	Shift(x, mean, std)
	return mean, std
}

// Shift transforms rows of x by (x - mean) / std, column by column.
func Shift[T float32 | float64](x []T, mean, std []float64) {
	dim := len(mean)
	for i, v := range x {
		j := i % dim
		x[i] = T((float64(v) - mean[j]) / std[j])
	}
}
