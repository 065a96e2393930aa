package rbm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/internal/linalg"

	"github.com/rbmgo/rbm/graph"
)

// RBM is a Restricted Boltzmann Machine: a visible and a hidden layer joined by
// weights W (Visible.Len() × Hidden.Len()). Its parameters are graph.Params,
// shared by reference with every graph built on the model.
type RBM[T Float] struct {
	Visible, Hidden Layer[T]
	W               *graph.Param
}

// New returns a model with the tutorial's initialisation: W uniform in
// ±4·sqrt(6/(nv+nh)) drawn from rng, the layers' own parameters as given.
func New[T Float](vis, hid Layer[T], rng *rand.Rand) (*RBM[T], error) {
	if vis == nil || hid == nil {
		return nil, errors.New("rbm: a model needs a visible and a hidden layer")
	}
	nv, nh := vis.Len(), hid.Len()
	if err := checkWeights(nv, nh); err != nil {
		return nil, fmt.Errorf("rbm: %w", err)
	}
	m := &RBM[T]{Visible: vis, Hidden: hid, W: newParam[T]("W", graph.Weights, nv, nh)}
	bound := 4 * math.Sqrt(6/float64(nv+nh))
	w := data[T](m.W)
	for i := range w {
		w[i] = T((2*rng.Float64() - 1) * bound)
	}
	return m, m.checkNames()
}

// InitNormal redraws W from a normal distribution of standard deviation std,
// the usual start for continuous units (Hinton's guide suggests 0.01), whose
// inputs the tutorial's uniform initialisation makes large.
func (m *RBM[T]) InitNormal(std float64, rng *rand.Rand) error {
	if !(std > 0) || math.IsInf(std, 1) {
		return fmt.Errorf("rbm: initial standard deviation must be positive and finite, got %g", std)
	}
	w := data[T](m.W)
	for i := range w {
		w[i] = T(std * rng.NormFloat64())
	}
	return nil
}

func (m *RBM[T]) checkNames() error {
	seen := map[string]bool{}
	for _, p := range m.Params() {
		if seen[p.Name] {
			return fmt.Errorf("rbm: two parameters are named %q (give the layers different prefixes)", p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// Params returns W followed by the visible and the hidden layer's parameters.
func (m *RBM[T]) Params() []*graph.Param {
	ps := []*graph.Param{m.W}
	ps = append(ps, m.Visible.Params()...)
	return append(ps, m.Hidden.Params()...)
}

// Validate reports non-finite parameters and parameters outside their domain.
func (m *RBM[T]) Validate() error {
	if err := checkFinite(m.W); err != nil {
		return err
	}
	if err := m.Visible.Validate(); err != nil {
		return err
	}
	return m.Hidden.Validate()
}

// Weights returns W's storage, row-major Visible.Len() × Hidden.Len().
func (m *RBM[T]) Weights() []T { return data[T](m.W) }

// PropUp writes the hidden layer's input v·W for the rows of v into out.
func (m *RBM[T]) PropUp(v, out []T) {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	linalg.Mul(v, len(v)/nv, nv, m.Weights(), nh, out)
}

// PropDown writes the visible layer's input h·Wᵀ for the rows of h into out.
// wt is Wᵀ (see Transpose); passing nil computes it.
func (m *RBM[T]) PropDown(h, out, wt []T) {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if wt == nil {
		wt = m.Transpose(nil)
	}
	linalg.Mul(h, len(h)/nh, nh, wt, nv, out)
}

// Transpose writes Wᵀ (Hidden.Len() × Visible.Len()) into wt, allocating it
// when wt is nil, and returns it.
func (m *RBM[T]) Transpose(wt []T) []T {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if wt == nil {
		wt = make([]T, nv*nh)
	}
	linalg.Transpose(m.Weights(), nv, nh, wt)
	return wt
}

// FreeEnergy returns F(v) = E_vis(v) - CGF_hid(v·W) for each row of v, the same
// quantity graph.FreeEnergy builds, computed with numbers.
func (m *RBM[T]) FreeEnergy(v []T) []float64 {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	rows := len(v) / nv
	in := make([]T, rows*nh)
	m.PropUp(v, in)
	f := make([]float64, rows)
	for r := range f {
		f[r] = m.Visible.Energy(v[r*nv:(r+1)*nv]) - m.Hidden.CGF(in[r*nh:(r+1)*nh])
	}
	return f
}

// Energy returns the joint energy E(v,h) = E_vis(v) + E_hid(h) - v·W·h of one
// visible and one hidden state.
func (m *RBM[T]) Energy(v, h []T) float64 {
	return m.Visible.Energy(v) + m.Hidden.Energy(h) - vWh(m.Weights(), v, h)
}

// vWh returns vᵀWh for weights w (len(v)×len(h), row-major) in
// float64, skipping the rows of zero visible states.
func vWh[T Float](w, v, h []T) float64 {
	nh := len(h)
	var vwh float64
	for i, vi := range v {
		if vi == 0 {
			continue
		}
		var s float64
		for j, hj := range h {
			s += float64(w[i*nh+j]) * float64(hj)
		}
		vwh += float64(vi) * s
	}
	return vwh
}
