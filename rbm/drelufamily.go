package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
)

// dreluFamily holds what dReLU, pReLU and xReLU share: everything, given a
// map from the layer's own parameters to (θ₊, θ₋, γ₊, γ₋), in numbers and
// in graph nodes. The potential is RestrictedBoltzmannMachines.jl's,
//
//	U(h) = γ₊/2·h₊² - θ₊·h₊ + γ₋/2·h₋² + θ₋·h₋,
//
// so that an input I enters as θ± + I.
type dreluFamily[T Float] struct {
	units
	params []*graph.Param
	// unit maps the parameter values v to (θ₊, θ₋, γ₊, γ₋) at unit j.
	unit  func(v [][]float64, j int) (tp, tn, gp, gn float64)
	nodes func(c *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node)
	// jacobian returns ∂(θ₊, θ₋, γ₊, γ₋)/∂(the layer's parameters) at unit j.
	jacobian func(v [][]float64, j int) [4][4]float64
	validate func() error
}

// newDreluFamily returns the units of a layer of the given kind and shape
// and its four parameters, named prefix+names[i], zero but for those at the
// indices ones, which hold 1. The layer sets the map (unit, nodes, jacobian)
// and validate.
func newDreluFamily[T Float](kind, prefix string, shape []int, names [4]string, ones ...int) (dreluFamily[T], error) {
	u, err := newUnits(kind, shape)
	if err != nil {
		return dreluFamily[T]{}, err
	}
	params := make([]*graph.Param, len(names))
	for i, name := range names {
		params[i] = newParam[T](prefix+name, graph.Biases, u.n)
	}
	for _, i := range ones {
		fill[T](params[i], 1)
	}
	return dreluFamily[T]{units: u, params: params}, nil
}

// numbers returns (θ₊, θ₋, γ₊, γ₋) of every unit for the parameter values v.
func (l *dreluFamily[T]) numbers(v [][]float64) (tp, tn, gp, gn []float64) {
	tp, tn, gp, gn = make([]float64, l.n), make([]float64, l.n), make([]float64, l.n), make([]float64, l.n)
	for j := range tp {
		tp[j], tn[j], gp[j], gn[j] = l.unit(v, j)
	}
	return tp, tn, gp, gn
}

// AddEnergyGrad adds scale·Σ ∂U/∂θ for the layer's parameters θ: the dReLU
// derivatives (-h₊, h₋, h₊²/2, h₋²/2) through the Jacobian of the map.
func (l *dreluFamily[T]) AddEnergyGrad(x []T, scale float64, g [][]T) {
	v := l.values()
	for i, s := range x {
		hp, hn := math.Max(float64(s), 0), math.Max(-float64(s), 0)
		l.addThrough(v, i%l.n, [4]float64{-hp, hn, hp * hp / 2, hn * hn / 2}, scale, g)
	}
}

// AddMeanEnergyGrad adds scale·Σ E[∂U/∂θ | in].
func (l *dreluFamily[T]) AddMeanEnergyGrad(in []T, scale float64, g [][]T) {
	v := l.values()
	tp, tn, gp, gn := l.numbers(v)
	for i, s := range in {
		j := i % l.n
		u := dreluUnit(tp[j], tn[j], gp[j], gn[j], float64(s))
		pp, pn := u.probabilities()
		l.addThrough(v, j, [4]float64{
			-pp * special.HalfGaussianMean(u.gp, u.ap),
			pn * special.HalfGaussianMean(u.gn, u.an),
			pp * special.HalfGaussianSecondMoment(u.gp, u.ap) / 2,
			pn * special.HalfGaussianSecondMoment(u.gn, u.an) / 2,
		}, scale, g)
	}
}

// addThrough adds scale·dᵀJ to the gradients of unit j, for the derivatives d
// with respect to (θ₊, θ₋, γ₊, γ₋).
func (l *dreluFamily[T]) addThrough(v [][]float64, j int, d [4]float64, scale float64, g [][]T) {
	jac := l.jacobian(v, j)
	for c := range g {
		var s float64
		for r := range d {
			s += d[r] * jac[r][c]
		}
		g[c][j] += T(scale * s)
	}
}

// Params returns the layer's parameters.
func (l *dreluFamily[T]) Params() []*graph.Param { return l.params }

// Validate reports parameters outside their domain.
func (l *dreluFamily[T]) Validate() error { return l.validate() }

func (l *dreluFamily[T]) values() [][]float64 {
	v := make([][]float64, len(l.params))
	for i, p := range l.params {
		v[i] = float64s(p)
	}
	return v
}

// EnergyExpr returns Σ U(x) per sample.
func (l *dreluFamily[T]) EnergyExpr(b *graph.Builder, x *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	tp, tn, gp, gn := l.paramNodes(c, b)
	xp, xn := c.relu(x), c.relu(c.neg(x))
	e := c.sub(c.scale(c.dot(c.square(xp), gp), 0.5), c.dot(xp, tp))
	e = c.add(e, c.add(c.scale(c.dot(c.square(xn), gn), 0.5), c.dot(xn, tn)))
	return c.result(e)
}

// CGFExpr returns Σ logaddexp(Γ₊, Γ₋) per sample, Γ± the log partitions of
// the halves.
func (l *dreluFamily[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	tp, tn, gp, gn := l.paramNodes(c, b)
	pos := halfGaussianCGFExpr(c, c.addRows(in, tp), gp, false)
	neg := halfGaussianCGFExpr(c, c.neg(c.addRows(in, tn)), gn, false)
	lae := c.Do(func() (*G.Node, error) { return ops.LogAddExp(pos, neg) })
	return c.result(c.sumRows(lae))
}

func (l *dreluFamily[T]) paramNodes(c *exprChain, b *graph.Builder) (tp, tn, gp, gn *G.Node) {
	nodes := make([]*G.Node, len(l.params))
	for i, p := range l.params {
		nodes[i] = b.Param(p)
	}
	return l.nodes(c, nodes)
}

// Energy returns Σ U(x).
func (l *dreluFamily[T]) Energy(x []T) float64 {
	tp, tn, gp, gn := l.numbers(l.values())
	var e float64
	for j, v := range x {
		hp, hn := math.Max(float64(v), 0), math.Max(-float64(v), 0)
		e += gp[j]*hp*hp/2 - tp[j]*hp + gn[j]*hn*hn/2 + tn[j]*hn
	}
	return e
}

// CGF returns Σ logaddexp(Γ₊, Γ₋).
func (l *dreluFamily[T]) CGF(in []T) float64 {
	tp, tn, gp, gn := l.numbers(l.values())
	var s float64
	for j, v := range in {
		s += dreluUnit(tp[j], tn[j], gp[j], gn[j], float64(v)).cgf()
	}
	return s
}

// Mean writes E[h | in].
func (l *dreluFamily[T]) Mean(in, out []T) {
	tp, tn, gp, gn := l.numbers(l.values())
	for i, v := range in {
		j := i % l.n
		out[i] = T(dreluUnit(tp[j], tn[j], gp[j], gn[j], float64(v)).mean())
	}
}

// Sample draws each unit exactly: a side with its probability, then the
// half-normal of that side.
func (l *dreluFamily[T]) Sample(rng *rand.Rand, in, out []T) {
	tp, tn, gp, gn := l.numbers(l.values())
	for i, v := range in {
		j := i % l.n
		out[i] = T(dreluUnit(tp[j], tn[j], gp[j], gn[j], float64(v)).sample(rng))
	}
}

// drelu is one dReLU unit given its input: the halves' precisions and linear
// coefficients, h ≥ 0 with exp(-γ₊h²/2 + a₊h), and h = -u, u ≥ 0 with
// exp(-γ₋u²/2 + a₋u).
type drelu struct{ gp, gn, ap, an float64 }

func dreluUnit(tp, tn, gp, gn, in float64) drelu {
	return drelu{gp: gp, gn: gn, ap: in + tp, an: -in - tn}
}

func (u drelu) halves() (float64, float64) {
	return special.HalfGaussianCGF(u.gp, u.ap), special.HalfGaussianCGF(u.gn, u.an)
}

func (u drelu) cgf() float64 { return special.LogAddExp(u.halves()) }

// probabilities returns the probabilities of the positive and negative sides.
func (u drelu) probabilities() (float64, float64) {
	p, n := u.halves()
	pp := special.Sigmoid(p - n)
	return pp, 1 - pp
}

func (u drelu) mean() float64 {
	pp, pn := u.probabilities()
	return pp*special.HalfGaussianMean(u.gp, u.ap) - pn*special.HalfGaussianMean(u.gn, u.an)
}

func (u drelu) sample(rng *rand.Rand) float64 {
	p, n := u.halves()
	if rng.Float64() < special.Sigmoid(p-n) {
		return special.HalfGaussian(rng, u.gp, u.ap)
	}
	return -special.HalfGaussian(rng, u.gn, u.an)
}

// StateMoments returns the first two moments of unit j's state given its
// input, a mixture of two half-normals (Rescalable).
func (f *dreluFamily[T]) StateMoments() func(j int, in float64) (mean, second float64) {
	tp, tn, gp, gn := f.numbers(f.values())
	return func(j int, in float64) (float64, float64) {
		u := dreluUnit(tp[j], tn[j], gp[j], gn[j], in)
		pp, pn := u.probabilities()
		return u.mean(), pp*special.HalfGaussianSecondMoment(u.gp, u.ap) + pn*special.HalfGaussianSecondMoment(u.gn, u.an)
	}
}
