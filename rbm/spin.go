package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/internal/kernel"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("spin", NewSpin[float32], NewSpin[float64]) }

// Spin is a layer of units with states {-1, +1} and fields θ: energy -Σθᵢxᵢ,
// cgf Σ log(2cosh(θᵢ+inᵢ)), mean tanh(θᵢ+inᵢ).
type Spin[T Float] struct {
	linearField[T]
	Field *graph.Param
}

// NewSpin returns a spin layer with zero fields named prefix+"field".
func NewSpin[T Float](prefix string, shape ...int) (*Spin[T], error) {
	f, err := newLinearField[T]("spin", prefix+"field", shape)
	if err != nil {
		return nil, err
	}
	return &Spin[T]{linearField: f, Field: f.theta}, nil
}

// Flip returns -x.
func (l *Spin[T]) Flip(x T) T { return -x }

// Round returns +1 for x ≥ 0, else -1.
func (l *Spin[T]) Round(x T) T {
	if x >= 0 {
		return 1
	}
	return -1
}

// CGFExpr returns Σ logaddexp(a, -a) with a = θ+in.
func (l *Spin[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	a := c.addRows(in, b.Param(l.Field))
	lae := c.Do(func() (*G.Node, error) { return ops.LogAddExp(a, c.neg(a)) })
	return c.result(c.sumRows(lae))
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
		out[i] = T(2*kernel.Bernoulli(rng.Float64(), 2*(float64(th[i%l.n])+float64(x))) - 1)
	}
}

// AddMeanEnergyGrad adds -scale·Σ tanh(θ+in).
func (l *Spin[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	l.addMeanEnergyGrad(l.Mean, in, scale, g)
}

// CheckData reports the first value outside [-1, 1].
func (l *Spin[T]) CheckData(x []T) error {
	return checkRange(x, l.n, -1, 1, "states and means of spin units")
}

// SiteStates returns the states of a unit: -1 and +1 (see Finite).
func (l *Spin[T]) SiteStates() (int, [][]float64) { return 1, [][]float64{{-1}, {1}} }
