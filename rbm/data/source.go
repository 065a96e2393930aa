package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/rbmgo/rbm/rbm/mnist"
)

// Spec names the rows a model trains on and what is done to them. Its
// Settings are saved with the model and SavedSpec reads them back, so a
// program that evaluates the model transforms its rows as training did.
type Spec struct {
	// Path is "" for MNIST from the Go module cache, a folder with the
	// MNIST idx files, or a data file that ReadFile reads.
	Path string
	// TrainSize keeps the first N training rows, of the Digits classes when
	// they are given (0: all).
	TrainSize int
	// Digits keeps the MNIST training digits of these classes, e.g. "3" or
	// "0-4,7" (mnist.ParseDigits; "": all).
	Digits string
	// Validation holds out this fraction of the training rows, chosen by
	// the Seed's stream 8.
	Validation float64
	// Height and Width give a data file's rows a picture shape (0: as the
	// file says).
	Height, Width int
	Transform
}

// Source is the rows a Spec names, transformed.
type Source[T float32 | float64] struct {
	// Train holds the training rows, Validation those held out (nil
	// without Spec.Validation), Test MNIST's test digits (nil for a data
	// file).
	Train, Validation, Test *Set[T]
	// MNIST tells whether the rows are MNIST digits.
	MNIST bool
}

// Validate reports a spec that Load would refuse before reading anything.
func (s Spec) Validate() error {
	if err := s.Transform.Validate(); err != nil {
		return err
	}
	switch {
	case s.TrainSize < 0:
		return fmt.Errorf("--train-size must not be negative, got %d", s.TrainSize)
	case !(s.Validation >= 0 && s.Validation < 1):
		return fmt.Errorf("--validation must be a fraction in [0,1), got %g", s.Validation)
	case s.Height < 0 || s.Width < 0 || (s.Height == 0) != (s.Width == 0):
		return fmt.Errorf("data: a picture shape of %d×%d", s.Height, s.Width)
	}
	if s.Digits != "" {
		if _, err := mnist.ParseDigits(s.Digits); err != nil {
			return fmt.Errorf("--digits: %w", err)
		}
	}
	return nil
}

// Load reads the rows s names, keeps the training rows of the Digits
// classes and of those the first TrainSize, holds out the Validation part,
// and applies the Transform to the training, test and validation rows, in
// that order.
func Load[T float32 | float64](s Spec) (*Source[T], error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	src, err := read[T](s)
	if err != nil {
		return nil, err
	}
	train := src.Train
	if s.TrainSize > 0 {
		if s.TrainSize > train.N {
			return nil, fmt.Errorf("--train-size %d exceeds the %d training rows", s.TrainSize, train.N)
		}
		train.N, train.Rows = s.TrainSize, train.Rows[:s.TrainSize*train.Dim]
		if train.Labels != nil {
			train.Labels = train.Labels[:s.TrainSize]
		}
	}
	if s.Validation > 0 {
		rest, held, err := train.Split(s.Validation, rand.New(rand.NewPCG(s.Seed, 8)))
		if err != nil {
			return nil, fmt.Errorf("--validation: %w", err)
		}
		src.Train, src.Validation = rest, held
	}
	Apply(s.Transform, train.Dim, src.Train.Rows, rows(src.Test), rows(src.Validation))
	return src, nil
}

// rows returns the rows of s, or nil.
func rows[T float32 | float64](s *Set[T]) []T {
	if s == nil {
		return nil
	}
	return s.Rows
}

// read reads the rows of s.Path: a data file, or MNIST's digits of the
// Digits classes.
func read[T float32 | float64](s Spec) (*Source[T], error) {
	if st, err := os.Stat(s.Path); s.Path != "" && err == nil && !st.IsDir() {
		d, err := ReadFileRows[T](s.Path, s.TrainSize) // no further than --train-size needs
		if err != nil {
			return nil, err
		}
		if s.Digits != "" {
			return nil, fmt.Errorf("--digits selects MNIST classes; %s is a data file", s.Path)
		}
		if s.Height > 0 {
			if err := d.SetShape(s.Height, s.Width); err != nil {
				return nil, fmt.Errorf("--shape %dx%d: %w", s.Height, s.Width, err)
			}
		}
		return &Source[T]{Train: d}, nil
	}
	if s.Height > 0 && (s.Height != mnist.Rows || s.Width != mnist.Cols) {
		return nil, fmt.Errorf("--shape %dx%d: MNIST digits are 28x28", s.Height, s.Width)
	}
	train, test, err := MNIST[T](s.Path)
	if err != nil {
		return nil, err
	}
	if s.Digits != "" {
		keep, _ := mnist.ParseDigits(s.Digits) // checked by Validate
		if train = train.classes(keep); train.N == 0 {
			return nil, fmt.Errorf("--digits %q selects no training digits", s.Digits)
		}
	}
	return &Source[T]{Train: train, Test: test, MNIST: true}, nil
}

// SelectClasses returns the rows of x (dim values a row) whose label is one
// of keep, in their original order. It refuses a label count that does not
// match the rows.
func SelectClasses[T float32 | float64](x []T, dim int, labels, keep []uint8) ([]T, error) {
	if dim < 1 || len(x)%dim != 0 {
		return nil, fmt.Errorf("data: %d values are not whole rows of %d", len(x), dim)
	}
	if len(x)/dim != len(labels) {
		return nil, fmt.Errorf("data: %d rows but %d labels", len(x)/dim, len(labels))
	}
	var want [256]bool
	for _, k := range keep {
		want[k] = true
	}
	var out []T
	for r, l := range labels {
		if want[l] {
			out = append(out, x[r*dim:(r+1)*dim]...)
		}
	}
	return out, nil
}

// classes returns the rows of s whose label is one of keep, in their order.
func (s *Set[T]) classes(keep []uint8) *Set[T] {
	out := &Set[T]{Dim: s.Dim, Height: s.Height, Width: s.Width, Labels: []uint8{}}
	out.Rows, _ = SelectClasses(s.Rows, s.Dim, s.Labels, keep) // the labels fit the rows
	for _, l := range s.Labels {
		if slices.Contains(keep, l) {
			out.Labels = append(out.Labels, l)
		}
	}
	out.N = len(out.Labels)
	return out
}

// MNIST reads the training and test digits with their labels, as rows of
// intensities in [0,1], from dir or, when dir is "", from the copy in the Go
// module cache (mnist.DefaultDir).
func MNIST[T float32 | float64](dir string) (train, test *Set[T], err error) {
	if dir == "" {
		if dir, err = mnist.DefaultDir(); err != nil {
			return nil, nil, err
		}
	}
	set, err := mnist.Load(dir)
	if err != nil {
		return nil, nil, err
	}
	train, test = fromImages[T](set.Train.Images), fromImages[T](set.Test.Images)
	train.Labels, test.Labels = set.Train.Labels, set.Test.Labels
	return train, test, nil
}

// Settings returns the spec as the settings saved with a model: the keys
// train_size, digits, binarize, standardize and seed.
func (s Spec) Settings() map[string]any {
	return map[string]any{
		"train_size": s.TrainSize, "digits": s.Digits, "binarize": string(s.Binarize),
		"standardize": s.Standardize, "seed": s.Seed,
	}
}

// SavedSpec reads back the spec of a model's settings (as rbm.Load returns
// them): what is missing or malformed takes its default (all rows, no
// transform, seed 1). The path and the threshold are not saved.
func SavedSpec(settings map[string]any) Spec {
	s := Spec{Transform: Transform{Binarize: None, Threshold: 0.5, Seed: 1}}
	if b, ok := settings["binarize"].(string); ok && b != "" {
		s.Binarize = Binarization(b)
	}
	s.Standardize, _ = settings["standardize"].(bool)
	if x, ok := number(settings, "seed"); ok && x >= 0 {
		s.Seed = uint64(x)
	}
	if x, ok := number(settings, "train_size"); ok && x > 0 && x <= math.MaxInt32 {
		s.TrainSize = int(x)
	}
	s.Digits, _ = settings["digits"].(string)
	return s
}

// number reads a finite number of the settings.
func number(settings map[string]any, key string) (float64, bool) {
	x, ok := settings[key].(float64)
	return x, ok && !math.IsNaN(x) && !math.IsInf(x, 0)
}
