package rbm

import (
	"errors"
	"fmt"

	"github.com/rbmgo/rbm/graph"
)

// units is what every built-in layer shares: its kind and the shape of its
// units.
type units struct {
	kind  string
	shape []int
	n     int
}

func newUnits(kind string, shape []int) (units, error) {
	n, err := shapeLen(shape)
	if err != nil {
		return units{}, fmt.Errorf("rbm: %s layer: %w", kind, err)
	}
	return units{kind: kind, shape: append([]int(nil), shape...), n: n}, nil
}

// Kind names the unit type.
func (u units) Kind() string { return u.kind }

// Shape returns the shape of the layer's units.
func (u units) Shape() []int { return u.shape }

// Len returns the number of units.
func (u units) Len() int { return u.n }

// positive reports the first element of p that is not strictly positive.
func positive(p *graph.Param) error {
	if err := checkFinite(p); err != nil {
		return err
	}
	for i, x := range float64s(p) {
		if !(x > 0) {
			return fmt.Errorf("rbm: parameter %q must be positive, is %g at index %d", p.Name, x, i)
		}
	}
	return nil
}

// float64s returns p's values as float64s (a copy).
func float64s(p *graph.Param) []float64 {
	switch d := p.Value.Data().(type) {
	case []float32:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out
	case []float64:
		return append([]float64(nil), d...)
	}
	return nil
}

// Bounds on sizes that come from outside (flags, model files), checked
// before anything is allocated for them.
const (
	// MaxUnits is the most units a layer may have.
	MaxUnits = 1 << 24
	// MaxWeights is the most elements W may have (1 GiB in float32).
	MaxWeights = 1 << 28
)

// Units returns the number of units of a layer of the given shape, or an
// error for an empty shape, a dimension below 1, or more than MaxUnits
// units; the product is checked without overflow.
func Units(shape ...int) (int, error) {
	if len(shape) == 0 {
		return 0, errors.New("a layer needs a shape")
	}
	n := 1
	for _, s := range shape {
		if s < 1 {
			return 0, fmt.Errorf("layer shape %v has a dimension below 1", shape)
		}
		if s > MaxUnits/n {
			return 0, fmt.Errorf("layer shape %v has more than %d units", shape, MaxUnits)
		}
		n *= s
	}
	return n, nil
}

// checkWeights reports a weight matrix of nv×nh above MaxWeights elements.
func checkWeights(nv, nh int) error {
	if nv < 1 || nh < 1 || nh > MaxWeights/nv {
		return fmt.Errorf("%d visible and %d hidden units need a weight matrix of %d×%d, more than the %d elements allowed", nv, nh, nv, nh, MaxWeights)
	}
	return nil
}

// shapeLen returns the number of units of a layer of the given shape.
func shapeLen(shape []int) (int, error) { return Units(shape...) }

// checkRange reports the first value of the rows x (of n units) outside
// [lo, hi], by its row and column counted from 0.
func checkRange[T Float](x []T, n int, lo, hi float64, what string) error {
	for i, v := range x {
		if f := float64(v); !(f >= lo && f <= hi) {
			return fmt.Errorf("row %d, column %d holds %v, outside [%g, %g], the %s", i/n, i%n, f, lo, hi, what)
		}
	}
	return nil
}
