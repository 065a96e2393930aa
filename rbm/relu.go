package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("relu", NewReLU[float32], NewReLU[float64]) }

// ReLU is a layer of units x ≥ 0 with fields θ and precisions γ > 0: energy
// Σ γᵢxᵢ²/2 - θᵢxᵢ on x ≥ 0; each unit given its input is a normal restricted
// to [0, ∞). Its cgf is written through log erfcx, so it neither overflows nor
// cancels for any input.
type ReLU[T Float] struct {
	quadratic[T]
}

// NewReLU returns a ReLU layer with zero fields and unit precisions, named
// prefix+"field" and prefix+"precision".
func NewReLU[T Float](prefix string, shape ...int) (*ReLU[T], error) {
	q, err := newQuadratic[T]("relu", prefix, shape)
	if err != nil {
		return nil, err
	}
	return &ReLU[T]{q}, nil
}

// CGFExpr returns Σ ½log(π/(2γ)) + log erfcx(-(θ+in)/√(2γ)) per sample.
func (l *ReLU[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	a := c.addRows(in, b.Param(l.Field))
	return c.result(halfGaussianCGFExpr(c, a, b.Param(l.Precision), true))
}

// halfGaussianCGFExpr returns the per-unit (batch×n) log partition of units
// h ≥ 0 with exponent -γh²/2 + a·h, or its sum over units when summed.
func halfGaussianCGFExpr(c *exprChain, a, gamma *G.Node, summed bool) *G.Node {
	s := c.sqrt(c.scale(gamma, 2))
	z := c.neg(c.divRows(a, s))
	le := c.Do(func() (*G.Node, error) { return ops.LogErfcx(z) })
	// ½log(π/(2γ)) = ½log(π/2) - ½log γ
	konst := c.addScalar(c.scale(c.log(gamma), -0.5), 0.5*math.Log(math.Pi/2))
	if summed {
		return c.add(c.sumRows(le), c.sum(konst))
	}
	return c.addRows(le, konst)
}

// CGF returns Σ log ∫₀^∞ exp(-γx²/2 + (θ+in)x) dx.
func (l *ReLU[T]) CGF(in []T) float64 {
	th, ga := data[T](l.Field), data[T](l.Precision)
	var s float64
	for i, v := range in {
		s += special.HalfGaussianCGF(float64(ga[i]), float64(th[i])+float64(v))
	}
	return s
}

// Mean writes the means of the truncated normals.
func (l *ReLU[T]) Mean(in, out []T) {
	th, ga := data[T](l.Field), data[T](l.Precision)
	for i, v := range in {
		j := i % l.n
		out[i] = T(special.HalfGaussianMean(float64(ga[j]), float64(th[j])+float64(v)))
	}
}

// Sample draws each unit from its truncated normal, exactly.
func (l *ReLU[T]) Sample(rng *rand.Rand, in, out []T) {
	th, ga := data[T](l.Field), data[T](l.Precision)
	for i, v := range in {
		j := i % l.n
		out[i] = T(special.HalfGaussian(rng, float64(ga[j]), float64(th[j])+float64(v)))
	}
}

// AddMeanEnergyGrad adds scale·Σ(-E[x], E[x²]/2).
func (l *ReLU[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	th, ga := data[T](l.Field), data[T](l.Precision)
	for i, v := range in {
		j := i % l.n
		gm, a := float64(ga[j]), float64(th[j])+float64(v)
		g[0][j] -= T(scale * special.HalfGaussianMean(gm, a))
		g[1][j] += T(scale * special.HalfGaussianSecondMoment(gm, a) / 2)
	}
}

// CheckData reports the first negative value.
func (l *ReLU[T]) CheckData(x []T) error {
	return checkRange(x, l.n, 0, math.Inf(1), "states of ReLU units")
}

// StateMoments returns the first two moments of unit j's half-normal given
// its input (Rescalable).
func (l *ReLU[T]) StateMoments() func(j int, in float64) (mean, second float64) {
	th, ga := float64s(l.Field), float64s(l.Precision)
	return func(j int, in float64) (float64, float64) {
		return special.HalfGaussianMean(ga[j], th[j]+in), special.HalfGaussianSecondMoment(ga[j], th[j]+in)
	}
}
