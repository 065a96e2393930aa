package cli

import (
	"fmt"
	"image"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
	"github.com/rbmgo/rbm/rbm/picture"
	"github.com/spf13/pflag"
)

// dreamOptions are the flags of "rbm dream".
type dreamOptions struct {
	model, out, dataDir, from, dtype string
	steps, rows                      int
	meanField, quiet                 bool
	seed                             uint64
	first, last                      int // read from --from-test
	maxTime                          time.Duration
	maxMemory                        budget.Limit
}

// register declares the flags of rbm dream.
func (o *dreamOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.model, "model", "rbm_plots/model.npz", "model file or checkpoint written by 'rbm train'")
	fs.StringVar(&o.from, "from-test", "40:50", "the test digits to start from, FIRST:LAST (LAST excluded)")
	fs.IntVar(&o.steps, "steps", 1000, "Gibbs steps (or mean-field iterations) to the last row")
	fs.IntVar(&o.rows, "rows", 1, "rows of dreams below the digits, evenly spaced over the steps")
	fs.BoolVar(&o.meanField, "mean-field", false, "iterate the means instead of sampling")
	fs.StringVar(&o.out, "out", "dream.png", "PNG file to write")
	mnistFlag(fs, &o.dataDir)
	dtypeFlag(fs, &o.dtype)
	seedFlag(fs, &o.seed)
	fs.Var(&o.maxMemory, "max-memory", maxMemoryUsage)
	registerMaxTime(fs, &o.maxTime)
	quietFlag(fs, &o.quiet)
}

// validate checks the flags and reads --from-test into first and last.
func (o *dreamOptions) validate() error {
	a, b, ok := strings.Cut(o.from, ":")
	var aerr, berr error
	o.first, aerr = strconv.Atoi(a)
	o.last, berr = strconv.Atoi(b)
	return firstError(
		refuse(!ok || aerr != nil || berr != nil || o.first < 0 || o.last <= o.first || o.last-o.first > 1000,
			"--from-test %q: want FIRST:LAST with 0 ≤ FIRST < LAST ≤ FIRST+1000", o.from),
		atLeast("--steps", o.steps, 1),
		refuse(o.rows < 1 || o.rows > o.steps, "--rows must be in [1, --steps], got %d", o.rows),
	)
}

func runDream(args []string) error {
	var o dreamOptions
	return runTyped("dream", "Let a model dream from test digits: the digits in the top row, and below them the\nvisible means of a Gibbs chain started at each after --steps steps (with --rows, also\nat steps in between), or of the mean-field iteration v ← E[v | E[h | v]].", &o, &o.dtype, args, dream[float32], dream[float64])
}

func dream[T rbm.Float](o *dreamOptions) error {
	m, _, err := rbm.Load[T](o.model)
	if err != nil {
		return err
	}
	if m.Visible.Len() != mnistPixels {
		return fmt.Errorf("dream: the model has %d visible units, MNIST digits have %d", m.Visible.Len(), mnistPixels)
	}
	var z T
	var e budget.Estimate
	e.Add("rows of visible means", float64(o.rows+1)*float64(o.last-o.first)*float64(mnistPixels), float64(unsafe.Sizeof(z))+8)
	e.Add("figure", 4*3*float64(o.rows+1)*29*float64(o.last-o.first)*29, 1)
	if err := e.Check(fmt.Sprintf("--rows %d", o.rows), &o.maxMemory, "--max-memory"); err != nil {
		return err
	}
	work := budget.GibbsWork(o.last-o.first, m.Visible.Len(), m.Hidden.Len(), float64(o.steps))
	if err := budget.CheckTime(fmt.Sprintf("--steps %d", o.steps), work, o.maxTime, "--max-time"); err != nil {
		return err
	}
	_, test, err := loadMNIST[T](o.dataDir)
	if err != nil {
		return err
	}
	if n := len(test) / mnistPixels; o.last > n {
		return fmt.Errorf("--from-test %s: there are %d test digits", o.from, n)
	}
	start := test[o.first*mnistPixels : o.last*mnistPixels]
	bar := newBar(o.quiet, o.steps, "dreaming")
	rows, err := dreamRows(m, start, o.steps, o.rows, o.meanField, o.seed, func(done int) { bar.Set(done) })
	bar.Finish()
	if err != nil {
		return err
	}
	n := o.last - o.first
	tiles := []*image.Gray{picture.Tile(toFloat64(start), 28, 28, 1, n, 1, false)}
	for _, r := range rows {
		tiles = append(tiles, picture.Tile(toFloat64(r), 28, 28, 1, n, 1, false))
	}
	if err := picture.WritePNG(o.out, picture.Upscale(picture.Stack(tiles...), 2)); err != nil {
		return err
	}
	how := "Gibbs steps"
	if o.meanField {
		how = "mean-field iterations"
	}
	fmt.Printf("%s: test digits %d to %d, then %d rows over %d %s\n", o.out, o.first, o.last-1, o.rows, o.steps, how)
	return nil
}

// dreamRows returns the visible means of chains started at the rows of v,
// rows times, evenly spaced over steps Gibbs steps, or over steps mean-field
// iterations v ← E[v | h = E[h | v]].
func dreamRows[T rbm.Float](m *rbm.RBM[T], v []T, steps, rows int, meanField bool, seed uint64, progress func(done int)) ([][]T, error) {
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	n := len(v) / nv
	var out [][]T
	if meanField {
		cur := append([]T(nil), v...)
		hin, h, vin := make([]T, n*nh), make([]T, n*nh), make([]T, n*nv)
		wt := m.Transpose(nil)
		for s, r := 1, 1; s <= steps; s++ {
			m.PropUp(cur, hin)
			m.Hidden.Mean(hin, h)
			m.PropDown(h, vin, wt)
			m.Visible.Mean(vin, cur)
			if s%100 == 0 {
				progress(s)
			}
			if s == r*steps/rows {
				out = append(out, append([]T(nil), cur...))
				r++
			}
		}
		return out, nil
	}
	c, err := rbm.NewChains(m, n, seed, 1<<41)
	if err != nil {
		return nil, err
	}
	if err := c.SetVisible(v); err != nil {
		return nil, err
	}
	mean := make([]T, len(v))
	done := 0
	for r := 1; r <= rows; r++ {
		for next := r * steps / rows; done < next; {
			n := min(next-done, 100)
			c.GibbsVHV(n)
			done += n
			progress(done)
		}
		c.VisibleMean(mean)
		out = append(out, append([]T(nil), mean...))
	}
	return out, nil
}
