package rbm

import (
	"errors"
	"fmt"
	"slices"

	"github.com/rbmgo/rbm/internal/kernel"
)

// Averaging of the iterates (Polyak and Juditsky): from StartAveraging on,
// the trainer keeps the mean of the model's parameters after every update.
// At a learning rate large enough to move quickly, the parameters wander
// around the optimum; their mean is much closer to it than any one of them.

// averages is the running mean of a trainer's parameters, in float64
// whatever the model's type, in the order of the model's Params.
type averages struct {
	on    bool        // StartAveraging was called
	count int         // updates in the mean
	mean  [][]float64 // one per parameter
}

// StartAveraging makes the trainer keep, from its next update on, the mean
// of the model's parameters after every update. A mean already under way
// is kept.
func (t *Trainer[T]) StartAveraging() {
	if !t.avg.on {
		t.avg = averages{on: true}
	}
}

// Averaged returns the number of updates in the mean of the parameters (0
// before StartAveraging, or before the first update after it).
func (t *Trainer[T]) Averaged() int { return t.avg.count }

// AverageInto writes the mean of the parameters into m, a model of the same
// layers as the trainer's (a second model built as the first, for instance).
func (t *Trainer[T]) AverageInto(m *RBM[T]) error {
	if t.avg.count == 0 {
		return errors.New("rbm: no parameters averaged yet")
	}
	ps := m.Params()
	if len(ps) != len(t.avg.mean) {
		return fmt.Errorf("rbm: a model of %d parameters cannot take the mean of %d", len(ps), len(t.avg.mean))
	}
	for i, p := range ps {
		d := data[T](p)
		if len(d) != len(t.avg.mean[i]) {
			return fmt.Errorf("rbm: parameter %s has %d values, the mean %d", p.Name, len(d), len(t.avg.mean[i]))
		}
		for j, x := range t.avg.mean[i] {
			d[j] = T(x)
		}
	}
	return m.Validate()
}

// accumulate adds the current parameters to the mean, when averaging.
func (t *Trainer[T]) accumulate() {
	if !t.avg.on {
		return
	}
	ps := t.Model.Params()
	if t.avg.mean == nil {
		t.avg.mean = make([][]float64, len(ps))
		for i, p := range ps {
			t.avg.mean[i] = make([]float64, len(data[T](p)))
		}
	}
	t.avg.count++
	n := float64(t.avg.count)
	for i, p := range ps {
		m := t.avg.mean[i]
		for j, x := range data[T](p) {
			m[j] += (float64(x) - m[j]) / n
		}
	}
}

// clone returns a deep copy.
func (a averages) clone() averages {
	out := averages{on: a.on, count: a.count}
	for _, m := range a.mean {
		out.mean = append(out.mean, slices.Clone(m))
	}
	return out
}

// checkAverages reports a mean that does not fit the model's parameters.
func checkAverages[T Float](m *RBM[T], count int, mean [][]float64) error {
	if count < 0 {
		return fmt.Errorf("%d updates averaged", count)
	}
	if count == 0 {
		if len(mean) != 0 {
			return errors.New("a mean of no updates")
		}
		return nil
	}
	ps := m.Params()
	if len(mean) != len(ps) {
		return fmt.Errorf("a mean of %d parameters for a model of %d", len(mean), len(ps))
	}
	for i, p := range ps {
		if len(mean[i]) != len(data[T](p)) {
			return fmt.Errorf("the mean of %s has %d values, want %d", p.Name, len(mean[i]), len(data[T](p)))
		}
		if j := kernel.FirstNonFinite64(mean[i]); j >= 0 {
			return fmt.Errorf("the mean of %s is %v at index %d", p.Name, mean[i][j], j)
		}
	}
	return nil
}
