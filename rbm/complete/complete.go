// Package complete fills in the unobserved units of samples with a model's
// conditional means given the observed ones (rbm.Clamped), and measures the
// result: the cross-entropy of the completed units against the truth, beside
// a baseline that predicts every unit by its mean over training rows.
package complete

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/picture"
)

// Config says how long the clamped chains run.
type Config struct {
	// Steps is the number of Gibbs steps; the conditional means are
	// averaged over the second half of them.
	Steps int
	// Chains is the number of chains per row, averaged together.
	Chains int
	// Seed and the chain's index choose each chain's random stream.
	Seed uint64
	// Progress, if not nil, is called with the row-steps done, up to
	// Steps times the number of rows.
	Progress func(done int)
}

// Complete returns, for each row of v (rows of m.Visible.Len() values), the
// observed values where mask is true and elsewhere the conditional mean
// E[v_i | v_obs], estimated by cfg.Chains clamped chains per row run
// cfg.Steps steps, averaging E[v_i | h] over the second half of the steps
// and over the chains. mask is one row of flags for every row, or one flag
// per value of v.
func Complete[T rbm.Float](m *rbm.RBM[T], v []T, mask []bool, cfg Config) ([]T, error) {
	nv := m.Visible.Len()
	switch {
	case cfg.Steps < 1:
		return nil, fmt.Errorf("complete: need at least one step, got %d", cfg.Steps)
	case cfg.Chains < 1:
		return nil, fmt.Errorf("complete: need at least one chain a row, got %d", cfg.Chains)
	case len(v) == 0 || len(v)%nv != 0:
		return nil, fmt.Errorf("complete: %d values are not whole rows of %d", len(v), nv)
	case len(mask) != nv && len(mask) != len(v):
		return nil, fmt.Errorf("complete: a mask of %d flags, want %d (one row) or %d (one per row)", len(mask), nv, len(v))
	}
	rows := len(v) / nv
	block := max(1, BlockChains/cfg.Chains) // rows completed together
	sum := make([]float64, len(v))
	for lo := 0; lo < rows; lo += block {
		hi := min(lo+block, rows)
		var bmask []bool
		if len(mask) == nv {
			bmask = mask
		} else {
			bmask = mask[lo*nv : hi*nv]
		}
		var progress func(int)
		if cfg.Progress != nil {
			progress = func(done int) { cfg.Progress(lo*cfg.Steps + (hi-lo)*done) }
		}
		err := completeBlock(m, v[lo*nv:hi*nv], bmask, cfg, uint64(lo*cfg.Chains), sum[lo*nv:hi*nv], progress)
		if err != nil {
			return nil, err
		}
	}
	out := make([]T, len(v))
	k := float64((cfg.Steps - cfg.Steps/2) * cfg.Chains)
	for i := range out {
		out[i] = T(sum[i] / k)
		if mask[i%len(mask)] {
			out[i] = v[i]
		}
	}
	return out, nil
}

// BlockChains is about the number of chains Complete runs at once: it
// completes the rows in blocks of BlockChains/Chains rows, so that its
// memory is bounded whatever the number of rows. Chain c of row r draws
// from the stream (Seed, r·Chains+c), so the blocks do not change the
// result.
const BlockChains = 4096

// completeBlock adds to sum the conditional means of the rows of v, summed
// over the second half of the steps and the chains; the chains draw from
// the streams (cfg.Seed, stream+i).
func completeBlock[T rbm.Float](m *rbm.RBM[T], v []T, mask []bool, cfg Config, stream uint64, sum []float64, progress func(int)) error {
	nv := m.Visible.Len()
	rows := len(v) / nv
	// Chain c of row r is row r·Chains+c of the clamped chains.
	rep := make([]T, 0, len(v)*cfg.Chains)
	var repMask []bool
	if len(mask) != nv {
		repMask = make([]bool, 0, len(v)*cfg.Chains)
	}
	for r := range rows {
		for range cfg.Chains {
			rep = append(rep, v[r*nv:(r+1)*nv]...)
			if repMask != nil {
				repMask = append(repMask, mask[r*nv:(r+1)*nv]...)
			}
		}
	}
	if repMask == nil {
		repMask = mask
	}
	c, err := rbm.NewClamped(m, rep, repMask, cfg.Seed, stream)
	if err != nil {
		return err
	}
	mean := make([]T, len(rep))
	from := cfg.Steps / 2
	for s := range cfg.Steps {
		c.Gibbs(1)
		if progress != nil {
			progress(s + 1)
		}
		if s < from {
			continue
		}
		c.Mean(mean)
		for i, x := range mean {
			r, u := i/nv/cfg.Chains, i%nv
			sum[r*nv+u] += float64(x)
		}
	}
	return nil
}

// KeepTop returns the mask of height×width pictures whose first keep rows
// of pixels are observed and the rest hidden.
func KeepTop(height, width, keep int) ([]bool, error) {
	if height < 1 || width < 1 || keep < 0 || keep > height {
		return nil, fmt.Errorf("complete: keep the top %d rows of %d×%d pictures", keep, height, width)
	}
	mask := make([]bool, height*width)
	for i := range keep * width {
		mask[i] = true
	}
	return mask, nil
}

// ErrNotBinary is wrapped by the error of CrossEntropy for a truth that is
// not 0 or 1.
var ErrNotBinary = errors.New("not 0 or 1")

// Eps bounds the predicted probabilities CrossEntropy takes logarithms of
// to [Eps, 1-Eps], so that one confident mistake costs about 23 nats, not
// infinity.
const Eps = 1e-10

// CrossEntropy returns the mean over the hidden units (mask false) of every
// row of -[t log p + (1-t) log(1-p)] for predictions p and binary truths t
// (rows of nv values; the mask one row or one flag per value), in nats,
// and the number of units it averaged. p is clipped to [Eps, 1-Eps].
func CrossEntropy[T rbm.Float](p, truth []T, mask []bool, nv int) (float64, int, error) {
	switch {
	case nv < 1 || len(p) == 0 || len(p)%nv != 0 || len(truth) != len(p):
		return 0, 0, fmt.Errorf("complete: predictions of %d values and truths of %d, not the same whole rows of %d", len(p), len(truth), nv)
	case len(mask) != nv && len(mask) != len(p):
		return 0, 0, fmt.Errorf("complete: a mask of %d flags for rows of %d", len(mask), nv)
	}
	var sum float64
	n := 0
	for i := range p {
		if mask[i%len(mask)] {
			continue
		}
		q, t := float64(p[i]), float64(truth[i])
		if math.IsNaN(q) || q < 0 || q > 1 {
			return 0, 0, fmt.Errorf("complete: prediction %v at row %d, unit %d is not a probability", q, i/nv, i%nv)
		}
		if t != 0 && t != 1 {
			return 0, 0, fmt.Errorf("complete: truth %v at row %d, unit %d is %w (binarise it)", t, i/nv, i%nv, ErrNotBinary)
		}
		q = min(max(q, Eps), 1-Eps)
		sum -= t*math.Log(q) + (1-t)*math.Log1p(-q)
		n++
	}
	if n == 0 {
		return 0, 0, errors.New("complete: no hidden units to measure")
	}
	return sum / float64(n), n, nil
}

// Baseline returns rows predicting every unit of the rows of v by its mean
// over the rows of train, with v's values at the observed units: the
// prediction a model that knows only each unit's frequency makes.
func Baseline[T rbm.Float](train, v []T, mask []bool, nv int) ([]T, error) {
	if nv < 1 || len(train) == 0 || len(train)%nv != 0 || len(v)%nv != 0 {
		return nil, fmt.Errorf("complete: %d training values and %d values are not whole rows of %d", len(train), len(v), nv)
	}
	mean := make([]float64, nv)
	for i, x := range train {
		mean[i%nv] += float64(x)
	}
	n := float64(len(train) / nv)
	out := make([]T, len(v))
	for i := range out {
		if len(mask) > 0 && mask[i%len(mask)] {
			out[i] = v[i]
		} else {
			out[i] = T(mean[i%nv] / n)
		}
	}
	return out, nil
}

// Figure returns a picture of the first n rows, one row of the picture a
// sample: the observed units (hidden ones grey) | the completion | the
// truth, each a height×width picture.
func Figure[T rbm.Float](completed, truth []T, mask []bool, height, width, n int) (*image.Gray, error) {
	nv := height * width
	if nv < 1 || n < 1 || len(completed) < n*nv || len(truth) < n*nv || (len(mask) != nv && len(mask) < n*nv) {
		return nil, fmt.Errorf("complete: a figure of %d rows of %d×%d pictures from %d values", n, height, width, len(completed))
	}
	var rows []*image.Gray
	for r := range n {
		three := make([]float64, 0, 3*nv)
		for u := range nv {
			x := 0.5
			if mask[(r*nv+u)%len(mask)] {
				x = float64(truth[r*nv+u])
			}
			three = append(three, x)
		}
		for _, src := range [][]T{completed, truth} {
			for _, x := range src[r*nv : (r+1)*nv] {
				three = append(three, float64(x))
			}
		}
		rows = append(rows, picture.Tile(three, height, width, 1, 3, 1, false))
	}
	return picture.Stack(rows...), nil
}
