package rbm

import (
	"fmt"
	"math"
)

// DefaultFieldClip is the clip of InitVisibleFields' means: they are kept in
// [clip, 1-clip], so that a pixel never on in the data gets a large
// negative field rather than an infinite one.
const DefaultFieldClip = 1e-3

// InitVisibleFields sets the visible layer's fields to those of the
// independent model of the data's means (Hinton's practical guide, section
// 8): for binary units θᵢ = log(pᵢ/(1-pᵢ)), pᵢ the mean of unit i over the
// rows of x; for spin units θᵢ = atanh(mᵢ), mᵢ the mean state; for Potts
// units θ = log p of each state's frequency at its site. Means (and, for
// spin units, (1+m)/2) are clipped to [clip, 1-clip], clip in (0, 0.5).
// Other unit types are refused.
func InitVisibleFields[T Float](m *RBM[T], x []T, clip float64) error {
	if !(clip > 0 && clip < 0.5) {
		return fmt.Errorf("rbm: the clip of the visible fields' means must be in (0, 0.5), got %v", clip)
	}
	nv := m.Visible.Len()
	if len(x) == 0 || len(x)%nv != 0 {
		return fmt.Errorf("rbm: %w: %d values are not rows of %d visible units", ErrData, len(x), nv)
	}
	means := rowMeans(x, nv)
	for i, p := range means {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return fmt.Errorf("rbm: %w: the mean of visible unit %d is %v", ErrData, i, p)
		}
	}
	clamp := func(p float64) float64 { return math.Min(math.Max(p, clip), 1-clip) }
	var theta []T
	switch l := m.Visible.(type) {
	case *Binary[T]:
		theta = data[T](l.Bias)
		for i, p := range means {
			p = clamp(p)
			theta[i] = T(math.Log(p / (1 - p)))
		}
	case *Spin[T]:
		theta = data[T](l.Field)
		for i, s := range means {
			p := clamp((1 + s) / 2)
			theta[i] = T(0.5 * math.Log(p/(1-p)))
		}
	case *Potts[T]:
		theta = data[T](l.Field)
		for i, p := range means {
			theta[i] = T(math.Log(clamp(p)))
		}
	default:
		return fmt.Errorf("rbm: visible fields from the data's means are for binary, spin and Potts units, not %T", m.Visible)
	}
	return nil
}

// InitVisibleFields sets the model's visible fields from the rows x (see
// the function InitVisibleFields) before the first epoch, and makes them
// the parameters a stopped first epoch puts back.
func (t *Trainer[T]) InitVisibleFields(x []T, clip float64) error {
	if t.epoch > 0 {
		return fmt.Errorf("rbm: the visible fields are set from the data before the first epoch")
	}
	if err := InitVisibleFields(t.Model, x, clip); err != nil {
		return err
	}
	t.refresh()
	t.keepGood()
	return nil
}
