package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/optim"
)

// The penalty files share this layout (the type, Validate, Transform through
// penalized); only the gradient each adds differs.

// L2L1 is RestrictedBoltzmannMachines.jl's squared L1 penalty per hidden
// unit,
//
//	Strength/2 · Σ_μ (Σ_i |w_iμ|)²,
//
// on the weight matrices (visible × hidden) of Groups: it adds
// Strength·(Σ_k |w_kμ|)·sign(w_iμ) to their gradients (0 at w_iμ = 0). Unlike
// L1 it pushes hardest on the units whose weights are largest overall, so
// that every hidden unit keeps a few strong weights.
type L2L1[T Float] struct {
	Strength float64  // finite and not negative
	Groups   []string // the parameter groups it applies to; empty: all
}

// Validate reports a strength that is not finite and non-negative.
func (l L2L1[T]) Validate() error { return checkStrength("L2L1 strength", l.Strength) }

// Transform adds the penalty's gradient to every matrix of Groups; a
// parameter of Groups that is not a matrix is an error.
func (l L2L1[T]) Transform(params []optim.Param[T]) error {
	ps, err := penalized(l.Validate(), l.Strength, "L2L1", l.Groups, params)
	if err != nil {
		return err
	}
	for _, p := range ps {
		nh, err := l.columns(p)
		if err != nil {
			return err
		}
		w, g := p.Value, p.Grad
		sums := make([]float64, nh)
		for i, x := range w {
			sums[i%nh] += math.Abs(float64(x))
		}
		for i, x := range w {
			s := l.Strength * sums[i%nh]
			switch {
			case x > 0:
				g[i] += T(s)
			case x < 0:
				g[i] -= T(s)
			}
		}
	}
	return nil
}

// columns returns the hidden units of the matrix p, from its Shape (a
// Trainer's parameters carry it).
func (l L2L1[T]) columns(p optim.Param[T]) (int, error) {
	if len(p.Shape) == 2 && p.Shape[0]*p.Shape[1] == len(p.Value) {
		return p.Shape[1], nil
	}
	return 0, fmt.Errorf("rbm: L2L1: parameter %q of shape %v is not a visible × hidden matrix", p.Name, p.Shape)
}
