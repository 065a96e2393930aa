package rbm

import (
	"fmt"

	"github.com/rbmgo/rbm/internal/linalg"

	"github.com/rbmgo/rbm/internal/parallel"
)

// Moments is implemented by layers that know the derivative of their energy
// with respect to their parameters in closed form. It gives the classic
// moment-based gradient of the contrastive-divergence cost (data moments minus
// model moments), against which the autodiff gradient can be checked.
type Moments[T Float] interface {
	// AddEnergyGrad adds scale·∂E/∂θ, summed over the rows of states x, to
	// g (one slice per parameter, in Params order).
	AddEnergyGrad(x []T, scale float64, g [][]T)
	// AddMeanEnergyGrad adds scale·E[∂E/∂θ | in], summed over the rows of
	// inputs in, to g. It equals -scale·∂CGF/∂θ.
	AddMeanEnergyGrad(in []T, scale float64, g [][]T)
}

// MomentGradient returns, by parameter name, the gradient of
// mean F(vd) - mean F(vm) written with moments:
//
//	∂F/∂θ_vis = ∂E_vis/∂θ(v),  ∂F/∂θ_hid = E[∂E_hid/∂θ | v·W],  ∂F/∂W = -v ⊗ E[h | v·W].
//
// Both layers must implement Moments. It is the hand-derived counterpart of
// graph.Cost's autodiff gradient.
func (m *RBM[T]) MomentGradient(vd, vm []T) (map[string][]T, error) {
	vis, ok1 := m.Visible.(Moments[T])
	hid, ok2 := m.Hidden.(Moments[T])
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("rbm: moment gradients need both layers to have moments (rbm.Moments); this model has %s and %s units", m.Visible.Kind(), m.Hidden.Kind())
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if len(vd) == 0 || len(vm) == 0 || len(vd)%nv != 0 || len(vm)%nv != 0 {
		return nil, fmt.Errorf("rbm: data (%d values) and model samples (%d values) must be non-empty rows of %d units", len(vd), len(vm), nv)
	}
	out := map[string][]T{}
	gw := make([]T, nv*nh)
	gv := make([][]T, len(m.Visible.Params()))
	for i, p := range m.Visible.Params() {
		gv[i] = make([]T, p.Value.Shape().TotalSize())
		out[p.Name] = gv[i]
	}
	gh := make([][]T, len(m.Hidden.Params()))
	for i, p := range m.Hidden.Params() {
		gh[i] = make([]T, p.Value.Shape().TotalSize())
		out[p.Name] = gh[i]
	}
	out[m.W.Name] = gw
	for _, part := range []struct {
		v     []T
		scale float64
	}{{vd, 1 / float64(len(vd)/nv)}, {vm, -1 / float64(len(vm)/nv)}} {
		rows := len(part.v) / nv
		in := make([]T, rows*nh)
		m.PropUp(part.v, in)
		vis.AddEnergyGrad(part.v, part.scale, gv)
		hid.AddMeanEnergyGrad(in, part.scale, gh)
		mean := make([]T, rows*nh)
		m.Hidden.Mean(in, mean)
		addOuter(part.v, mean, rows, nv, nh, T(-part.scale), gw)
	}
	return out, nil
}

// addOuter adds scale·xᵀ·y to out (x rows×k, y rows×n, out k×n), skipping
// the zero entries of x.
func addOuter[T Float](x, y []T, rows, k, n int, scale T, out []T) {
	parallel.For(k, 1, func(lo, hi int) {
		for r := 0; r < rows; r++ {
			yr := y[r*n : (r+1)*n]
			for i, xi := range x[r*k+lo : r*k+hi] {
				if xi != 0 {
					linalg.Axpy(scale*xi, yr, out[(lo+i)*n:(lo+i+1)*n])
				}
			}
		}
	})
}

// addScaledRows adds scale times the sum of the rows of x to g.
func addScaledRows[T Float](x []T, scale float64, g []T) {
	n := len(g)
	for r := 0; r < len(x); r += n {
		for i, v := range x[r : r+n] {
			g[i] += T(scale * float64(v))
		}
	}
}
