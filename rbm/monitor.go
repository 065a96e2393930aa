package rbm

import (
	"fmt"

	"github.com/rbmgo/rbm/graph/special"
	"github.com/rbmgo/rbm/internal/parallel"
)

// PseudoLikelihood returns the mean over the rows of v of the log
// pseudo-likelihood Σᵢ log p(vᵢ | v₋ᵢ) of the states v rounded to the layer's
// two states, as the tutorial monitors it. With bit ≥ 0 it is the tutorial's
// stochastic estimate nv·log σ(F(ṽ) - F(v)), ṽ being v with unit bit flipped;
// with bit < 0 every unit is flipped in turn (exact). The visible layer must be
// TwoState (binary or spin units).
func (m *RBM[T]) PseudoLikelihood(v []T, bit int) (float64, error) {
	fl, ok := m.Visible.(TwoState[T])
	if !ok {
		return 0, fmt.Errorf("rbm: pseudo-likelihood needs two-state visible units (rbm.TwoState); %s units are not", m.Visible.Kind())
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if len(v)%nv != 0 || len(v) == 0 {
		return 0, fmt.Errorf("rbm: %d values are not rows of %d visible units", len(v), nv)
	}
	if bit >= nv {
		return 0, fmt.Errorf("rbm: bit %d out of range [0, %d)", bit, nv)
	}
	rows := len(v) / nv
	x := make([]T, len(v))
	for i, vi := range v {
		x[i] = fl.Round(vi)
	}
	in := make([]T, rows*nh)
	m.PropUp(x, in)
	w := m.Weights()
	perRow := make([]float64, rows)
	parallel.For(rows, 1, func(lo, hi int) {
		flipped := make([]T, nh)
		for r := lo; r < hi; r++ {
			xr, inr := x[r*nv:(r+1)*nv], in[r*nh:(r+1)*nh]
			f := m.Visible.Energy(xr) - m.Hidden.CGF(inr)
			bits, scale := []int{bit}, float64(nv)
			if bit < 0 {
				bits, scale = nil, 1
				for i := range nv {
					bits = append(bits, i)
				}
			}
			for _, i := range bits {
				old := xr[i]
				xr[i] = fl.Flip(old)
				d := float64(xr[i]) - float64(old)
				for j := range flipped {
					flipped[j] = T(float64(inr[j]) + d*float64(w[i*nh+j]))
				}
				ff := m.Visible.Energy(xr) - m.Hidden.CGF(flipped)
				xr[i] = old
				perRow[r] += scale * logSigmoid(ff-f)
			}
		}
	})
	var total float64
	for _, p := range perRow {
		total += p
	}
	return total / float64(rows), nil
}

// ReconstructionCrossEntropy returns, averaged over the rows of v, the
// negative log-probability -log p(v | h) of the states v under the visible
// layer given inputs vin = h·Wᵀ of a hidden state h drawn from v. For binary
// units and v in [0,1] it is the tutorial's cross-entropy
// -Σ v log σ(a) + (1-v) log(1-σ(a)), written with softplus so it never takes
// log(0).
func (m *RBM[T]) ReconstructionCrossEntropy(v, vin []T) float64 {
	nv := m.Visible.Len()
	rows := len(v) / nv
	perRow := make([]float64, rows)
	parallel.For(rows, 1, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			vr, ir := v[r*nv:(r+1)*nv], vin[r*nv:(r+1)*nv]
			var dot float64
			for i := range vr {
				dot += float64(vr[i]) * float64(ir[i])
			}
			perRow[r] = m.Visible.Energy(vr) - dot + m.Visible.CGF(ir)
		}
	})
	var total float64
	for _, p := range perRow {
		total += p
	}
	return total / float64(rows)
}

// logSigmoid returns log σ(x) = -special.Softplus(-x).
func logSigmoid(x float64) float64 { return -special.Softplus(-x) }
