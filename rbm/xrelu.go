package rbm

import (
	"math"

	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("xrelu", NewXReLU[float32], NewXReLU[float64]) }

// XReLU is a dReLU layer in the parameters (θ, γ, Δ, ξ), γ > 0, ξ free:
//
//	ξ₊ = (1+|ξ|)/(1+max(2ξ,0)), ξ₋ = (1+|ξ|)/(1-min(2ξ,0)),
//	γ± = γ·ξ±, θ₊ = θ + Δ·ξ₊, θ₋ = θ - Δ·ξ₋,
//
// RestrictedBoltzmannMachines.jl's map, into DReLU's θ± and γ±. Unlike
// pReLU's η, ξ needs no bound.
type XReLU[T Float] struct {
	dreluFamily[T]
	Theta, Gamma, Delta, Xi *graph.Param
}

// NewXReLU returns an xReLU layer with θ = Δ = ξ = 0 and γ = 1, its parameters
// named prefix+"theta", "gamma", "delta", "xi".
func NewXReLU[T Float](prefix string, shape ...int) (*XReLU[T], error) {
	f, err := newDreluFamily[T]("xrelu", prefix, shape, [4]string{"theta", "gamma", "delta", "xi"}, 1)
	if err != nil {
		return nil, err
	}
	l := &XReLU[T]{Theta: f.params[0], Gamma: f.params[1], Delta: f.params[2], Xi: f.params[3]}
	l.dreluFamily = f
	l.unit = func(v [][]float64, j int) (tp, tn, gp, gn float64) {
		th, ga, de, xi := v[0][j], v[1][j], v[2][j], v[3][j]
		xp, xn := xiMap(xi)
		return th + de*xp, th - de*xn, ga * xp, ga * xn
	}
	l.nodes = func(c *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node) {
		th, ga, de, xi := p[0], p[1], p[2], p[3]
		// ξ₊ = 1 - ξ/(1+2·relu(ξ)) and ξ₋ = 1 + ξ/(1+2·relu(-ξ)): the same
		// values as the definition, in a form whose autodiff derivative is
		// right at ξ = 0 too (|ξ| and max(2ξ,0) each have a kink there that
		// the quotient smooths out, but autodiff would take both slopes as 0).
		xp := c.addScalar(c.neg(c.div(xi, c.addScalar(c.scale(c.relu(xi), 2), 1))), 1)
		xn := c.addScalar(c.div(xi, c.addScalar(c.scale(c.relu(c.neg(xi)), 2), 1)), 1)
		gp, gn = c.mul(ga, xp), c.mul(ga, xn)
		tp, tn = c.add(th, c.mul(de, xp)), c.sub(th, c.mul(de, xn))
		return
	}
	// Rows θ₊, θ₋, γ₊, γ₋; columns θ, γ, Δ, ξ.
	l.jacobian = func(v [][]float64, j int) [4][4]float64 {
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
			{1, 0, -xn, -de * dxn},
			{0, xp, 0, ga * dxp},
			{0, xn, 0, ga * dxn},
		}
	}
	l.validate = func() error {
		return firstError(checkFinite(l.Theta), checkFinite(l.Delta), checkFinite(l.Xi), positive(l.Gamma))
	}
	return l, nil
}

// xiMap returns xReLU's ξ₊ = (1+|ξ|)/(1+max(2ξ,0)) and ξ₋ = (1+|ξ|)/(1-min(2ξ,0)).
func xiMap(xi float64) (float64, float64) {
	return 1 - xi/(1+2*math.Max(xi, 0)), 1 + xi/(1+2*math.Max(-xi, 0))
}

// ScaledParams returns θ and Δ, which scale as the states, and γ, which
// scales as their squares; the asymmetry stays (Rescalable).
func (l *XReLU[T]) ScaledParams() ([]*graph.Param, []*graph.Param) {
	return []*graph.Param{l.Theta, l.Delta}, []*graph.Param{l.Gamma}
}

// InputFields returns θ, to which the input adds (InputFielder).
func (l *XReLU[T]) InputFields() []*graph.Param { return []*graph.Param{l.Theta} }
