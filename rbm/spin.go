package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	G "gorgonia.org/gorgonia"
)

// Spin is a layer of units with states {-1, +1} and fields θ: energy -Σθᵢxᵢ,
// cgf Σ log(2cosh(θᵢ+inᵢ)), mean tanh(θᵢ+inᵢ).
type Spin[T Float] struct {
	units
	Field *graph.Param
}

// NewSpin returns a spin layer with zero fields named prefix+"field".
func NewSpin[T Float](prefix string, shape ...int) (*Spin[T], error) {
	u, err := newUnits("spin", shape)
	if err != nil {
		return nil, err
	}
	return &Spin[T]{units: u, Field: newParam[T](prefix+"field", graph.Biases, u.n)}, nil
}

// Params returns the fields.
func (l *Spin[T]) Params() []*graph.Param { return []*graph.Param{l.Field} }

// Validate reports non-finite fields.
func (l *Spin[T]) Validate() error { return checkFinite(l.Field) }

// Flip returns -x.
func (l *Spin[T]) Flip(x T) T { return -x }

// Round returns +1 for x ≥ 0, else -1.
func (l *Spin[T]) Round(x T) T {
	if x >= 0 {
		return 1
	}
	return -1
}

// EnergyExpr returns -x·θ per sample.
func (l *Spin[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	return c.result(c.neg(c.dot(x, b.Param(l.Field))))
}

// CGFExpr returns Σ logaddexp(a, -a) with a = θ+in.
func (l *Spin[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	a := c.addRows(in, b.Param(l.Field))
	lae := c.do(func() (*G.Node, error) { return ops.LogAddExp(a, c.neg(a)) })
	return c.result(c.sumRows(lae))
}

// Energy returns -Σθᵢxᵢ.
func (l *Spin[T]) Energy(x []T) float64 {
	var e float64
	for i, th := range data[T](l.Field) {
		e -= float64(th) * float64(x[i])
	}
	return e
}

// CGF returns Σ log(2cosh(θᵢ+inᵢ)).
func (l *Spin[T]) CGF(in []T) float64 {
	var s float64
	for i, th := range data[T](l.Field) {
		a := math.Abs(float64(th) + float64(in[i]))
		s += a + math.Log1p(math.Exp(-2*a))
	}
	return s
}

// Mean writes tanh(θ+in).
func (l *Spin[T]) Mean(in, out []T) {
	th := data[T](l.Field)
	for i, x := range in {
		out[i] = T(math.Tanh(float64(th[i%l.n]) + float64(x)))
	}
}

// Sample draws +1 with probability σ(2(θ+in)), else -1.
func (l *Spin[T]) Sample(rng *rand.Rand, in, out []T) {
	th := data[T](l.Field)
	for i, x := range in {
		out[i] = T(2*bernoulli(rng.Float64(), 2*(float64(th[i%l.n])+float64(x))) - 1)
	}
}

// AddEnergyGrad adds -scale·Σx.
func (l *Spin[T]) AddEnergyGrad(x []T, scale float64, g [][]T) { addScaledRows(x, -scale, g[0]) }

// AddMeanEnergyGrad adds -scale·Σ tanh(θ+in).
func (l *Spin[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	m := make([]T, len(in))
	l.Mean(in, m)
	addScaledRows(m, -scale, g[0])
}
