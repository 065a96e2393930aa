package features

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
)

// MaxBatch bounds the rows Transform handles at once.
const MaxBatch = 1 << 16

// Options say how Transform turns rows into features.
type Options struct {
	// Batch is the number of rows transformed at once (0: 256); the
	// output does not depend on it.
	Batch int
	// Sample draws binary (or other) hidden states instead of their
	// means; row i draws from the PCG stream (Seed, i), whatever the batch.
	Sample bool
	Seed   uint64
}

// Source gives rows of data one batch at a time: Next fills dst (whole rows)
// with the next rows and returns how many it wrote, 0 at the end.
type Source[T rbm.Float] interface {
	Next(dst []T) (int, error)
}

// Rows is a Source over rows held in memory, dim values a row.
type Rows[T rbm.Float] struct {
	X   []T
	Dim int
	at  int
}

// Next copies the next rows of X into dst.
func (r *Rows[T]) Next(dst []T) (int, error) {
	if rest := len(r.X) - r.at; rest%r.Dim != 0 {
		return 0, fmt.Errorf("features: %d values are not whole rows of the model's %d visible units", len(r.X), r.Dim)
	}
	n := copy(dst[:len(dst)/r.Dim*r.Dim], r.X[r.at:])
	r.at += n
	return n / r.Dim, nil
}

// Check reports rows a model cannot take: a count of values that is not
// whole rows of its visible units, NaN or infinite values, values outside
// the visible units' range (binary units: [0,1], spin units: [-1,1], as
// rbm.Finite lists their states) and states its visible layer refuses
// (rbm.DataChecker: Potts sites not one-hot). first is the number of rows
// before x, so that errors name rows of the whole input, from 1.
func Check[T rbm.Float](m *rbm.RBM[T], x []T, first int) error {
	nv := m.Visible.Len()
	if len(x)%nv != 0 {
		return fmt.Errorf("features: %d values are not whole rows of the model's %d visible units", len(x), nv)
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if fin, ok := rbm.As[rbm.Finite](m.Visible); ok {
		lo, hi = stateRange(fin)
	}
	for i, v := range x {
		f := float64(v)
		switch {
		case math.IsNaN(f) || math.IsInf(f, 0):
			return fmt.Errorf("features: row %d, column %d is %v", first+i/nv+1, i%nv+1, f)
		case f < lo || f > hi:
			return fmt.Errorf("features: row %d, column %d is %g, outside [%g, %g], the range of the model's %s visible units", first+i/nv+1, i%nv+1, f, lo, hi, m.Visible.Kind())
		}
	}
	if dc, ok := m.Visible.(rbm.DataChecker[T]); ok {
		if err := dc.CheckData(x); err != nil {
			return fmt.Errorf("features: rows %d to %d: %w", first+1, first+len(x)/nv, err)
		}
	}
	return nil
}

// stateRange returns the least and the greatest value a unit takes.
func stateRange(fin rbm.Finite) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	_, states := fin.SiteStates()
	for _, s := range states {
		for _, v := range s {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	return lo, hi
}

// Hidden writes the hidden units' means given the rows v into out (one row
// of m.Hidden.Len() values a row of v): the hidden layer's mean of PropUp.
// in is scratch of the size of out (nil: allocated).
func Hidden[T rbm.Float](m *rbm.RBM[T], v, in, out []T) {
	if in == nil {
		in = make([]T, len(out))
	}
	m.PropUp(v, in[:len(out)])
	m.Hidden.Mean(in[:len(out)], out)
}

// Transform reads src to its end, checks its rows (Check) and passes the
// hidden means (or, with o.Sample, draws) of each batch of rows, in order,
// to emit, which must not keep the slice. It returns the number of rows.
// Memory is bounded by the batch: one batch of rows and one of features.
func Transform[T rbm.Float](m *rbm.RBM[T], src Source[T], o Options, emit func(features []T) error) (int, error) {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	b := o.Batch
	if b == 0 {
		b = 256
	}
	if b < 1 || b > MaxBatch {
		return 0, fmt.Errorf("features: a batch of %d rows, want 1 to %d", b, MaxBatch)
	}
	v, in, out := make([]T, b*nv), make([]T, b*nh), make([]T, b*nh)
	done := 0
	for {
		n, err := src.Next(v)
		if err != nil {
			return done, err
		}
		if n == 0 {
			return done, nil
		}
		if err := Check(m, v[:n*nv], done); err != nil {
			return done, err
		}
		m.PropUp(v[:n*nv], in[:n*nh])
		if o.Sample {
			for r := range n {
				rng := rand.New(rand.NewPCG(o.Seed, uint64(done+r)))
				m.Hidden.Sample(rng, in[r*nh:(r+1)*nh], out[r*nh:(r+1)*nh])
			}
		} else {
			m.Hidden.Mean(in[:n*nh], out[:n*nh])
		}
		if err := emit(out[:n*nh]); err != nil {
			return done, err
		}
		done += n
	}
}

// Of returns the features of the rows x (dim values a row) in one slice.
func Of[T rbm.Float](m *rbm.RBM[T], x []T, o Options) ([]T, error) {
	out := make([]T, 0, len(x)/m.Visible.Len()*m.Hidden.Len())
	_, err := Transform(m, &Rows[T]{X: x, Dim: m.Visible.Len()}, o, func(f []T) error {
		out = append(out, f...)
		return nil
	})
	return out, err
}

// Sets is a Source over the rows of data sets, one after another.
type Sets[T rbm.Float] struct {
	Parts []*data.Set[T]
	at    int
	rows  *Rows[T]
}

// Next copies the next rows into dst.
func (s *Sets[T]) Next(dst []T) (int, error) {
	for s.at < len(s.Parts) {
		if s.rows == nil {
			p := s.Parts[s.at]
			s.rows = &Rows[T]{X: p.Rows, Dim: p.Dim}
		}
		if n, _ := s.rows.Next(dst); n > 0 {
			return n, nil
		}
		s.at, s.rows = s.at+1, nil
	}
	return 0, nil
}

// Len returns the number of rows of the sets.
func (s *Sets[T]) Len() int {
	n := 0
	for _, p := range s.Parts {
		n += p.N
	}
	return n
}
