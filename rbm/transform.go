package rbm

import (
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
