package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// Gaussian is a layer of real units with fields θ and precisions γ > 0:
// energy Σ γᵢxᵢ²/2 - θᵢxᵢ, cgf Σ (θᵢ+inᵢ)²/(2γᵢ) + ½log(2π/γᵢ), mean
// (θ+in)/γ, variance 1/γ.
type Gaussian[T Float] struct {
	units
	Field, Precision *graph.Param
}

// NewGaussian returns a Gaussian layer with zero fields and unit precisions,
// named prefix+"field" and prefix+"precision".
func NewGaussian[T Float](prefix string, shape ...int) (*Gaussian[T], error) {
	u, err := newUnits("gaussian", shape)
	if err != nil {
		return nil, err
	}
	l := &Gaussian[T]{units: u, Field: newParam[T](prefix+"field", graph.Biases, u.n), Precision: newParam[T](prefix+"precision", graph.Biases, u.n)}
	fill[T](l.Precision, 1)
	return l, nil
}

// Params returns the fields and the precisions.
func (l *Gaussian[T]) Params() []*graph.Param { return []*graph.Param{l.Field, l.Precision} }

// Validate reports non-finite fields and precisions that are not positive.
func (l *Gaussian[T]) Validate() error {
	if err := checkFinite(l.Field); err != nil {
		return err
	}
	return positive(l.Precision)
}

// EnergyExpr returns Σ γx²/2 - θx per sample.
func (l *Gaussian[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	quad := c.scale(c.dot(c.square(x), b.Param(l.Precision)), 0.5)
	return c.result(c.sub(quad, c.dot(x, b.Param(l.Field))))
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

// Energy returns Σ γx²/2 - θx.
func (l *Gaussian[T]) Energy(x []T) float64 {
	th, ga := data[T](l.Field), data[T](l.Precision)
	var e float64
	for i, v := range x {
		xv := float64(v)
		e += float64(ga[i])*xv*xv/2 - float64(th[i])*xv
	}
	return e
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

// AddEnergyGrad adds scale·Σ(-x, x²/2).
func (l *Gaussian[T]) AddEnergyGrad(x []T, scale float64, g [][]T) {
	for i, v := range x {
		j := i % l.n
		g[0][j] -= T(scale * float64(v))
		g[1][j] += T(scale * float64(v) * float64(v) / 2)
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
