package cli

// rbm sample for any model: any visible units, stacks of models, .npy
// arrays, and chains started from random states, test digits or a file.

import (
	"fmt"
	"image"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/features"
	"github.com/rbmgo/rbm/rbm/npz"
	"github.com/rbmgo/rbm/rbm/picture"
	"github.com/spf13/pflag"
)

// anySampleOptions are the flags of rbm sample beyond the tutorial's figure.
type anySampleOptions struct {
	shape, init, stack string
	drawLower          bool
}

func (a *anySampleOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&a.shape, "shape", "", "HxW: the picture shape of a row (default: the shape saved with the model; 28x28 for MNIST models)")
	fs.StringVar(&a.init, "init", "", "where the chains start: random, test (MNIST test digits) or a data file of rows (default: test for MNIST models, else random)")
	fs.StringVar(&a.stack, "stack", "", "M1,M2,...: sample a stack of models, lowest first (default: --model and the models below it that it records)")
	fs.BoolVar(&a.drawLower, "draw-lower", false, "in a stack, draw the states of the lower layers instead of taking their means")
}

// applies reports whether the tutorial's figure of an MNIST model is not
// what is asked for.
func (a *anySampleOptions) applies(out string, nv int, extra map[string]any) bool {
	_, lower := features.LowerModel(extra)
	return a.shape != "" || a.init != "" || a.stack != "" || lower || nv != mnistPixels || isNpy(out)
}

// isNpy reports whether path names an .npy file.
func isNpy(path string) bool { return strings.EqualFold(filepath.Ext(path), ".npy") }

// sampleAny draws samples of the stack the flags name and writes them as
// an .npy array of chains × rows × units, or as the samples figure.
func sampleAny[T rbm.Float](modelPath, out, dataDir string, o sampleOptions, a anySampleOptions, quiet bool) error {
	var s *features.Stack[T]
	var err error
	if a.stack != "" {
		paths, perr := features.ParseStack(a.stack)
		if perr != nil {
			return perr
		}
		s, err = features.OpenStack[T](paths)
	} else {
		s, err = features.LoadStack[T](modelPath)
	}
	if err != nil {
		return err
	}
	bottom := s.Models[0]
	h, w := features.SavedShape(s.Settings[0], bottom.Visible.Len())
	if a.shape != "" {
		if h, w, err = features.ParseShape(a.shape); err != nil {
			return err
		}
		if h*w != bottom.Visible.Len() {
			return fmt.Errorf("--shape %s has %d pixels, the model %d visible units", a.shape, h*w, bottom.Visible.Len())
		}
	}
	if !isNpy(out) && h == 0 {
		return fmt.Errorf("sample: the picture shape of the model's rows is not known: give --shape HxW, or write an .npy file")
	}
	var z T
	top := s.Top()
	if err := checkSampling(o, top.Visible.Len(), top.Hidden.Len(), int(unsafe.Sizeof(z)), max(h, 1), max(w, bottom.Visible.Len()/max(h, 1)), &o.maxMemory, o.maxTime, "--max-time"); err != nil {
		return err
	}
	init, err := chainStarts(s, dataDir, o, a, h == 28 && w == 28)
	if err != nil {
		return err
	}
	bar := newBar(quiet, o.rows, "sampling")
	x, err := s.Sample(init, features.SampleOptions{Rows: o.rows, Steps: o.steps, Seed: o.seed, Draw: a.drawLower}, func(int) { bar.Add(1) })
	bar.Finish()
	if err != nil {
		return err
	}
	nv := bottom.Visible.Len()
	if isNpy(out) {
		err = npz.WriteNpyFile(out, npz.Array{Shape: []int{o.chains, o.rows, nv}, Data: x})
	} else {
		err = writeSampleRows(out, x, o.chains, o.rows, nv, h, w)
	}
	if err != nil {
		return err
	}
	from := "one model"
	if len(s.Models) > 1 {
		from = fmt.Sprintf("a stack of %d models", len(s.Models))
	}
	fmt.Printf("%s: %d chains × %d rows of %d values, %d Gibbs steps apart, from %s\n", out, o.chains, o.rows, nv, o.steps, from)
	return nil
}

// chainStarts returns the top model's visible states the chains start from.
func chainStarts[T rbm.Float](s *features.Stack[T], dataDir string, o sampleOptions, a anySampleOptions, mnist bool) ([]T, error) {
	init := a.init
	if init == "" {
		init = "random"
		if mnist {
			init = "test"
		}
	}
	if init == "random" {
		return features.RandomStates(s.Top(), o.chains, o.seed), nil
	}
	var rows *data.Set[T]
	if init == "test" {
		parts, err := features.ModelData(s.Models[0], s.Settings[0], dataDir, features.Test)
		if err != nil {
			return nil, fmt.Errorf("--init test: %w", err)
		}
		rows = parts[0]
	} else {
		d, err := data.ReadFile[T](init)
		if err != nil {
			return nil, err
		}
		rows = d
	}
	if rows.N < o.chains {
		return nil, fmt.Errorf("--init %s: %d rows, fewer than --sample-chains %d", init, rows.N, o.chains)
	}
	first := 0
	if init == "test" {
		first = rand.New(rand.NewPCG(o.seed, 3)).IntN(rows.N - o.chains + 1)
	}
	x := rows.Rows[first*rows.Dim : (first+o.chains)*rows.Dim]
	switch rows.Dim {
	case s.Top().Visible.Len():
		return x, features.Check(s.Top(), x, first)
	case s.Models[0].Visible.Len():
		return s.Up(x)
	}
	return nil, fmt.Errorf("--init %s: rows of %d values, the stack's lowest model has %d visible units and its top %d", init, rows.Dim, s.Models[0].Visible.Len(), s.Top().Visible.Len())
}

// writeSampleRows draws samples (chains × rows × nv, chain by chain) as
// the samples figure: one row of chains per snapshot.
func writeSampleRows[T rbm.Float](path string, x []T, chains, rows, nv, h, w int) error {
	var tiles []*image.Gray
	row := make([]float64, chains*nv)
	for r := range rows {
		for c := range chains {
			for j, v := range x[(c*rows+r)*nv : (c*rows+r+1)*nv] {
				row[c*nv+j] = float64(v)
			}
		}
		tiles = append(tiles, picture.Tile(row, h, w, 1, chains, 1, false))
	}
	return picture.WritePNG(path, picture.Stack(tiles...))
}
