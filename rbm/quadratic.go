package rbm

import (
	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// quadratic is what Gaussian and ReLU units share: fields θ and precisions
// γ > 0 and the energy Σ γᵢxᵢ²/2 - θᵢxᵢ (ReLU units live on x ≥ 0).
type quadratic[T Float] struct {
	units
	Field, Precision *graph.Param
}

func newQuadratic[T Float](kind, prefix string, shape []int) (quadratic[T], error) {
	u, err := newUnits(kind, shape)
	if err != nil {
		return quadratic[T]{}, err
	}
	q := quadratic[T]{units: u, Field: newParam[T](prefix+"field", graph.Biases, u.n), Precision: newParam[T](prefix+"precision", graph.Biases, u.n)}
	fill[T](q.Precision, 1)
	return q, nil
}

// Params returns the fields and the precisions.
func (l *quadratic[T]) Params() []*graph.Param { return []*graph.Param{l.Field, l.Precision} }

// Validate reports non-finite fields and precisions that are not positive.
func (l *quadratic[T]) Validate() error {
	if err := checkFinite(l.Field); err != nil {
		return err
	}
	return positive(l.Precision)
}

// EnergyExpr returns Σ γx²/2 - θx per sample.
func (l *quadratic[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	quad := c.scale(c.dot(c.square(x), b.Param(l.Precision)), 0.5)
	return c.result(c.sub(quad, c.dot(x, b.Param(l.Field))))
}

// Energy returns Σ γx²/2 - θx.
func (l *quadratic[T]) Energy(x []T) float64 {
	th, ga := data[T](l.Field), data[T](l.Precision)
	var e float64
	for i, v := range x {
		xv := float64(v)
		e += float64(ga[i])*xv*xv/2 - float64(th[i])*xv
	}
	return e
}

// AddEnergyGrad adds scale·Σ(-x, x²/2).
func (l *quadratic[T]) AddEnergyGrad(x []T, scale float64, g [][]T) {
	for i, v := range x {
		j := i % l.n
		g[0][j] -= T(scale * float64(v))
		g[1][j] += T(scale * float64(v) * float64(v) / 2)
	}
}

// ScaledParams returns the field, which scales as the states, and the
// precision, which scales as their squares (Rescalable).
func (q *quadratic[T]) ScaledParams() ([]*graph.Param, []*graph.Param) {
	return []*graph.Param{q.Field}, []*graph.Param{q.Precision}
}

// InputFields returns the field, to which the input adds (InputFielder).
func (q *quadratic[T]) InputFields() []*graph.Param { return []*graph.Param{q.Field} }
