package optim

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rbmgo/rbm/internal/kernel"
)

// State is what an optimizer carries from one step to the next, for a
// checkpoint: the steps taken and, by name, its per-parameter slices (SGD's
// "velocity/NAME", Adam's "m/NAME" and "v/NAME"). Slices are copies.
type State[T Float] struct {
	Steps int
	Slots map[string][]T
}

// A Checkpointer is an optimizer whose state can be saved and restored, so
// that training continues exactly where it stopped, and whose learning rates
// can be changed between steps (for schedules).
type Checkpointer[T Float] interface {
	Optimizer[T]
	// State returns a copy of the optimizer's state.
	State() State[T]
	// SetState replaces the state with a copy of s.
	SetState(s State[T]) error
	// SetLearningRate sets the learning rate of a group.
	SetLearningRate(group string, lr float64) error
}

// copySlots copies the named slices of each map into one map, naming them
// prefix/name.
func copySlots[T Float](prefixes []string, ms ...map[string][]T) map[string][]T {
	out := map[string][]T{}
	for i, m := range ms {
		for name, s := range m {
			out[prefixes[i]+"/"+name] = slices.Clone(s)
		}
	}
	return out
}

// splitSlots is the inverse of copySlots: it refuses names with an unknown
// prefix and non-finite values.
func splitSlots[T Float](slots map[string][]T, prefixes []string) ([]map[string][]T, error) {
	out := make([]map[string][]T, len(prefixes))
	for i := range out {
		out[i] = map[string][]T{}
	}
	for _, key := range slices.Sorted(maps.Keys(slots)) {
		s := slots[key]
		found := false
		for i, p := range prefixes {
			if name, ok := strings.CutPrefix(key, p+"/"); ok {
				if j := kernel.FirstNonFinite(s); j >= 0 {
					return nil, fmt.Errorf("optim: state %q is %v at index %d", key, s[j], j)
				}
				out[i][name] = slices.Clone(s)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("optim: unknown state %q", key)
		}
	}
	return out, nil
}

// setRate sets the learning rate of a group, refusing an unknown group and a
// rate that is not finite and non-negative.
func setRate(groups map[string]Group, group string, lr float64) error {
	g, ok := groups[group]
	if !ok {
		return fmt.Errorf("optim: unknown group %q", group)
	}
	if !finiteNonNegative(lr) {
		return fmt.Errorf("optim: group %q: learning rate must be finite and not negative, got %v", group, lr)
	}
	g.LearningRate = lr
	groups[group] = g
	return nil
}

// State returns a copy of the velocities.
func (o *SGD[T]) State() State[T] {
	return State[T]{Slots: copySlots([]string{"velocity"}, o.velocity)}
}

// SetState replaces the velocities with a copy of s's.
func (o *SGD[T]) SetState(s State[T]) error {
	ms, err := splitSlots(s.Slots, []string{"velocity"})
	if err != nil {
		return err
	}
	o.velocity = ms[0]
	return nil
}

// SetLearningRate sets the learning rate of a group.
func (o *SGD[T]) SetLearningRate(group string, lr float64) error { return setRate(o.groups, group, lr) }

// State returns a copy of the moments and the step count.
func (o *Adam[T]) State() State[T] {
	return State[T]{Steps: o.t, Slots: copySlots([]string{"m", "v"}, o.m, o.v)}
}

// SetState replaces the moments and the step count with a copy of s's.
func (o *Adam[T]) SetState(s State[T]) error {
	if s.Steps < 0 {
		return fmt.Errorf("optim: step count %d is negative", s.Steps)
	}
	ms, err := splitSlots(s.Slots, []string{"m", "v"})
	if err != nil {
		return err
	}
	o.m, o.v, o.t = ms[0], ms[1], s.Steps
	return nil
}

// SetLearningRate sets the learning rate of a group.
func (o *Adam[T]) SetLearningRate(group string, lr float64) error {
	return setRate(o.groups, group, lr)
}
