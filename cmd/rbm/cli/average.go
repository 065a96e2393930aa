package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/rbmgo/rbm/rbm"
)

// maxAverage bounds the number of model files "rbm average" takes.
const maxAverage = 10000

// minAlignment is the unit alignment below which "rbm average" warns that
// the models do not descend from one another.
const minAlignment = 0.5

func runAverage(args []string) error {
	fs := newFlagSet("average --out FILE MODEL MODEL...", "Write the mean of the parameters of several saved models of the same layers: the\nmean of runs that set out from one model (with other seeds, say) is often better\nthan each of them. The models' hidden units must line up; each model's alignment\nwith the first (the mean cosine of its units' weights, 1 for identical units) is\nprinted, with a warning below 0.5. The file keeps the first model's training\nsettings, so rbm eval binarises the test digits as that model's run did.")
	out := fs.String("out", "", "the model file to write (.npz)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	inputs := fs.Args()
	switch {
	case *out == "":
		return errors.New("average: --out must name the file to write")
	case len(inputs) < 2:
		return errors.New("average: name at least two model files")
	case len(inputs) > maxAverage:
		return fmt.Errorf("average: %d model files, at most %d", len(inputs), maxAverage)
	}
	for _, in := range inputs {
		if samePath(in, *out) {
			return fmt.Errorf("average: --out %s is one of the models to average", *out)
		}
	}
	var (
		mean  rbm.ModelMean[float64]
		first *rbm.RBM[float64]
		extra map[string]any
	)
	for i, in := range inputs {
		m, ex, err := rbm.Load[float64](in)
		if err != nil {
			return err
		}
		if err := mean.Add(m); err != nil {
			return fmt.Errorf("average: %s: %w", in, err)
		}
		if i == 0 {
			first, extra = m, ex
			fmt.Printf("%s: the first model\n", in)
			continue
		}
		a, err := rbm.UnitAlignment(first, m)
		if err != nil {
			return fmt.Errorf("average: %s: %w", in, err)
		}
		fmt.Printf("%s: units aligned %.4f with the first's\n", in, a)
		if a < minAlignment {
			fmt.Fprintf(os.Stderr, "rbm: warning: the hidden units of %s do not line up with those of %s (alignment %.3f): models trained apart average to no model worth having\n", in, inputs[0], a)
		}
	}
	if err := mean.Into(first); err != nil {
		return err
	}
	extra = modelSettings(extra)
	extra["average_of"] = inputs
	if err := rbm.Save(*out, first, extra); err != nil {
		return err
	}
	fmt.Printf("the mean of %d models in %s\n", mean.Count(), *out)
	return nil
}
