package rbm

import (
	"fmt"
	"math"
	"slices"

	"github.com/rbmgo/rbm/optim"
)

// A GradientTransform changes the gradients between the cost graph and the
// optimizer step: a penalty adds its gradient (WeightDecay, L1), and a
// centring or a gauge would rewrite them. A Trainer applies its Transforms in
// order before every step.
type GradientTransform[T Float] interface {
	// Transform rewrites the parameters' Grad in place; it may read their
	// Value but must not change it. The Grad slices belong to the cost
	// graph, which computes them anew for every update.
	Transform(params []optim.Param[T]) error
}

// inGroups reports whether a parameter of group g is one a transform of
// groups applies to: every parameter when groups is empty.
func inGroups(groups []string, g string) bool {
	return len(groups) == 0 || slices.Contains(groups, g)
}

// checkStrength reports a penalty strength (what names it in the message)
// that is not finite and non-negative.
func checkStrength(what string, v float64) error {
	if !(v >= 0 && !math.IsInf(v, 1)) {
		return fmt.Errorf("rbm: %s must be finite and not negative, got %v", what, v)
	}
	return nil
}

// penalized returns the parameters of groups a penalty named name applies
// to, each with its Grad cut to the length of its Value: none when the
// penalty's strength is 0, and valid, the error of its Validate, if not nil.
// A parameter with fewer gradients than values is an error.
func penalized[T Float](valid error, strength float64, name string, groups []string, params []optim.Param[T]) ([]optim.Param[T], error) {
	if valid != nil || strength == 0 {
		return nil, valid
	}
	var out []optim.Param[T]
	for _, p := range params {
		if !inGroups(groups, p.Group) {
			continue
		}
		if len(p.Grad) < len(p.Value) {
			return nil, fmt.Errorf("rbm: %s: parameter %q has %d values but %d gradients", name, p.Name, len(p.Value), len(p.Grad))
		}
		p.Grad = p.Grad[:len(p.Value)]
		out = append(out, p)
	}
	return out, nil
}
