package cli

import (
	"fmt"
	"image"
	"math/rand/v2"
	"time"
	"unsafe"

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
	maxMemory           budget.Limit  // rbm sample's --max-memory
	maxTime             time.Duration // rbm sample's --max-time
}

func (o *sampleOptions) register(fs *pflag.FlagSet) {
	fs.IntVar(&o.chains, "sample-chains", 20, "chains in the samples figure (one column each)")
	fs.IntVar(&o.rows, "sample-rows", 10, "rows of the samples figure (0: no figure)")
	fs.IntVar(&o.steps, "sample-steps", 1000, "Gibbs steps between rows of the samples figure")
}

func (o *sampleOptions) validate() error {
	switch {
	case o.rows < 0:
		return fmt.Errorf("--sample-rows must not be negative, got %d", o.rows)
	case o.rows > 0 && o.chains < 1:
		return fmt.Errorf("--sample-chains must be at least 1, got %d", o.chains)
	case o.rows > 0 && o.steps < 1:
		return fmt.Errorf("--sample-steps must be at least 1, got %d", o.steps)
	}
	return nil
}

func runSample(args []string) error {
	var o sampleOptions
	var modelPath, out, dataDir, dtype string
	var quiet bool
	fs := newFlagSet("sample", "Draw the tutorial's samples figure from a saved model: chains started at\nrandom test digits, one row of visible means every --sample-steps Gibbs steps.")
	fs.StringVar(&modelPath, "model", "rbm_plots/model.npz", "model file written by 'rbm train'")
	fs.StringVar(&out, "out", "samples.png", "PNG file to write")
	fs.StringVar(&dataDir, "data", "", "folder with the MNIST idx files (default: the copy in the Go module cache)")
	fs.StringVar(&dtype, "dtype", "float32", "float32 or float64")
	o.register(fs)
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.Var(&o.maxMemory, "max-memory", maxMemoryUsage)
	registerMaxTime(fs, &o.maxTime)
	fs.BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("sample: unexpected arguments %q", fs.Args())
	}
	if err := o.validate(); err != nil {
		return err
	}
	if o.rows == 0 {
		return fmt.Errorf("--sample-rows must be at least 1")
	}
	switch dtype {
	case "float32":
		return sampleFrom[float32](modelPath, out, dataDir, o, quiet)
	case "float64":
		return sampleFrom[float64](modelPath, out, dataDir, o, quiet)
	}
	return fmt.Errorf("sample: --dtype must be float32 or float64, not %q", dtype)
}

func sampleFrom[T rbm.Float](modelPath, out, dataDir string, o sampleOptions, quiet bool) error {
	m, _, err := rbm.Load[T](modelPath)
	if err != nil {
		return err
	}
	if m.Visible.Len() != 28*28 {
		return fmt.Errorf("sample: the model has %d visible units, MNIST digits have 784", m.Visible.Len())
	}
	var z T
	if err := checkSampling(o, m.Visible.Len(), m.Hidden.Len(), int(unsafe.Sizeof(z)), 28, 28, &o.maxMemory, o.maxTime, "--max-time"); err != nil {
		return err
	}
	_, test, err := loadMNIST[T](dataDir)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := drawSamples(out, m, test, 28, 28, o, quiet); err != nil {
		return err
	}
	fmt.Printf("samples in %s (%.1f s)\n", out, time.Since(start).Seconds())
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
