package likelihood

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/rbmgo/rbm/internal/parallel"
	"github.com/rbmgo/rbm/rbm"
)

// DefaultMaxStates is the largest number of states ExactLogZ lists unless
// told otherwise: 2²⁵, 25 binary units.
const DefaultMaxStates = 1 << 25

// MaxStates is the most states ExactLogZ lists, whatever it is told.
const MaxStates = 1 << 34

// statesBlock is the number of consecutive states a goroutine lists from one
// fresh start; the input to the other layer is then updated one change at a
// time.
const statesBlock = 1 << 12

// enumeration describes the states of a layer that can be listed: digits
// counted like an odometer, each digit setting the unitsPer units of one
// site to one of the layer's site states.
type enumeration struct {
	digits, radix, unitsPer int
	values                  [][]float64 // the site states
	states                  int64
}

// enumerate returns how the states of l are listed, or ok false when l's
// units have no finite list of states (rbm.Finite) or more than max states.
func enumerate[T rbm.Float](l rbm.Layer[T], max int64) (e enumeration, ok bool) {
	fin, ok := rbm.As[rbm.Finite](l)
	if !ok {
		return e, false
	}
	per, values := fin.SiteStates()
	if per < 1 || l.Len()%per != 0 || len(values) < 1 {
		return e, false
	}
	e = enumeration{digits: l.Len() / per, radix: len(values), unitsPer: per, values: values}
	e.states = 1
	for range e.digits {
		if e.states > max/int64(e.radix) {
			return e, false
		}
		e.states *= int64(e.radix)
	}
	return e, true
}

// set writes into x the units of digit d at state k, returning the change of
// each of the digit's units in delta.
func (e enumeration) set(x []float64, d, k int, delta []float64) {
	u := x[d*e.unitsPer : (d+1)*e.unitsPer]
	for i, nu := range e.values[k] {
		delta[i] = nu - u[i]
		u[i] = nu
	}
}

// ExactStates returns the number of states ExactLogZ(m, maxStates) would
// list, and false when it would refuse the model.
func ExactStates[T rbm.Float](m *rbm.RBM[T], maxStates int64) (int64, bool) {
	if maxStates <= 0 {
		maxStates = DefaultMaxStates
	}
	maxStates = min(maxStates, MaxStates)
	ev, okv := enumerate(m.Visible, maxStates)
	eh, okh := enumerate(m.Hidden, maxStates)
	switch {
	case okh && (!okv || eh.states <= ev.states):
		return eh.states, true
	case okv:
		return ev.states, true
	}
	return 0, false
}

// ExactLogZ returns log Z by listing every state of the smaller of the
// model's layers of finite states (rbm.Finite: binary, spin, Potts units or
// a user's type) and summing the other layer out through its cgf, on all
// cores. It refuses models whose finite layers all have more than maxStates
// states (maxStates ≤ 0 means DefaultMaxStates).
func ExactLogZ[T rbm.Float](m *rbm.RBM[T], maxStates int64) (Estimate, error) {
	return ExactLogZProgress(m, maxStates, nil)
}

// ExactLogZProgress is ExactLogZ, calling progress (when not nil) with the
// blocks of states listed so far and their total as the listing goes on,
// from one goroutine at a time.
func ExactLogZProgress[T rbm.Float](m *rbm.RBM[T], maxStates int64, progress func(done, total int)) (Estimate, error) {
	start := time.Now()
	if m == nil {
		return Estimate{}, errors.New("likelihood: no model")
	}
	if err := m.Validate(); err != nil {
		return Estimate{}, fmt.Errorf("likelihood: %w", err)
	}
	if maxStates <= 0 {
		maxStates = DefaultMaxStates
	}
	maxStates = min(maxStates, MaxStates)
	ev, okv := enumerate(m.Visible, maxStates)
	eh, okh := enumerate(m.Hidden, maxStates)
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	w := m.Weights()
	var (
		e       enumeration
		listed  rbm.Layer[T]
		other   rbm.Layer[T]
		a       []T // rows: the listed layer's units; columns: the other layer's
		n, cols int
	)
	switch {
	case okh && (!okv || eh.states <= ev.states):
		e, listed, other, a, n, cols = eh, m.Hidden, m.Visible, m.Transpose(nil), nh, nv
	case okv:
		e, listed, other, a, n, cols = ev, m.Visible, m.Hidden, w, nv, nh
	default:
		_, fv := rbm.As[rbm.Finite](m.Visible)
		_, fh := rbm.As[rbm.Finite](m.Hidden)
		if !fv && !fh {
			return Estimate{}, fmt.Errorf("likelihood: exact log Z needs units with a finite list of states (rbm.Finite); %s and %s units have none",
				m.Visible.Kind(), m.Hidden.Kind())
		}
		return Estimate{}, fmt.Errorf("likelihood: exact log Z needs a layer of at most %d states; this model has %s-%d and %s-%d units",
			maxStates, m.Visible.Kind(), nv, m.Hidden.Kind(), nh)
	}
	blocks := int((e.states + statesBlock - 1) / statesBlock)
	sums := make([]logSumAcc, blocks)
	var reported struct {
		sync.Mutex
		done int
	}
	parallel.For(blocks, 1, func(lo, hi int) {
		x := make([]float64, n)
		xt := make([]T, n)
		acc := make([]float64, cols)
		in := make([]T, cols)
		digit := make([]int, e.digits)
		delta := make([]float64, e.unitsPer)
		for b := lo; b < hi; b++ {
			first := int64(b) * statesBlock
			last := min(first+statesBlock, e.states)
			// A fresh start: decode the first state, compute its input.
			idx := first
			for d := range digit {
				digit[d] = int(idx % int64(e.radix))
				idx /= int64(e.radix)
				e.set(x, d, digit[d], delta)
			}
			for j := range acc {
				acc[j] = 0
			}
			for i, xi := range x {
				if xi != 0 {
					row := a[i*cols : (i+1)*cols]
					for j := range acc {
						acc[j] += xi * float64(row[j])
					}
				}
			}
			s := newLogSumAcc()
			for st := first; ; {
				for i, xi := range x {
					xt[i] = T(xi)
				}
				for j, v := range acc {
					in[j] = T(v)
				}
				s.add(-listed.Energy(xt) + other.CGF(in))
				st++
				if st == last {
					break
				}
				// Odometer step: each digit that changes updates the input.
				for d := 0; ; d++ {
					digit[d]++
					carry := digit[d] == e.radix
					if carry {
						digit[d] = 0
					}
					e.set(x, d, digit[d], delta)
					for u, dx := range delta {
						if dx != 0 {
							row := a[(d*e.unitsPer+u)*cols : (d*e.unitsPer+u+1)*cols]
							for j := range acc {
								acc[j] += dx * float64(row[j])
							}
						}
					}
					if !carry {
						break
					}
				}
			}
			sums[b] = s
			if progress != nil {
				reported.Lock()
				reported.done++
				progress(reported.done, blocks)
				reported.Unlock()
			}
		}
	})
	total := newLogSumAcc()
	for _, s := range sums {
		total.merge(s)
	}
	logZ := total.value()
	if math.IsNaN(logZ) || math.IsInf(logZ, 0) {
		return Estimate{}, fmt.Errorf("likelihood: exact log Z is %v", logZ)
	}
	return Estimate{Method: "exact", LogZ: logZ, Low: logZ, High: logZ, States: e.states,
		Seconds: time.Since(start).Seconds()}, nil
}
