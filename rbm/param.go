package rbm

import (
	"fmt"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/internal/kernel"
	"gorgonia.org/tensor"
)

// dtypeOf returns the tensor dtype of T.
func dtypeOf[T Float]() tensor.Dtype { return graph.DtypeOf[T]() }

// NewParam returns a parameter of the given name, group (graph.Weights or
// graph.Biases) and shape, holding zeros of type T: how a unit type makes
// its parameters.
func NewParam[T Float](name, group string, shape ...int) *graph.Param {
	return newParam[T](name, group, shape...)
}

// newParam returns a zero parameter of the given shape.
func newParam[T Float](name, group string, shape ...int) *graph.Param {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return &graph.Param{
		Name:  name,
		Group: group,
		Value: tensor.New(tensor.WithShape(shape...), tensor.WithBacking(make([]T, n))),
	}
}

// data returns the storage of p as a slice of T.
func data[T Float](p *graph.Param) []T { return p.Value.Data().([]T) }

// fill sets every element of p to x.
func fill[T Float](p *graph.Param, x float64) {
	d := data[T](p)
	for i := range d {
		d[i] = T(x)
	}
}

// checkFinite returns an error naming p and the first index where it holds NaN or Inf.
func checkFinite(p *graph.Param) error {
	switch d := p.Value.Data().(type) {
	case []float32:
		if i := kernel.FirstNonFinite32(d); i >= 0 {
			return fmt.Errorf("rbm: parameter %q is %v at index %d", p.Name, d[i], i)
		}
	case []float64:
		if i := kernel.FirstNonFinite64(d); i >= 0 {
			return fmt.Errorf("rbm: parameter %q is %v at index %d", p.Name, d[i], i)
		}
	}
	return nil
}
