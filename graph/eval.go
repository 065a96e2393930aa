package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FreeEnergies builds and runs once the graph of the free energy of each row of
// v (rows×nv), returning one value per row. It is meant for checks and
// evaluation; training compiles its graph once with NewCost.
func FreeEnergies(vis, hid Expr, w *Param, v *tensor.Dense) ([]float64, error) {
	b, err := NewBuilder(v.Dtype())
	if err != nil {
		return nil, err
	}
	s := v.Shape()
	if len(s) != 2 {
		return nil, fmt.Errorf("graph: visible states must be a matrix, have shape %v", s)
	}
	in := b.Input("v", s[0], s[1])
	f, err := FreeEnergy(b, vis, hid, w, in)
	if err != nil {
		return nil, err
	}
	if err := G.Let(in, v); err != nil {
		return nil, fmt.Errorf("graph: binding states: %w", err)
	}
	vm := G.NewTapeMachine(b.Graph)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		return nil, fmt.Errorf("graph: running free energy: %w", err)
	}
	return Float64s(f.Value())
}

// Float64s returns the elements of a float32 or float64 value as float64s.
func Float64s(v G.Value) ([]float64, error) {
	switch d := v.Data().(type) {
	case []float64:
		return append([]float64(nil), d...), nil
	case []float32:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out, nil
	case float64:
		return []float64{d}, nil
	case float32:
		return []float64{float64(d)}, nil
	}
	return nil, fmt.Errorf("graph: value of type %T is not float32 or float64", v.Data())
}
