package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/graph"
	"gorgonia.org/tensor"
)

// GradCheckResult compares the autodiff gradient of one parameter with
// central finite differences and, when the layers have closed-form moments,
// with the moment-based gradient. Rel errors are scaled: |a-b|/max(1,|a|,|b|),
// relative for large gradients and absolute for small ones.
type GradCheckResult struct {
	Name                         string
	Size                         int
	MaxAbsFD, MaxRelFD           float64
	HasMoments                   bool
	MaxAbsMoments, MaxRelMoments float64
}

// GradCheck compiles the cost mean F(vd) - mean F(vm) of m, derives its
// gradient with gorgonia, and compares it parameter by parameter with central
// finite differences of step h (a relative step for large values) and with
// MomentGradient when both layers implement Moments. This is how a
// hand-derived gradient is checked against autodiff. Use float64: float32
// finite differences are too coarse to compare.
func GradCheck[T Float](m *RBM[T], vd, vm []T, h float64) ([]GradCheckResult, error) {
	nv := m.Visible.Len()
	if len(vd) == 0 || len(vm) == 0 || len(vd)%nv != 0 || len(vm)%nv != 0 {
		return nil, fmt.Errorf("rbm: gradcheck needs rows of %d visible values, got %d and %d values", nv, len(vd), len(vm))
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("rbm: finite-difference step must be positive and finite, got %g", h)
	}
	rd, rm := len(vd)/nv, len(vm)/nv
	cost, err := graph.NewCost(dtypeOf[T](), m.Visible, m.Hidden, m.W, rd, rm)
	if err != nil {
		return nil, err
	}
	dd := tensor.New(tensor.WithShape(rd, nv), tensor.WithBacking(append([]T(nil), vd...)))
	dm := tensor.New(tensor.WithShape(rm, nv), tensor.WithBacking(append([]T(nil), vm...)))
	if _, err := cost.Run(dd, dm); err != nil {
		return nil, err
	}
	auto := make([][]float64, len(cost.Params()))
	for i := range cost.Params() {
		g, err := cost.Grad(i)
		if err != nil {
			return nil, err
		}
		auto[i], _ = graph.Float64s(g)
	}
	moments, merr := m.MomentGradient(vd, vm)
	var out []GradCheckResult
	for i, p := range cost.Params() {
		r := GradCheckResult{Name: p.Name, Size: len(auto[i])}
		val := data[T](p)
		for k := range val {
			old := val[k]
			step := T(h * math.Max(1, math.Abs(float64(old))))
			val[k] = old + step
			up, err := cost.Run(dd, dm)
			if err != nil {
				val[k] = old
				return nil, err
			}
			val[k] = old - step
			down, err := cost.Run(dd, dm)
			val[k] = old
			if err != nil {
				return nil, err
			}
			fd := (up - down) / (2 * float64(step))
			r.MaxAbsFD, r.MaxRelFD = worse(r.MaxAbsFD, r.MaxRelFD, auto[i][k], fd)
			if merr == nil {
				r.HasMoments = true
				r.MaxAbsMoments, r.MaxRelMoments = worse(r.MaxAbsMoments, r.MaxRelMoments, auto[i][k], float64(moments[p.Name][k]))
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// MaxRel returns the largest scaled error of r: the one against finite
// differences or, when r has moments, against the moment-based gradient. It
// is NaN when any error of r is NaN.
func (r GradCheckResult) MaxRel() float64 {
	errs := []float64{r.MaxAbsFD, r.MaxRelFD}
	if r.HasMoments {
		errs = append(errs, r.MaxAbsMoments, r.MaxRelMoments)
	}
	for _, e := range errs {
		if math.IsNaN(e) {
			return math.NaN()
		}
	}
	if r.HasMoments {
		return math.Max(r.MaxRelFD, r.MaxRelMoments)
	}
	return r.MaxRelFD
}

// Passes reports whether every scaled error of r is a finite number at most
// tol. A NaN or infinite error fails whatever tol is, and so does a NaN tol.
func (r GradCheckResult) Passes(tol float64) bool {
	e := r.MaxRel()
	return e <= tol && !math.IsInf(e, 0)
}

// worse returns the larger of the running absolute and scaled errors and
// those of a against b. A NaN error, or an infinite a or b, makes both NaN
// for good, so that a comparison that could not be made is never taken for
// a small error.
func worse(maxAbs, maxRel, a, b float64) (float64, float64) {
	d := math.Abs(a - b)
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return math.NaN(), math.NaN()
	}
	return math.Max(maxAbs, d), math.Max(maxRel, d/math.Max(1, math.Max(math.Abs(a), math.Abs(b))))
}
