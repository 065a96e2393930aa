package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/graph"
	"gorgonia.org/tensor"
)

// dtypeOf returns the tensor dtype of T.
func dtypeOf[T Float]() tensor.Dtype {
	var z T
	if _, ok := any(z).(float32); ok {
		return tensor.Float32
	}
	return tensor.Float64
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
		for i, x := range d {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("rbm: parameter %q is %v at index %d", p.Name, x, i)
			}
		}
	case []float64:
		for i, x := range d {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("rbm: parameter %q is %v at index %d", p.Name, x, i)
			}
		}
	}
	return nil
}
