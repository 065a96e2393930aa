package cli

// The pictures train and sample draw: the samples figure and the filters.

import (
	"fmt"
	"image"
	"math/rand/v2"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/picture"
	"github.com/spf13/pflag"
)

// sampleOptions set the samples figure: chains started at test digits, a row
// of visible means after every steps Gibbs steps.
type sampleOptions struct {
	chains, rows, steps int
	seed                uint64
	tempering           int           // replicas of parallel tempering (1: plain Gibbs chains)
	betaMin             float64       // the ladder's lowest inverse temperature
	maxMemory           budget.Limit  // rbm sample's --max-memory
	maxTime             time.Duration // rbm sample's --max-time
}

// register declares the flags, one pflag line each, like every register
// of the command: the lines are alike, each is its own flag.
func (o *sampleOptions) register(fs *pflag.FlagSet) {
	fs.IntVar(&o.chains, "sample-chains", 20, "chains in the samples figure (one column each)")
	fs.IntVar(&o.rows, "sample-rows", 10, "rows of the samples figure (0: no figure)")
	fs.IntVar(&o.steps, "sample-steps", 1000, "Gibbs steps between rows of the samples figure")
	fs.IntVar(&o.tempering, "sample-tempering", 1, "draw the samples figure by parallel tempering with N replicas (1: plain Gibbs chains)")
	fs.Float64Var(&o.betaMin, "sample-tempering-beta-min", 0.5, "the lowest inverse temperature of --sample-tempering's ladder, in [0, 1)")
}

func (o *sampleOptions) validate() error {
	switch {
	case o.rows < 0:
		return fmt.Errorf("--sample-rows must not be negative, got %d", o.rows)
	case o.rows > 0 && o.chains < 1:
		return fmt.Errorf("--sample-chains must be at least 1, got %d", o.chains)
	case o.rows > 0 && o.steps < 1:
		return fmt.Errorf("--sample-steps must be at least 1, got %d", o.steps)
	case o.tempering > 64:
		return fmt.Errorf("--sample-tempering %d: at most 64 replicas", o.tempering)
	}
	if _, err := rbm.Ladder(o.tempering, o.betaMin); err != nil {
		return fmt.Errorf("--sample-tempering %d, --sample-tempering-beta-min %v: %w", o.tempering, o.betaMin, err)
	}
	return nil
}

// drawSamples writes the tutorial's samples figure: o.chains chains start at
// consecutive test digits from a random offset; every o.steps Gibbs steps the
// visible means of all chains form one row.
func drawSamples[T rbm.Float](path string, m *rbm.RBM[T], test []T, height, width int, o sampleOptions, quiet bool) error {
	nv := m.Visible.Len()
	n := len(test) / nv
	if o.chains > n {
		return fmt.Errorf("--sample-chains %d exceeds the %d test digits", o.chains, n)
	}
	rng := rand.New(rand.NewPCG(o.seed, 3))
	first := rng.IntN(n - o.chains + 1)
	if o.tempering > 1 {
		return drawTempered(path, m, test[first*nv:(first+o.chains)*nv], height, width, o, quiet)
	}
	c, err := rbm.NewChains(m, o.chains, o.seed, 1<<40)
	if err != nil {
		return err
	}
	if err := c.SetVisible(test[first*nv : (first+o.chains)*nv]); err != nil {
		return err
	}
	bar := newBar(quiet, o.rows, "sampling")
	defer bar.Finish()
	mean := make([]T, len(c.V))
	var rows []*image.Gray
	for range o.rows {
		c.GibbsVHV(o.steps)
		c.VisibleMean(mean)
		rows = append(rows, picture.Tile(toFloat64(mean), height, width, 1, o.chains, 1, false))
		bar.Add(1)
	}
	return picture.WritePNG(path, picture.Stack(rows...))
}

// writeFilters draws the first 100 filters (columns of W) as height×width
// tiles.
func writeFilters[T rbm.Float](path string, m *rbm.RBM[T], height, width int) error {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	tiles := min(nh, 100)
	cols := min(tiles, 10)
	img := picture.Filters(toFloat64(m.Weights()), nv, nh, height, width, (tiles+cols-1)/cols, cols)
	return picture.WritePNG(path, img)
}

func toFloat64[T rbm.Float](x []T) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}
