package rbm

import (
	"errors"
	"fmt"
	"math"
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

// ModelMean accumulates the value-by-value mean of the parameters of models
// of one kind (the same layers and parameters), in float64. Its zero value
// is empty and ready to use.
//
// The mean of several runs that set out from one model (a "model soup") is
// often better than each of them, for the same reason as the mean of one
// run's iterates: each run wanders around the optimum in its own way. Models
// trained apart are another matter: their hidden units come in unrelated
// orders, and the mean of unrelated units is no model at all. UnitAlignment
// tells the two cases apart.
type ModelMean[T Float] struct {
	first *RBM[T] // the layers every model must have
	count int
	sum   [][]float64
}

// Add adds m's parameters to the mean. It refuses a model whose layers or
// parameters differ from those of the first model added.
func (s *ModelMean[T]) Add(m *RBM[T]) error {
	if s.first == nil {
		s.first = m
		for _, p := range m.Params() {
			s.sum = append(s.sum, make([]float64, len(data[T](p))))
		}
	} else if err := sameLayers(s.first, m); err != nil {
		return fmt.Errorf("rbm: model %d: %w", s.count+1, err)
	}
	for i, p := range m.Params() {
		for j, x := range data[T](p) {
			s.sum[i][j] += float64(x)
		}
	}
	s.count++
	return nil
}

// Count returns the number of models added.
func (s *ModelMean[T]) Count() int { return s.count }

// Into writes the mean into dst, a model of the same layers as those added
// (one of them, for instance).
func (s *ModelMean[T]) Into(dst *RBM[T]) error {
	if s.count == 0 {
		return errors.New("rbm: no models to average")
	}
	if err := sameLayers(s.first, dst); err != nil {
		return fmt.Errorf("rbm: the model to write the mean into: %w", err)
	}
	n := float64(s.count)
	for i, p := range dst.Params() {
		d := data[T](p)
		for j, x := range s.sum[i] {
			d[j] = T(x / n)
		}
	}
	return dst.Validate()
}

// UnitAlignment returns the mean over hidden units of the cosine between a
// unit's weights in a and the same unit's weights in b: near 1 when b
// descends from a (or both from one model) at learning rates too small to
// reorder the units, near 0 for models trained apart. A unit whose weights
// are all zero in either model counts as 0.
func UnitAlignment[T Float](a, b *RBM[T]) (float64, error) {
	if err := sameLayers(a, b); err != nil {
		return 0, fmt.Errorf("rbm: %w", err)
	}
	nv, nh := a.Visible.Len(), a.Hidden.Len()
	wa, wb := a.Weights(), b.Weights()
	dot := make([]float64, nh)
	na := make([]float64, nh)
	nb := make([]float64, nh)
	for i := range nv {
		ra, rb := wa[i*nh:(i+1)*nh], wb[i*nh:(i+1)*nh]
		for j := range nh {
			x, y := float64(ra[j]), float64(rb[j])
			dot[j] += x * y
			na[j] += x * x
			nb[j] += y * y
		}
	}
	var sum float64
	for j := range nh {
		if na[j] > 0 && nb[j] > 0 {
			sum += dot[j] / math.Sqrt(na[j]*nb[j])
		}
	}
	return sum / float64(nh), nil
}

// sameLayers reports how b's layers or parameters differ from a's.
func sameLayers[T Float](a, b *RBM[T]) error {
	for _, l := range []struct {
		name string
		x, y Layer[T]
	}{{"visible", a.Visible, b.Visible}, {"hidden", a.Hidden, b.Hidden}} {
		if l.x.Kind() != l.y.Kind() || !slices.Equal(l.x.Shape(), l.y.Shape()) {
			return fmt.Errorf("%s layer %s %v, want %s %v", l.name, l.y.Kind(), l.y.Shape(), l.x.Kind(), l.x.Shape())
		}
	}
	pa, pb := a.Params(), b.Params()
	if len(pa) != len(pb) {
		return fmt.Errorf("%d parameters, want %d", len(pb), len(pa))
	}
	for i, p := range pa {
		q := pb[i]
		if p.Name != q.Name || len(data[T](p)) != len(data[T](q)) {
			return fmt.Errorf("parameter %s of %d values, want %s of %d", q.Name, len(data[T](q)), p.Name, len(data[T](p)))
		}
	}
	return nil
}
