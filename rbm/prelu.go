package rbm

import (
	"fmt"

	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("prelu", NewPReLU[float32], NewPReLU[float64]) }

// PReLU is a dReLU layer in the parameters (θ, γ, Δ, η), |η| < 1, γ > 0:
//
//	γ₊ = γ/(1+η), γ₋ = γ/(1-η), θ₊ = θ + Δ/(1+η), θ₋ = θ - Δ/(1-η),
//
// RestrictedBoltzmannMachines.jl's map, into DReLU's θ± and γ±.
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
	f, err := newDreluFamily[T]("prelu", prefix, shape, [4]string{"theta", "gamma", "delta", "eta"}, 1)
	if err != nil {
		return nil, err
	}
	l := &PReLU[T]{Theta: f.params[0], Gamma: f.params[1], Delta: f.params[2], Eta: f.params[3]}
	l.dreluFamily = f
	l.unit = func(v [][]float64, j int) (tp, tn, gp, gn float64) {
		th, ga, de, et := v[0][j], v[1][j], v[2][j], v[3][j]
		return th + de/(1+et), th - de/(1-et), ga / (1 + et), ga / (1 - et)
	}
	l.nodes = func(c *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node) {
		th, ga, de, et := p[0], p[1], p[2], p[3]
		onePlus, oneMinus := c.addScalar(et, 1), c.addScalar(c.neg(et), 1)
		gp, gn = c.div(ga, onePlus), c.div(ga, oneMinus)
		tp, tn = c.add(th, c.div(de, onePlus)), c.sub(th, c.div(de, oneMinus))
		return
	}
	// Rows θ₊, θ₋, γ₊, γ₋; columns θ, γ, Δ, η.
	l.jacobian = func(v [][]float64, j int) [4][4]float64 {
		ga, de, et := v[1][j], v[2][j], v[3][j]
		p, n := 1+et, 1-et
		return [4][4]float64{
			{1, 0, 1 / p, -de / (p * p)},
			{1, 0, -1 / n, -de / (n * n)},
			{0, 1 / p, 0, -ga / (p * p)},
			{0, 1 / n, 0, ga / (n * n)},
		}
	}
	l.validate = func() error {
		if err := firstError(checkFinite(l.Theta), checkFinite(l.Delta), checkFinite(l.Eta), positive(l.Gamma)); err != nil {
			return err
		}
		for i, e := range float64s(l.Eta) {
			if !(e > -1 && e < 1) {
				return fmt.Errorf("rbm: parameter %q must be in (-1, 1), is %g at index %d", l.Eta.Name, e, i)
			}
		}
		return nil
	}
	return l, nil
}

// ScaledParams returns θ and Δ, which scale as the states, and γ, which
// scales as their squares; the asymmetry stays (Rescalable).
func (l *PReLU[T]) ScaledParams() ([]*graph.Param, []*graph.Param) {
	return []*graph.Param{l.Theta, l.Delta}, []*graph.Param{l.Gamma}
}

// InputFields returns θ, to which the input adds (InputFielder).
func (l *PReLU[T]) InputFields() []*graph.Param { return []*graph.Param{l.Theta} }
