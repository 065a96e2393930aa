package rbm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/graph/ops"
	"github.com/rbmgo/rbm/graph/special"
	G "gorgonia.org/gorgonia"
)

// DReLU is a layer of double-ReLU units h ∈ ℝ, each with the potential
//
//	U(h) = γ₊/2·h₊² + θ₊·h₊ + γ₋/2·h₋² + θ₋·h₋,  h₊ = max(h,0), h₋ = max(-h,0),
//
// γ± > 0: given its input, a unit is a mixture of two half-normals, one on
// each side of zero. Its cgf is the log-add-exp of the two halves' log
// partitions, each written through log erfcx.
type DReLU[T Float] struct {
	dreluFamily[T]
	ThetaP, ThetaN, GammaP, GammaN *graph.Param
}

// NewDReLU returns a dReLU layer with θ± = 0 and γ± = 1 (standard normal
// units), its parameters named prefix+"theta_p", "theta_n", "gamma_p", "gamma_n".
func NewDReLU[T Float](prefix string, shape ...int) (*DReLU[T], error) {
	u, err := newUnits("drelu", shape)
	if err != nil {
		return nil, err
	}
	l := &DReLU[T]{
		ThetaP: newParam[T](prefix+"theta_p", graph.Biases, u.n), ThetaN: newParam[T](prefix+"theta_n", graph.Biases, u.n),
		GammaP: newParam[T](prefix+"gamma_p", graph.Biases, u.n), GammaN: newParam[T](prefix+"gamma_n", graph.Biases, u.n),
	}
	fill[T](l.GammaP, 1)
	fill[T](l.GammaN, 1)
	l.dreluFamily = dreluFamily[T]{
		units:  u,
		params: []*graph.Param{l.ThetaP, l.ThetaN, l.GammaP, l.GammaN},
		numbers: func(v [][]float64) (tp, tn, gp, gn []float64) {
			return v[0], v[1], v[2], v[3]
		},
		nodes: func(_ *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node) { return p[0], p[1], p[2], p[3] },
		jacobian: func(_ [][]float64, _ int) [4][4]float64 {
			return [4][4]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
		},
		validate: func() error {
			if err := firstError(checkFinite(l.ThetaP), checkFinite(l.ThetaN)); err != nil {
				return err
			}
			return firstError(positive(l.GammaP), positive(l.GammaN))
		},
	}
	return l, nil
}

// PReLU is a dReLU layer in the parameters (θ, γ, Δ, η), |η| < 1, γ > 0:
//
//	γ₊ = γ/(1+η), γ₋ = γ/(1-η), θ₊ = θ + Δ/(1+η), θ₋ = -θ + Δ/(1-η).
//
// η sets the asymmetry of the two slopes, Δ a threshold around zero; with
// Δ = η = 0 the units are Gaussian. Gradients reach (θ, γ, Δ, η) through the
// map by autodiff.
type PReLU[T Float] struct {
	dreluFamily[T]
	Theta, Gamma, Delta, Eta *graph.Param
}

// NewPReLU returns a pReLU layer with θ = Δ = η = 0 and γ = 1, its parameters
// named prefix+"theta", "gamma", "delta", "eta".
func NewPReLU[T Float](prefix string, shape ...int) (*PReLU[T], error) {
	u, err := newUnits("prelu", shape)
	if err != nil {
		return nil, err
	}
	l := &PReLU[T]{
		Theta: newParam[T](prefix+"theta", graph.Biases, u.n), Gamma: newParam[T](prefix+"gamma", graph.Biases, u.n),
		Delta: newParam[T](prefix+"delta", graph.Biases, u.n), Eta: newParam[T](prefix+"eta", graph.Biases, u.n),
	}
	fill[T](l.Gamma, 1)
	l.dreluFamily = dreluFamily[T]{
		units:  u,
		params: []*graph.Param{l.Theta, l.Gamma, l.Delta, l.Eta},
		numbers: func(v [][]float64) (tp, tn, gp, gn []float64) {
			th, ga, de, et := v[0], v[1], v[2], v[3]
			tp, tn, gp, gn = make([]float64, len(th)), make([]float64, len(th)), make([]float64, len(th)), make([]float64, len(th))
			for j := range th {
				gp[j], gn[j] = ga[j]/(1+et[j]), ga[j]/(1-et[j])
				tp[j], tn[j] = th[j]+de[j]/(1+et[j]), -th[j]+de[j]/(1-et[j])
			}
			return
		},
		nodes: func(c *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node) {
			th, ga, de, et := p[0], p[1], p[2], p[3]
			onePlus, oneMinus := c.addScalar(et, 1), c.addScalar(c.neg(et), 1)
			gp, gn = c.div(ga, onePlus), c.div(ga, oneMinus)
			tp, tn = c.add(th, c.div(de, onePlus)), c.add(c.neg(th), c.div(de, oneMinus))
			return
		},
		// Rows θ₊, θ₋, γ₊, γ₋; columns θ, γ, Δ, η.
		jacobian: func(v [][]float64, j int) [4][4]float64 {
			ga, de, et := v[1][j], v[2][j], v[3][j]
			p, n := 1+et, 1-et
			return [4][4]float64{
				{1, 0, 1 / p, -de / (p * p)},
				{-1, 0, 1 / n, de / (n * n)},
				{0, 1 / p, 0, -ga / (p * p)},
				{0, 1 / n, 0, ga / (n * n)},
			}
		},
		validate: func() error {
			if err := firstError(checkFinite(l.Theta), checkFinite(l.Delta), checkFinite(l.Eta), positive(l.Gamma)); err != nil {
				return err
			}
			for i, e := range float64s(l.Eta) {
				if !(e > -1 && e < 1) {
					return fmt.Errorf("rbm: parameter %q must be in (-1, 1), is %g at index %d", l.Eta.Name, e, i)
				}
			}
			return nil
		},
	}
	return l, nil
}

// XReLU is a dReLU layer in the parameters (θ, γ, Δ, ξ), γ > 0, ξ free:
//
//	ξ₊ = (1+|ξ|)/(1+max(2ξ,0)), ξ₋ = (1+|ξ|)/(1-min(2ξ,0)),
//	γ± = γ·ξ±, θ₊ = θ + Δ·ξ₊, θ₋ = -θ + Δ·ξ₋.
//
// Unlike pReLU's η, ξ needs no bound.
type XReLU[T Float] struct {
	dreluFamily[T]
	Theta, Gamma, Delta, Xi *graph.Param
}

// NewXReLU returns an xReLU layer with θ = Δ = ξ = 0 and γ = 1, its parameters
// named prefix+"theta", "gamma", "delta", "xi".
func NewXReLU[T Float](prefix string, shape ...int) (*XReLU[T], error) {
	u, err := newUnits("xrelu", shape)
	if err != nil {
		return nil, err
	}
	l := &XReLU[T]{
		Theta: newParam[T](prefix+"theta", graph.Biases, u.n), Gamma: newParam[T](prefix+"gamma", graph.Biases, u.n),
		Delta: newParam[T](prefix+"delta", graph.Biases, u.n), Xi: newParam[T](prefix+"xi", graph.Biases, u.n),
	}
	fill[T](l.Gamma, 1)
	l.dreluFamily = dreluFamily[T]{
		units:  u,
		params: []*graph.Param{l.Theta, l.Gamma, l.Delta, l.Xi},
		numbers: func(v [][]float64) (tp, tn, gp, gn []float64) {
			th, ga, de, xi := v[0], v[1], v[2], v[3]
			tp, tn, gp, gn = make([]float64, len(th)), make([]float64, len(th)), make([]float64, len(th)), make([]float64, len(th))
			for j := range th {
				xp, xn := xiMap(xi[j])
				gp[j], gn[j] = ga[j]*xp, ga[j]*xn
				tp[j], tn[j] = th[j]+de[j]*xp, -th[j]+de[j]*xn
			}
			return
		},
		nodes: func(c *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node) {
			th, ga, de, xi := p[0], p[1], p[2], p[3]
			// ξ₊ = 1 - ξ/(1+2·relu(ξ)) and ξ₋ = 1 + ξ/(1+2·relu(-ξ)): the same
			// values as the definition, in a form whose autodiff derivative is
			// right at ξ = 0 too (|ξ| and max(2ξ,0) each have a kink there that
			// the quotient smooths out, but autodiff would take both slopes as 0).
			xp := c.addScalar(c.neg(c.div(xi, c.addScalar(c.scale(c.relu(xi), 2), 1))), 1)
			xn := c.addScalar(c.div(xi, c.addScalar(c.scale(c.relu(c.neg(xi)), 2), 1)), 1)
			gp, gn = c.mul(ga, xp), c.mul(ga, xn)
			tp, tn = c.add(th, c.mul(de, xp)), c.add(c.neg(th), c.mul(de, xn))
			return
		},
		// Rows θ₊, θ₋, γ₊, γ₋; columns θ, γ, Δ, ξ.
		jacobian: func(v [][]float64, j int) [4][4]float64 {
			ga, de, xi := v[1][j], v[2][j], v[3][j]
			xp, xn := xiMap(xi)
			var dxp, dxn float64 // derivatives of ξ₊ and ξ₋ with respect to ξ
			if xi > 0 {
				dxp, dxn = -1/((1+2*xi)*(1+2*xi)), 1
			} else {
				dxp, dxn = -1, 1/((1-2*xi)*(1-2*xi))
			}
			return [4][4]float64{
				{1, 0, xp, de * dxp},
				{-1, 0, xn, de * dxn},
				{0, xp, 0, ga * dxp},
				{0, xn, 0, ga * dxn},
			}
		},
		validate: func() error {
			return firstError(checkFinite(l.Theta), checkFinite(l.Delta), checkFinite(l.Xi), positive(l.Gamma))
		},
	}
	return l, nil
}

// xiMap returns xReLU's ξ₊ = (1+|ξ|)/(1+max(2ξ,0)) and ξ₋ = (1+|ξ|)/(1-min(2ξ,0)).
func xiMap(xi float64) (float64, float64) {
	return 1 - xi/(1+2*math.Max(xi, 0)), 1 + xi/(1+2*math.Max(-xi, 0))
}

// dreluFamily holds what dReLU, pReLU and xReLU share: everything, given a
// map from the layer's own parameters to (θ₊, θ₋, γ₊, γ₋), in numbers and
// in graph nodes.
type dreluFamily[T Float] struct {
	units
	params  []*graph.Param
	numbers func(v [][]float64) (tp, tn, gp, gn []float64)
	nodes   func(c *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node)
	// jacobian returns ∂(θ₊, θ₋, γ₊, γ₋)/∂(the layer's parameters) at unit j.
	jacobian func(v [][]float64, j int) [4][4]float64
	validate func() error
}

// AddEnergyGrad adds scale·Σ ∂U/∂θ for the layer's parameters θ: the dReLU
// derivatives (h₊, h₋, h₊²/2, h₋²/2) through the Jacobian of the map.
func (l *dreluFamily[T]) AddEnergyGrad(x []T, scale float64, g [][]T) {
	v := l.values()
	for i, s := range x {
		hp, hn := math.Max(float64(s), 0), math.Max(-float64(s), 0)
		l.addThrough(v, i%l.n, [4]float64{hp, hn, hp * hp / 2, hn * hn / 2}, scale, g)
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
			pp * special.HalfGaussianMean(u.gp, u.ap),
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
	e := c.add(c.scale(c.dot(c.square(xp), gp), 0.5), c.dot(xp, tp))
	e = c.add(e, c.add(c.scale(c.dot(c.square(xn), gn), 0.5), c.dot(xn, tn)))
	return c.result(e)
}

// CGFExpr returns Σ logaddexp(Γ₊, Γ₋) per sample, Γ± the log partitions of
// the halves.
func (l *dreluFamily[T]) CGFExpr(b *graph.Builder, in *G.Node) (*G.Node, error) {
	c := &exprChain{b: b}
	tp, tn, gp, gn := l.paramNodes(c, b)
	pos := halfGaussianCGFExpr(c, c.subRows(in, tp), gp, false)
	neg := halfGaussianCGFExpr(c, c.neg(c.addRows(in, tn)), gn, false)
	lae := c.do(func() (*G.Node, error) { return ops.LogAddExp(pos, neg) })
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
		e += gp[j]*hp*hp/2 + tp[j]*hp + gn[j]*hn*hn/2 + tn[j]*hn
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
	return drelu{gp: gp, gn: gn, ap: in - tp, an: -in - tn}
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

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
