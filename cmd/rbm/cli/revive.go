package cli

import (
	"errors"
	"fmt"

	"github.com/rbmgo/rbm/rbm"
)

// maxReviveRows bounds --rows of "rbm revive".
const maxReviveRows = 1_000_000

func runRevive(args []string) error {
	fs := newFlagSet("revive --model M --out FILE", "Redraw the idle hidden units of a saved model of binary units: those on for almost\nno training digit or for almost every one. Each becomes a weak detector of one\ntraining digit (its weights the digit minus the mean digit), which training from\nthe file (rbm train --init-model FILE) turns into a feature. The digits are the\nmodel's training digits, binarised as its run did.")
	model := fs.String("model", "rbm_plots/model.npz", "the model file")
	out := fs.String("out", "", "the model file to write (.npz)")
	dataPath := fs.String("data", "", "a folder with the MNIST idx files (default: the copy in the Go module cache), or a file of binary training rows (idx, .npy, .npz or .csv)")
	rows := fs.Int("rows", 10000, "measure the units on the first N training rows")
	cfg := rbm.ReviveConfig{}
	fs.Float64Var(&cfg.MinOn, "min-on", 0.01, "a unit on for a smaller fraction of the rows is idle")
	fs.Float64Var(&cfg.MaxOn, "max-on", 0.99, "a unit on for a larger fraction of the rows is idle")
	fs.Float64Var(&cfg.Norm, "norm", 0.3, "a redrawn unit's weight norm, as a fraction of the median norm of the units kept")
	fs.Float64Var(&cfg.On, "on", 0.01, "the fraction of the rows a redrawn unit is on for")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed: which digits the redrawn units copy")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("revive: unexpected arguments %q", fs.Args())
	case *out == "":
		return errors.New("revive: --out must name the file to write")
	case samePath(*model, *out):
		return fmt.Errorf("revive: --out %s is the model itself", *out)
	case *rows < 1 || *rows > maxReviveRows:
		return fmt.Errorf("revive: --rows must be in [1, %d], got %d", maxReviveRows, *rows)
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	m, extra, err := rbm.Load[float32](*model)
	if err != nil {
		return err
	}
	_, vb := rbm.BinaryField(m.Visible)
	_, hb := rbm.BinaryField(m.Hidden)
	if !vb || !hb {
		return fmt.Errorf("revive: %s has %s visible and %s hidden units; only binary ones can be idle in this sense", *model, m.Visible.Kind(), m.Hidden.Kind())
	}
	test, train, _, binarized, err := modelRows(rowsOptions{data: *dataPath, seed: -1, threshold: 0.5}, m, extra)
	if err != nil {
		return fmt.Errorf("revive: %w", err)
	}
	x := train
	if x == nil { // a file of rows
		x = test
	}
	nv := m.Visible.Len()
	if n := len(x) / nv; n < *rows {
		*rows = n
	}
	idle, err := rbm.ReviveIdle(m, x[:*rows*nv], cfg)
	if err != nil {
		return fmt.Errorf("revive: %w", err)
	}
	extra = modelSettings(extra)
	extra["revived_from"] = *model
	extra["revived_units"] = idle
	if err := rbm.Save(*out, m, extra); err != nil {
		return err
	}
	fmt.Printf("%d of %d hidden units were idle on %d rows (%s) and are redrawn: %v\nthe model in %s\n",
		len(idle), m.Hidden.Len(), *rows, binarized, idle, *out)
	return nil
}
