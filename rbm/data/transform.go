package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/internal/choice"
	"github.com/rbmgo/rbm/internal/parallel"
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

// MaxRedrawEpoch bounds the epochs Redraw draws for.
const MaxRedrawEpoch = 1<<31 - 1

// redrawStream is the first of the seed's streams Redraw draws from: epoch e's
// block b of rows draws from stream redrawStream + e·2²⁴ + b.
const redrawStream uint64 = 9 << 56

// redrawBlock is how many rows Redraw draws from one stream.
const redrawBlock = 1024

// Redraw writes into x a new stochastic binarisation of the intensities p
// (rows of dim values in [0,1], x's rows before they were binarised): the
// one a run seeded seed trains on in epoch e when it draws its training
// rows' binarisation anew every epoch. Epoch 1 is the binarisation Apply
// drew, which Redraw leaves alone; every later epoch draws from streams of
// its own, a block of 1024 rows each, so that the blocks are drawn on every
// core and the same arguments give the same bits however many there are.
func Redraw[T float32 | float64](x, p []T, dim int, seed uint64, epoch int) error {
	switch {
	case dim < 1 || len(p)%dim != 0 || len(x) != len(p):
		return fmt.Errorf("data: redrawing %d values from %d intensities in rows of %d", len(x), len(p), dim)
	case epoch < 1 || epoch > MaxRedrawEpoch:
		return fmt.Errorf("data: redrawing the binarisation of epoch %d (epochs are 1 to %d)", epoch, MaxRedrawEpoch)
	case int64(len(p)/dim) > int64(redrawBlock)<<24:
		return fmt.Errorf("data: redrawing %d rows, more than %d", len(p)/dim, int64(redrawBlock)<<24)
	case epoch == 1:
		return nil
	}
	rows := len(p) / dim
	blocks := (rows + redrawBlock - 1) / redrawBlock
	parallel.For(blocks, 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			from, to := b*redrawBlock*dim, min((b+1)*redrawBlock, rows)*dim
			copy(x[from:to], p[from:to])
			BinarizeStochastic(x[from:to], rand.New(rand.NewPCG(seed, redrawStream+uint64(epoch)<<24+uint64(b))))
		}
	})
	return nil
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
