package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/optim"
)

// L1 is the penalty Strength·Σ|θ| on the parameters of Groups, which pushes
// weights to exactly zero: it adds Strength·sign(θ) to their gradients (0 at
// θ = 0, the subgradient of least magnitude).
type L1[T Float] struct {
	Strength float64  // finite and not negative
	Groups   []string // the parameter groups it applies to; empty: all
}

// Validate reports a strength that is not finite and non-negative.
func (l L1[T]) Validate() error {
	if !(l.Strength >= 0 && !math.IsInf(l.Strength, 1)) {
		return fmt.Errorf("rbm: L1 strength must be finite and not negative, got %v", l.Strength)
	}
	return nil
}

// Transform adds Strength·sign(θ) to the gradient of every parameter of
// Groups.
func (l L1[T]) Transform(params []optim.Param[T]) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if l.Strength == 0 {
		return nil
	}
	s := T(l.Strength)
	for _, p := range params {
		if !inGroups(l.Groups, p.Group) {
			continue
		}
		if len(p.Grad) < len(p.Value) {
			return fmt.Errorf("rbm: L1: parameter %q has %d values but %d gradients", p.Name, len(p.Value), len(p.Grad))
		}
		w, g := p.Value, p.Grad[:len(p.Value)]
		for j, x := range w {
			switch {
			case x > 0:
				g[j] += s
			case x < 0:
				g[j] -= s
			}
		}
	}
	return nil
}
