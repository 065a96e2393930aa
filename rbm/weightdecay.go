package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/optim"
)

// WeightDecay is the L2 penalty Decay/2·Σθ² on the parameters of Groups:
// it adds Decay·θ to their gradients (the coupled weight decay of SGD and
// Adam, which the moments see). The command decays the "weights" group.
type WeightDecay[T Float] struct {
	Decay  float64  // finite and not negative
	Groups []string // the parameter groups it applies to; empty: all
}

// Validate reports a decay that is not finite and non-negative.
func (d WeightDecay[T]) Validate() error {
	if !(d.Decay >= 0 && !math.IsInf(d.Decay, 1)) {
		return fmt.Errorf("rbm: weight decay must be finite and not negative, got %v", d.Decay)
	}
	return nil
}

// Transform adds Decay·θ to the gradient of every parameter of Groups.
func (d WeightDecay[T]) Transform(params []optim.Param[T]) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Decay == 0 {
		return nil
	}
	decay := T(d.Decay)
	for _, p := range params {
		if !inGroups(d.Groups, p.Group) {
			continue
		}
		if len(p.Grad) < len(p.Value) {
			return fmt.Errorf("rbm: weight decay: parameter %q has %d values but %d gradients", p.Name, len(p.Value), len(p.Grad))
		}
		w, g := p.Value, p.Grad[:len(p.Value)]
		for j := range w {
			g[j] += decay * w[j]
		}
	}
	return nil
}
