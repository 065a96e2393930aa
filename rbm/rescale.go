package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/graph"
)

// RescaleHidden changes the units of the continuous hidden layer's states,
// h' = h/scale (RestrictedBoltzmannMachines.jl's rescale_hidden!): hidden
// unit μ's weights are multiplied by scale[μ], its fields (θ, θ±, Δ) by
// scale[μ] and its precisions (γ, γ±) by scale[μ]²; pReLU's η and xReLU's ξ
// stay. The distribution of the visible states does not change. The
// hidden layer must be Rescalable (Gaussian, ReLU, dReLU, pReLU, xReLU, or
// a unit type of a program's own), and every scale positive and finite.
func RescaleHidden[T Float](m *RBM[T], scale []float64) error {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if len(scale) != nh {
		return fmt.Errorf("rbm: %d scales for %d hidden units", len(scale), nh)
	}
	for j, s := range scale {
		if !(s > 0) || math.IsInf(s, 1) {
			return fmt.Errorf("rbm: the scale of hidden unit %d is %v, not positive and finite", j, s)
		}
	}
	r, err := rescalable(m.Hidden)
	if err != nil {
		return fmt.Errorf("rbm: %w", err)
	}
	linear, quadratic := r.ScaledParams()
	mul := func(p *graph.Param, power int) {
		d := data[T](p)
		for j := range d {
			d[j] = T(float64(d[j]) * math.Pow(scale[j], float64(power)))
		}
	}
	for _, p := range linear {
		mul(p, 1)
	}
	for _, p := range quadratic {
		mul(p, 2)
	}
	w := m.Weights()
	for i := range nv {
		for j := range nh {
			w[i*nh+j] = T(float64(w[i*nh+j]) * scale[j])
		}
	}
	return nil
}

// rescalable returns l as Rescalable, or an error naming l's kind.
func rescalable(l UnitType) (Rescalable, error) {
	r, ok := As[Rescalable](l)
	if !ok {
		return nil, fmt.Errorf("rescaling is for continuous hidden units that are Rescalable (gaussian, relu, drelu, prelu, xrelu), not %s", l.Kind())
	}
	return r, nil
}

// CanRescale reports whether RescaleHidden and UnitVariance can rescale
// hidden units l, and if not, why.
func CanRescale[T Float](l Layer[T]) error {
	_, err := rescalable(l)
	return err
}

// HiddenStd returns the standard deviation of each hidden unit over the
// model's hidden states given the visible rows x: the square root of the
// mean conditional variance plus the variance of the conditional means.
func HiddenStd[T Float](m *RBM[T], x []T) ([]float64, error) {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if len(x) == 0 || len(x)%nv != 0 {
		return nil, fmt.Errorf("rbm: %w: %d values are not rows of %d visible units", ErrData, len(x), nv)
	}
	r, err := rescalable(m.Hidden)
	if err != nil {
		return nil, fmt.Errorf("rbm: %w", err)
	}
	moments := r.StateMoments()
	in := make([]T, len(x)/nv*nh)
	m.PropUp(x, in)
	s1, s2 := make([]float64, nh), make([]float64, nh)
	for i, v := range in {
		m1, m2 := moments(i%nh, float64(v))
		s1[i%nh] += m1
		s2[i%nh] += m2
	}
	rows := float64(len(x) / nv)
	out := make([]float64, nh)
	for j := range out {
		mean := s1[j] / rows
		out[j] = math.Sqrt(math.Max(s2[j]/rows-mean*mean, 0))
	}
	return out, nil
}

// UnitVariance is a Callback that, after every epoch, rescales the
// continuous hidden units (RescaleHidden) to unit standard deviation over
// the rows of Data (HiddenStd), as RestrictedBoltzmannMachines.jl's
// rescale_weights! does. Units of standard deviation below 1e-6 are left
// alone. Put it before any callback that saves the model or a checkpoint.
type UnitVariance[T Float] struct {
	Data []T // rows of visible states, for instance the first thousand training rows
}

// AfterBatch does nothing.
func (UnitVariance[T]) AfterBatch(*Trainer[T], BatchStats) error { return nil }

// AfterEpoch rescales the hidden units and tells the chains.
func (u UnitVariance[T]) AfterEpoch(t *Trainer[T], _ EpochStats) error {
	std, err := HiddenStd(t.Model, u.Data)
	if err != nil {
		return err
	}
	for j, s := range std {
		if !(s >= 1e-6) || math.IsInf(s, 1) {
			std[j] = 1
		}
	}
	if err := RescaleHidden(t.Model, std); err != nil {
		return err
	}
	t.refresh()
	t.keepGood()
	return nil
}
