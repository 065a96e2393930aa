// Package orbm combines two RBMs into one model of two causes: each RBM
// generates its own hidden state, and the two meet only at the visible layer,
// through a sigmoid belief net whose input is the sum of both RBMs' inputs.
//
// For models A and B with weights W^A, W^B, visible biases b^A, b^B and hidden
// biases c^A, c^B,
//
//	φA_i = Σ_j W^A_ij hA_j + b^A_i,   φB likewise,   φAB = φA + φB
//	p(v_i = 1 | hA, hB) = σ(φAB_i)
//	log P*(hA, hB, v) = log P*_A(hA) + log P*_B(hB) + Σ_i [v_i φAB_i − softplus(φAB_i)]
//	log P*_A(hA) = c^A·hA + Σ_i softplus(φA_i)
//
// Given v, the hidden states of both models are explained together ("explaining
// away"). A Sampler draws them by Gibbs sampling, either unit by unit with the
// exact conditionals or a whole layer at once with one of the approximate
// corrections (Method). A Trainer fine-tunes A and B by wake/sleep learning whose
// gradients gorgonia derives from the log-joint graph.
package orbm

import (
	"errors"
	"fmt"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/rbm"
)

// ORBM is a pair of RBMs with binary visible and binary hidden units and the
// same number of visible units. Its parameters are the models' own, shared by
// reference: training the ORBM changes A and B.
type ORBM[T rbm.Float] struct {
	A, B *rbm.RBM[T]
}

// New checks that a and b can form an ORBM and returns it.
func New[T rbm.Float](a, b *rbm.RBM[T]) (*ORBM[T], error) {
	if a == nil || b == nil {
		return nil, errors.New("orbm: need two models")
	}
	for _, s := range []struct {
		name string
		m    *rbm.RBM[T]
	}{{"A", a}, {"B", b}} {
		if err := checkModel(s.m); err != nil {
			return nil, fmt.Errorf("orbm: model %s: %w", s.name, err)
		}
	}
	if a.Visible.Len() != b.Visible.Len() {
		return nil, fmt.Errorf("orbm: model A has %d visible units, model B %d: they must explain the same pictures", a.Visible.Len(), b.Visible.Len())
	}
	return &ORBM[T]{A: a, B: b}, nil
}

func checkModel[T rbm.Float](m *rbm.RBM[T]) error {
	for _, l := range []struct {
		name  string
		layer rbm.Layer[T]
	}{{"visible", m.Visible}, {"hidden", m.Hidden}} {
		if _, ok := rbm.BinaryField(l.layer); !ok {
			return fmt.Errorf("%s units are %q, the ORBM needs binary units: states 0 and 1 with linear fields (rbm.Finite, rbm.Linear)", l.name, l.layer.Kind())
		}
		if biasOf(l.layer) == nil {
			return fmt.Errorf("%s layer has no bias of one value a unit", l.name)
		}
	}
	return m.Validate()
}

// Load reads the two model files written by rbm.Save (e.g. model.npz of two
// runs of "rbm train") and combines them.
func Load[T rbm.Float](pathA, pathB string) (*ORBM[T], error) {
	a, _, err := rbm.Load[T](pathA)
	if err != nil {
		return nil, fmt.Errorf("orbm: model A: %w", err)
	}
	b, _, err := rbm.Load[T](pathB)
	if err != nil {
		return nil, fmt.Errorf("orbm: model B: %w", err)
	}
	o, err := New(a, b)
	if err != nil {
		return nil, fmt.Errorf("%w (files %s and %s)", err, pathA, pathB)
	}
	return o, nil
}

// Visible returns the number of visible units.
func (o *ORBM[T]) Visible() int { return o.A.Visible.Len() }

// HiddenA returns the number of hidden units of A.
func (o *ORBM[T]) HiddenA() int { return o.A.Hidden.Len() }

// HiddenB returns the number of hidden units of B.
func (o *ORBM[T]) HiddenB() int { return o.B.Hidden.Len() }

// side is one model's parameters in float64, laid out for the samplers:
// wt is Wᵀ (nh×nv) so that a hidden unit's weights are contiguous.
type side struct {
	nv, nh  int
	wt      []float64 // nh×nv
	b, c    []float64 // visible and hidden biases
	ew, iew []float64 // exp(W) and exp(−W), nh×nv
	gain    []float64 // 4(2σ(W/2)−1)/W, nh×nv
	maxAbsW float64
}

func newSide[T rbm.Float](m *rbm.RBM[T]) *side {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	s := &side{nv: nv, nh: nh, wt: make([]float64, nv*nh), b: make([]float64, nv), c: make([]float64, nh),
		ew: make([]float64, nv*nh), iew: make([]float64, nv*nh), gain: make([]float64, nv*nh)}
	s.refresh(m)
	return s
}

// refresh re-reads the model's parameters.
func (s *side) refresh(m any) {
	switch m := m.(type) {
	case *rbm.RBM[float32]:
		fill(s, m.Weights(), binBias(m.Visible), binBias(m.Hidden))
	case *rbm.RBM[float64]:
		fill(s, m.Weights(), binBias(m.Visible), binBias(m.Hidden))
	}
}

func binBias[T rbm.Float](l rbm.Layer[T]) []T { return biasOf(l).Value.Data().([]T) }

// biasOf returns a binary layer's bias: its parameter of one value a unit
// (nil if it has none).
func biasOf[T rbm.Float](l rbm.Layer[T]) *graph.Param {
	for _, p := range l.Params() {
		if _, ok := p.Value.Data().([]T); ok && p.Value.Shape().TotalSize() == l.Len() {
			return p
		}
	}
	return nil
}

func fill[T rbm.Float](s *side, w, b, c []T) {
	s.maxAbsW = 0
	for i := 0; i < s.nv; i++ {
		s.b[i] = float64(b[i])
		for j := 0; j < s.nh; j++ {
			x := float64(w[i*s.nh+j])
			k := j*s.nv + i
			s.wt[k] = x
			s.ew[k] = exp(x)
			s.iew[k] = exp(-x)
			s.gain[k] = Gain(x)
			s.maxAbsW = max(s.maxAbsW, abs(x))
		}
	}
	for j := range s.c {
		s.c[j] = float64(c[j])
	}
}

// phi writes φ = Wh + b for one sample's hidden state h into out.
func (s *side) phi(h, out []float64) {
	copy(out, s.b)
	for j, x := range h {
		if x != 0 {
			axpy(x, s.wt[j*s.nv:(j+1)*s.nv], out)
		}
	}
}

func axpy(a float64, x, y []float64) {
	y = y[:len(x)]
	for i, xi := range x {
		y[i] += a * xi
	}
}
