package cli

import (
	"errors"
	"fmt"
	"os"
	"time"
	"unsafe"

	"github.com/rbmgo/rbm/internal/atomicfile"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/complete"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/features"
	"github.com/rbmgo/rbm/rbm/npz"
	"github.com/rbmgo/rbm/rbm/picture"
	"github.com/spf13/pflag"
)

// completeOptions are the flags of "rbm complete".
type completeOptions struct {
	rowsOptions
	model, mask, shape, out, pic, dtype string
	keepTop, steps, chains, testSize    int
	pictureRows                         int
	seed                                uint64
	quiet                               bool
	maxTime                             time.Duration
	maxMemory                           budget.Limit
	height, width                       int // read from --shape
}

func (o *completeOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.model, "model", "rbm_plots/model.npz", "model file written by 'rbm train'")
	o.rowsOptions.register(fs, "rows to complete: a folder with the MNIST idx files (default: the MNIST test digits of the Go module cache), or an idx, .npy, .npz or .csv file",
		"training rows whose means are the baseline when --data is a file (default: no baseline)", "binarize-seed")
	fs.StringVar(&o.mask, "mask", "", "a .npy or .csv file of 0/1 flags, 1 = observed: one row for every row, or one row per row")
	fs.IntVar(&o.keepTop, "keep-top", 0, "observe the first N rows of pixels of each picture, complete the rest (instead of --mask)")
	fs.StringVar(&o.shape, "shape", "", "HxW: the picture shape of --keep-top and --picture (default: 28x28 for MNIST)")
	fs.IntVar(&o.testSize, "test-size", 1000, "complete the first N rows (0: all)")
	fs.IntVar(&o.steps, "steps", 40, "Gibbs steps; the conditional means are averaged over the second half")
	fs.IntVar(&o.chains, "chains", 50, "chains per row, averaged together")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed of the chains")
	fs.StringVar(&o.out, "out", "", ".npy file of the completed rows: the observed values and the conditional means of the others")
	fs.StringVar(&o.pic, "picture", "", "PNG file of the first rows: observed (hidden pixels grey) | completed | truth")
	fs.IntVar(&o.pictureRows, "picture-rows", 10, "rows of --picture")
	dtypeFlag(fs, &o.dtype)
	fs.Var(&o.maxMemory, "max-memory", maxMemoryUsage)
	registerMaxTime(fs, &o.maxTime)
	quietFlag(fs, &o.quiet)
}

func (o *completeOptions) validate() error {
	if err := firstError(
		refuse((o.mask == "") == (o.keepTop == 0), "give one of --mask FILE and --keep-top N"),
		atLeast("--keep-top", o.keepTop, 0),
		atLeast("--test-size", o.testSize, 0),
		within("--steps", o.steps, 2, 1<<30),
		within("--chains", o.chains, 1, 1<<20),
		within("--picture-rows", o.pictureRows, 1, 1000),
		o.rowsOptions.validate(),
	); err != nil {
		return err
	}
	for _, f := range []struct{ flag, path string }{{"--out", o.out}, {"--picture", o.pic}} {
		if st, err := os.Stat(f.path); f.path != "" && err == nil && st.IsDir() {
			return fmt.Errorf("%s %s: %w", f.flag, f.path, atomicfile.ErrIsFolder)
		}
	}
	o.height, o.width = 28, 28
	if o.shape != "" {
		var err error
		if o.height, o.width, err = features.ParseShape(o.shape); err != nil {
			return err
		}
	}
	return refuse(o.keepTop > o.height, "--keep-top %d: the pictures have %d rows of pixels", o.keepTop, o.height)
}

func runComplete(args []string) error {
	var o completeOptions
	return runTyped("complete", "Complete partly observed rows: draw the unobserved visible units given the\nobserved ones by Gibbs sampling with the observed units held, and report the\nconditional means of the unobserved units averaged over the second half of the\nsteps, with their cross-entropy against the truth beside a baseline of the\ntraining rows' means.", &o, &o.dtype, args, completeRows[float32], completeRows[float64])
}

func completeRows[T rbm.Float](o *completeOptions) error {
	m, extra, err := rbm.Load[T](o.model)
	if err != nil {
		return err
	}
	nv := m.Visible.Len()
	if o.keepTop > 0 && o.height*o.width != nv {
		return fmt.Errorf("--keep-top: the model has %d visible units, not the %d of %dx%d pictures (give --shape)", nv, o.height*o.width, o.height, o.width)
	}
	test, train, what, binarized, err := modelRows(o.rowsOptions, m, extra)
	if err != nil {
		return err
	}
	if o.testSize > 0 && o.testSize*nv < len(test) {
		test = test[:o.testSize*nv]
	}
	rows := len(test) / nv
	mask, err := completionMask(o, nv, rows)
	if err != nil {
		return err
	}
	if err := completionBudget[T](o, m, rows); err != nil {
		return err
	}
	bar := newBar(o.quiet, o.steps, "completing")
	start := time.Now()
	got, err := complete.Complete(m, test, mask, complete.Config{Steps: o.steps, Chains: o.chains, Seed: o.seed,
		Progress: func(done int) { bar.Set(done) }})
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Printf("completed %d rows of %s (binarised: %s): %d steps, %d chains a row, %s\n", rows, what, binarized, o.steps, o.chains, elapsed(start))
	if err := reportCompletion(test, train, got, mask, nv); err != nil {
		return err
	}
	return writeCompletion(o, got, test, mask, nv)
}

// completionMask reads --mask, or builds the mask of --keep-top.
func completionMask(o *completeOptions, nv, rows int) ([]bool, error) {
	if o.keepTop > 0 {
		return complete.KeepTop(o.height, o.width, o.keepTop)
	}
	d, err := data.ReadFile[float64](o.mask)
	if err != nil {
		return nil, fmt.Errorf("--mask: %w", err)
	}
	if d.Dim != nv || (d.N != 1 && d.N != rows) {
		return nil, fmt.Errorf("--mask %s: %d rows of %d flags; want 1 or %d rows of %d", o.mask, d.N, d.Dim, rows, nv)
	}
	mask := make([]bool, len(d.Rows))
	for i, x := range d.Rows {
		if x != 0 && x != 1 {
			return nil, fmt.Errorf("--mask %s: %v at row %d, column %d; flags are 0 (hidden) or 1 (observed)", o.mask, x, i/nv, i%nv)
		}
		mask[i] = x == 1
	}
	return mask, nil
}

// completionBudget refuses a completion that would take too long or too much
// memory.
func completionBudget[T rbm.Float](o *completeOptions, m *rbm.RBM[T], rows int) error {
	var z T
	chains := float64(rows) * float64(o.chains)
	var e budget.Estimate
	e.Add("chains", 4*chains*float64(m.Visible.Len()+m.Hidden.Len()), float64(unsafe.Sizeof(z)))
	e.Add("sums", float64(rows)*float64(m.Visible.Len()), 8)
	if err := e.Check(fmt.Sprintf("--chains %d", o.chains), &o.maxMemory, "--max-memory"); err != nil {
		return err
	}
	work := budget.GibbsWork(rows*o.chains, m.Visible.Len(), m.Hidden.Len(), float64(o.steps))
	return budget.CheckTime(fmt.Sprintf("--steps %d", o.steps), work, o.maxTime, "--max-time")
}

// reportCompletion prints the cross-entropy of the completion and of the
// baseline of the training rows' means, when the rows are binary.
func reportCompletion[T rbm.Float](test, train, got []T, mask []bool, nv int) error {
	ce, n, err := complete.CrossEntropy(got, test, mask, nv)
	if errors.Is(err, complete.ErrNotBinary) {
		fmt.Println("cross-entropy: not measured, the rows are not binary (give --binarize)")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Printf("cross-entropy of the completion: %.4f nats per hidden unit (%d units)\n", ce, n)
	if train == nil {
		fmt.Println("baseline: not measured (give --base-data)")
		return nil
	}
	base, err := complete.Baseline(train, test, mask, nv)
	if err != nil {
		return err
	}
	bce, _, err := complete.CrossEntropy(base, test, mask, nv)
	if err != nil {
		return err
	}
	fmt.Printf("cross-entropy of the baseline (training means): %.4f nats per hidden unit\n", bce)
	return nil
}

// writeCompletion writes --out and --picture.
func writeCompletion[T rbm.Float](o *completeOptions, got, truth []T, mask []bool, nv int) error {
	if o.out != "" {
		if err := npz.WriteNpyFile(o.out, npz.Array{Shape: []int{len(got) / nv, nv}, Data: got}); err != nil {
			return err
		}
		fmt.Printf("completed rows in %s\n", o.out)
	}
	if o.pic == "" {
		return nil
	}
	if o.height*o.width != nv {
		return fmt.Errorf("--picture: the rows have %d values, not the %d of %dx%d pictures (give --shape)", nv, o.height*o.width, o.height, o.width)
	}
	img, err := complete.Figure(got, truth, mask, o.height, o.width, min(o.pictureRows, len(got)/nv))
	if err != nil {
		return err
	}
	if err := picture.WritePNG(o.pic, picture.Upscale(img, 2)); err != nil {
		return err
	}
	fmt.Printf("observed | completed | truth in %s\n", o.pic)
	return nil
}
