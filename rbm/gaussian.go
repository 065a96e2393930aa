package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("gaussian", NewGaussian[float32], NewGaussian[float64]) }

// Gaussian is a layer of real units with fields θ and precisions γ > 0:
// energy Σ γᵢxᵢ²/2 - θᵢxᵢ, cgf Σ (θᵢ+inᵢ)²/(2γᵢ) + ½log(2π/γᵢ), mean
// (θ+in)/γ, variance 1/γ.
type Gaussian[T Float] struct {
	quadratic[T]
}

// NewGaussian returns a Gaussian layer with zero fields and unit precisions,
// named prefix+"field" and prefix+"precision".
func NewGaussian[T Float](prefix string, shape ...int) (*Gaussian[T], error) {
	q, err := newQuadratic[T]("gaussian", prefix, shape)
	if err != nil {
		return nil, err
	}
	return &Gaussian[T]{q}, nil
}

// CGFExpr returns Σ (θ+in)²/(2γ) + ½log(2π/γ) per sample.
func (l *Gaussian[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	gamma := b.Param(l.Precision)
	a := c.addRows(in, b.Param(l.Field))
	quad := c.scale(c.sumRows(c.divRows(c.square(a), gamma)), 0.5)
	// Σ ½log(2π/γ) = n·½log 2π - ½Σ log γ, the same for every sample.
	logs := c.addScalar(c.scale(c.sum(c.log(gamma)), -0.5), 0.5*float64(l.n)*math.Log(2*math.Pi))
	return c.result(c.add(quad, logs))
}

// CGF returns Σ (θ+in)²/(2γ) + ½log(2π/γ).
func (l *Gaussian[T]) CGF(in []T) float64 {
	th, ga := data[T](l.Field), data[T](l.Precision)
	var s float64
	for i, v := range in {
		a, g := float64(th[i])+float64(v), float64(ga[i])
		s += a*a/(2*g) + 0.5*math.Log(2*math.Pi/g)
	}
	return s
}

// Mean writes (θ+in)/γ.
func (l *Gaussian[T]) Mean(in, out []T) {
	th, ga := data[T](l.Field), data[T](l.Precision)
	for i, v := range in {
		j := i % l.n
		out[i] = T((float64(th[j]) + float64(v)) / float64(ga[j]))
	}
}

// Sample draws from N((θ+in)/γ, 1/γ).
func (l *Gaussian[T]) Sample(rng *rand.Rand, in, out []T) {
	th, ga := data[T](l.Field), data[T](l.Precision)
	for i, v := range in {
		j := i % l.n
		g := float64(ga[j])
		out[i] = T((float64(th[j])+float64(v))/g + rng.NormFloat64()/math.Sqrt(g))
	}
}

// AddMeanEnergyGrad adds scale·Σ(-E[x], E[x²]/2).
func (l *Gaussian[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	th, ga := data[T](l.Field), data[T](l.Precision)
	for i, v := range in {
		j := i % l.n
		gm := float64(ga[j])
		m := (float64(th[j]) + float64(v)) / gm
		g[0][j] -= T(scale * m)
		g[1][j] += T(scale * (1/gm + m*m) / 2)
	}
}

// StateMoments returns the mean (θ+in)/γ and the second moment mean² + 1/γ
// of unit j given its input (Rescalable).
func (l *Gaussian[T]) StateMoments() func(j int, in float64) (mean, second float64) {
	th, ga := float64s(l.Field), float64s(l.Precision)
	return func(j int, in float64) (float64, float64) {
		mu := (th[j] + in) / ga[j]
		return mu, mu*mu + 1/ga[j]
	}
}
