package rbm

import "github.com/rbmgo/rbm/optim"

// The penalty files share this layout (the type, Validate, Transform through
// penalized); only the gradient each adds differs.

// WeightDecay is the L2 penalty Decay/2·Σθ² on the parameters of Groups:
// it adds Decay·θ to their gradients (the coupled weight decay of SGD and
// Adam, which the moments see). The command decays the "weights" group.
type WeightDecay[T Float] struct {
	Decay  float64  // finite and not negative
	Groups []string // the parameter groups it applies to; empty: all
}

// Validate reports a decay that is not finite and non-negative.
func (d WeightDecay[T]) Validate() error { return checkStrength("weight decay", d.Decay) }

// Transform adds Decay·θ to the gradient of every parameter of Groups.
func (d WeightDecay[T]) Transform(params []optim.Param[T]) error {
	ps, err := penalized(d.Validate(), d.Decay, "weight decay", d.Groups, params)
	if err != nil {
		return err
	}
	decay := T(d.Decay)
	for _, p := range ps {
		for j, x := range p.Value {
			p.Grad[j] += decay * x
		}
	}
	return nil
}
