package rbm

import (
	"github.com/rbmgo/rbm/graph"
	G "gorgonia.org/gorgonia"
)

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
