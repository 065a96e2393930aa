package rbm

import (
	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

// The layer files share this layout (imports, registration, a type over its
// base, its constructor) so that each reads alone; see the package doc.
func init() { mustRegister("drelu", NewDReLU[float32], NewDReLU[float64]) }

// DReLU is a layer of double-ReLU units h ∈ ℝ, each with the potential
//
//	U(h) = γ₊/2·h₊² - θ₊·h₊ + γ₋/2·h₋² + θ₋·h₋,  h₊ = max(h,0), h₋ = max(-h,0),
//
// γ± > 0, the signs of RestrictedBoltzmannMachines.jl (θ± shift the unit the
// way an input does: θ₊ = θ₋ = 3 puts its mass on the positive side): given
// its input, a unit is a mixture of two half-normals, one on each side of
// zero. Its cgf is the log-add-exp of the two halves' log
// partitions, each written through log erfcx.
type DReLU[T Float] struct {
	dreluFamily[T]
	ThetaP, ThetaN, GammaP, GammaN *graph.Param
}

// NewDReLU returns a dReLU layer with θ± = 0 and γ± = 1 (standard normal
// units), its parameters named prefix+"theta_p", "theta_n", "gamma_p", "gamma_n".
func NewDReLU[T Float](prefix string, shape ...int) (*DReLU[T], error) {
	f, err := newDreluFamily[T]("drelu", prefix, shape, [4]string{"theta_p", "theta_n", "gamma_p", "gamma_n"}, 2, 3)
	if err != nil {
		return nil, err
	}
	l := &DReLU[T]{ThetaP: f.params[0], ThetaN: f.params[1], GammaP: f.params[2], GammaN: f.params[3]}
	l.dreluFamily = f
	l.unit = func(v [][]float64, j int) (tp, tn, gp, gn float64) { return v[0][j], v[1][j], v[2][j], v[3][j] }
	l.nodes = func(_ *exprChain, p []*G.Node) (tp, tn, gp, gn *G.Node) { return p[0], p[1], p[2], p[3] }
	l.jacobian = func(_ [][]float64, _ int) [4][4]float64 {
		return [4][4]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
	}
	l.validate = func() error {
		if err := firstError(checkFinite(l.ThetaP), checkFinite(l.ThetaN)); err != nil {
			return err
		}
		return firstError(positive(l.GammaP), positive(l.GammaN))
	}
	return l, nil
}

// ScaledParams returns θ±, which scale as the states, and γ±, which scale
// as their squares (Rescalable).
func (l *DReLU[T]) ScaledParams() ([]*graph.Param, []*graph.Param) {
	return []*graph.Param{l.ThetaP, l.ThetaN}, []*graph.Param{l.GammaP, l.GammaN}
}

// InputFields returns θ±, to both of which the input adds (InputFielder).
func (l *DReLU[T]) InputFields() []*graph.Param { return []*graph.Param{l.ThetaP, l.ThetaN} }
