package rbm

import (
	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// linearField is what binary, spin and Potts units share: one field θᵢ per
// unit and the energy -Σ θᵢxᵢ, linear in the states. The three types differ
// only in their states, hence in cgf, mean and sampler; their moments are
// the states themselves (∂E/∂θ = -x).
type linearField[T Float] struct {
	units
	theta *graph.Param
}

func newLinearField[T Float](kind, name string, shape []int) (linearField[T], error) {
	u, err := newUnits(kind, shape)
	if err != nil {
		return linearField[T]{}, err
	}
	return linearField[T]{units: u, theta: newParam[T](name, graph.Biases, u.n)}, nil
}

// Params returns the fields.
func (l *linearField[T]) Params() []*graph.Param { return []*graph.Param{l.theta} }

// Validate reports non-finite fields.
func (l *linearField[T]) Validate() error { return checkFinite(l.theta) }

// EnergyExpr returns -x·θ per sample.
func (l *linearField[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	return c.result(c.neg(c.dot(x, b.Param(l.theta))))
}

// Energy returns -Σ θᵢxᵢ.
func (l *linearField[T]) Energy(x []T) float64 {
	var e float64
	for i, th := range data[T](l.theta) {
		e -= float64(th) * float64(x[i])
	}
	return e
}

// AddEnergyGrad adds scale·∂E/∂θ = -scale·Σ x.
func (l *linearField[T]) AddEnergyGrad(x []T, scale float64, g [][]T) {
	addScaledRows(x, -scale, g[0])
}

// addMeanEnergyGrad adds scale·E[∂E/∂θ | in] = -scale·Σ mean(in), given the
// unit type's mean.
func (l *linearField[T]) addMeanEnergyGrad(mean func(in, out []T), in []T, scale float64, g [][]T) {
	m := make([]T, len(in))
	mean(in, m)
	addScaledRows(m, -scale, g[0])
}

// LinearField returns θ, the parameter of the energy -θ·x (see Linear).
func (l *linearField[T]) LinearField() *graph.Param { return l.theta }
