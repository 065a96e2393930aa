package rbm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Idle hidden units. Training at a large learning rate leaves some binary
// hidden units off for almost every digit, or on for almost every one. Such
// a unit is no feature: off, it adds nothing to the free energy; on, it adds
// a linear term the visible biases could carry. Nor does training bring it
// back, since a unit whose activity does not depend on the data gets almost
// no gradient. ReviveIdle redraws such units as weak detectors of single
// training rows, which training then turns into features of their own.

// ReviveConfig says which hidden units count as idle and how ReviveIdle
// redraws them.
type ReviveConfig struct {
	// A unit whose mean activation over the rows is below MinOn or above
	// MaxOn is idle (0.01 and 0.99, say).
	MinOn, MaxOn float64
	// Norm is a redrawn unit's weight norm as a fraction of the median norm
	// of the units kept (0.3, say).
	Norm float64
	// On is the fraction of the rows a redrawn unit is on for: its bias is
	// set so (0.01, say).
	On float64
	// Seed picks the rows the redrawn units copy.
	Seed uint64
}

// Validate reports settings ReviveIdle cannot use.
func (c ReviveConfig) Validate() error {
	switch {
	case !(c.MinOn >= 0 && c.MinOn < c.MaxOn && c.MaxOn <= 1):
		return fmt.Errorf("rbm: idle below %g or above %g: want 0 <= low < high <= 1", c.MinOn, c.MaxOn)
	case !(c.Norm > 0 && c.Norm <= 10):
		return fmt.Errorf("rbm: a redrawn unit's norm of %g times the median: want it in (0, 10]", c.Norm)
	case !(c.On > 0 && c.On < 1):
		return fmt.Errorf("rbm: a redrawn unit on for a fraction %g of the rows: want it in (0, 1)", c.On)
	}
	return nil
}

// ReviveIdle redraws the idle hidden units of m, a model of binary visible
// and hidden units (see BinaryField), as measured on the rows x (training data, {0,1}), and
// returns their indices. A unit that was on for almost every row first
// hands its input W·v to the visible biases, so that the model loses
// little; then each idle unit k gets the weights x_r - x̄ of a row r drawn
// at random (x̄ the mean row), scaled to cfg.Norm times the median norm of
// the other units' weights, and the bias that makes it on for a fraction
// cfg.On of the rows. A model without idle units is left as it is.
func ReviveIdle[T Float](m *RBM[T], x []T, cfg ReviveConfig) ([]int, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	vb, ok1 := BinaryField(m.Visible)
	hb, ok2 := BinaryField(m.Hidden)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("rbm: reviving idle units needs visible and hidden units of states 0 and 1 with linear fields (rbm.Finite, rbm.Linear), not %s and %s units", m.Visible.Kind(), m.Hidden.Kind())
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	if len(x) == 0 || len(x)%nv != 0 {
		return nil, fmt.Errorf("rbm: %w: %d values are not rows of %d", ErrData, len(x), nv)
	}
	rows := len(x) / nv
	for j, v := range x {
		if v != 0 && v != 1 {
			return nil, fmt.Errorf("rbm: %w: binary rows hold %v at index %d", ErrData, v, j)
		}
	}
	w := m.Weights()
	vbias := data[T](vb)
	hbias := data[T](hb)

	// The mean activation of every unit.
	in := make([]T, rows*nh)
	m.PropUp(x, in)
	on := make([]float64, nh)
	for r := range rows {
		for j, u := range in[r*nh : (r+1)*nh] {
			on[j] += math.Exp(logSigmoid(float64(u) + float64(hbias[j])))
		}
	}
	var idle, kept []int
	for j := range on {
		on[j] /= float64(rows)
		if on[j] < cfg.MinOn || on[j] > cfg.MaxOn {
			idle = append(idle, j)
		} else {
			kept = append(kept, j)
		}
	}
	if len(idle) == 0 {
		return nil, nil
	}
	if len(kept) == 0 {
		return nil, errors.New("rbm: every hidden unit is idle: there is no norm to scale the redrawn units to")
	}

	// Units always on hand their input to the visible biases.
	for _, k := range idle {
		if on[k] > cfg.MaxOn {
			for i := range nv {
				vbias[i] += w[i*nh+k]
			}
		}
	}
	norms := make([]float64, len(kept))
	for n, j := range kept {
		var s float64
		for i := range nv {
			s += float64(w[i*nh+j]) * float64(w[i*nh+j])
		}
		norms[n] = math.Sqrt(s)
	}
	slices.Sort(norms)
	norm := cfg.Norm * norms[len(norms)/2]

	mean := make([]float64, nv)
	for r := range rows {
		for i, v := range x[r*nv : (r+1)*nv] {
			mean[i] += float64(v)
		}
	}
	for i := range mean {
		mean[i] /= float64(rows)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x7e71))
	col := make([]float64, nv)
	u := make([]float64, rows)
	for _, k := range idle {
		var s float64
		for tries := 0; s == 0; tries++ {
			if tries == 100 {
				return nil, fmt.Errorf("rbm: %w: 100 rows drawn all equal the mean row", ErrData)
			}
			r := rng.IntN(rows)
			s = 0
			for i := range nv {
				col[i] = float64(x[r*nv+i]) - mean[i]
				s += col[i] * col[i]
			}
		}
		scale := norm / math.Sqrt(s)
		for i := range nv {
			col[i] *= scale
			w[i*nh+k] = T(col[i])
		}
		for r := range rows {
			var d float64
			for i, v := range x[r*nv : (r+1)*nv] {
				d += float64(v) * float64(w[i*nh+k])
			}
			u[r] = d
		}
		slices.Sort(u)
		hbias[k] = T(-u[min(rows-1, int(float64(rows)*(1-cfg.On)))])
	}
	return idle, m.Validate()
}
