package rbm

import "github.com/rbmgo/rbm/optim"

// The penalty files share this layout (the type, Validate, Transform through
// penalized); only the gradient each adds differs.

// L1 is the penalty Strength·Σ|θ| on the parameters of Groups, which pushes
// weights to exactly zero: it adds Strength·sign(θ) to their gradients (0 at
// θ = 0, the subgradient of least magnitude).
type L1[T Float] struct {
	Strength float64  // finite and not negative
	Groups   []string // the parameter groups it applies to; empty: all
}

// Validate reports a strength that is not finite and non-negative.
func (l L1[T]) Validate() error { return checkStrength("L1 strength", l.Strength) }

// Transform adds Strength·sign(θ) to the gradient of every parameter of
// Groups.
func (l L1[T]) Transform(params []optim.Param[T]) error {
	ps, err := penalized(l.Validate(), l.Strength, "L1", l.Groups, params)
	if err != nil {
		return err
	}
	s := T(l.Strength)
	for _, p := range ps {
		for j, x := range p.Value {
			switch {
			case x > 0:
				p.Grad[j] += s
			case x < 0:
				p.Grad[j] -= s
			}
		}
	}
	return nil
}
