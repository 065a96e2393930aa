package rbm

import (
	"fmt"
	"math"
	"slices"

	"github.com/rbmgo/rbm/optim"
)

// Sparsity is the sparsity target of Hinton's practical guide (section 11)
// for binary hidden units: q, an exponential moving average of each hidden
// unit's mean activation p(h=1|v) over the data batches,
//
//	q ← Decay·q + (1 - Decay)·mean over the batch of p(h=1|v),
//
// started at the first batch's means, and a penalty, the cross-entropy
// between Target and q times Cost, whose gradient with respect to a unit's
// total input is Cost·(q - Target): it adds Cost·(q_μ - Target) to the
// gradient of the hidden bias c_μ and Cost·(q_μ - Target)·v̄_i to that of
// w_iμ, v̄ the batch's mean visible state. Units more active than the target
// are pushed down, less active ones up.
type Sparsity[T Float] struct {
	Target float64 // the wanted mean activation, in (0, 1)
	Cost   float64 // the penalty's weight, finite and not negative
	Decay  float64 // the moving average's decay, in [0, 1); Hinton suggests 0.9 to 0.99

	q        []T       // the moving average, kept in T so that a checkpoint holds it exactly
	vbar     []float64 // the batch's mean visible state
	mean     []T       // scratch: the batch's hidden means
	bias, w  string    // the names of the hidden biases and the weights
	hasBatch bool
}

// Validate reports settings out of their ranges.
func (s *Sparsity[T]) Validate() error {
	switch {
	case !(s.Target > 0 && s.Target < 1):
		return fmt.Errorf("rbm: the sparsity target must be in (0, 1), got %v", s.Target)
	case !(s.Cost >= 0 && !math.IsInf(s.Cost, 1)):
		return fmt.Errorf("rbm: the sparsity cost must be finite and not negative, got %v", s.Cost)
	case !(s.Decay >= 0 && s.Decay < 1):
		return fmt.Errorf("rbm: the sparsity average's decay must be in [0, 1), got %v", s.Decay)
	}
	return nil
}

// Means returns a copy of the moving average q of the hidden units' mean
// activations (nil before the first batch).
func (s *Sparsity[T]) Means() []float64 {
	if s.q == nil {
		return nil
	}
	out := make([]float64, len(s.q))
	for i, x := range s.q {
		out[i] = float64(x)
	}
	return out
}

// SeeBatch updates q with the batch's hidden means and keeps its mean
// visible state. The hidden layer must be binary.
func (s *Sparsity[T]) SeeBatch(m *RBM[T], data *Chains[T]) error {
	if err := s.Validate(); err != nil {
		return err
	}
	bias, ok := BinaryField(m.Hidden)
	if !ok {
		return fmt.Errorf("rbm: a sparsity target is for binary hidden units (BinaryField), not %s", m.Hidden.Kind())
	}
	s.bias, s.w = bias.Name, m.W.Name
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if len(s.mean) != len(data.HIn) {
		s.mean = make([]T, len(data.HIn))
	}
	m.Hidden.Mean(data.HIn, s.mean)
	batch := make([]float64, nh)
	for i, x := range s.mean {
		batch[i%nh] += float64(x)
	}
	s.vbar = make([]float64, nv)
	for i, x := range data.V {
		s.vbar[i%nv] += float64(x)
	}
	for i := range s.vbar {
		s.vbar[i] /= float64(data.Rows)
	}
	if len(s.q) != nh {
		s.q = make([]T, nh)
		for j := range s.q {
			s.q[j] = T(batch[j] / float64(data.Rows))
		}
	} else {
		for j := range s.q {
			s.q[j] = T(s.Decay*float64(s.q[j]) + (1-s.Decay)*batch[j]/float64(data.Rows))
		}
	}
	s.hasBatch = true
	return nil
}

// Transform adds the penalty's gradient to the hidden biases and the
// weights; it needs SeeBatch first.
func (s *Sparsity[T]) Transform(params []optim.Param[T]) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if !s.hasBatch {
		return fmt.Errorf("rbm: the sparsity target was shown no batch (a Trainer shows it each one)")
	}
	s.hasBatch = false
	if s.Cost == 0 {
		return nil
	}
	nh := len(s.q)
	found := 0
	for _, p := range params {
		switch p.Name {
		case s.bias:
			if len(p.Value) != nh || len(p.Grad) < nh {
				return fmt.Errorf("rbm: sparsity: hidden biases %q of %d values for %d units", p.Name, len(p.Value), nh)
			}
			for j := range nh {
				p.Grad[j] += T(s.Cost * (float64(s.q[j]) - s.Target))
			}
			found++
		case s.w:
			if len(p.Value) != len(s.vbar)*nh || len(p.Grad) < len(p.Value) {
				return fmt.Errorf("rbm: sparsity: weights %q of %d values for %d×%d units", p.Name, len(p.Value), len(s.vbar), nh)
			}
			for i := range p.Value {
				p.Grad[i] += T(s.Cost * (float64(s.q[i%nh]) - s.Target) * s.vbar[i/nh])
			}
			found++
		}
	}
	if found != 2 {
		return fmt.Errorf("rbm: sparsity: the parameters hold no %q and %q", s.bias, s.w)
	}
	return nil
}

// TransformState returns the moving average, array "q" (none before the
// first batch).
func (s *Sparsity[T]) TransformState() []StateArray[T] {
	if s.q == nil {
		return nil
	}
	return []StateArray[T]{{Name: "q", Shape: []int{len(s.q)}, Data: slices.Clone(s.q)}}
}

// SetTransformState restores the moving average.
func (s *Sparsity[T]) SetTransformState(arrays []StateArray[T]) error {
	q := stateArray(arrays, "q")
	if q == nil {
		s.q = nil
		return nil
	}
	s.q = slices.Clone(q)
	return nil
}
