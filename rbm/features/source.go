package features

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/rbmgo/rbm/internal/choice"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
)

// Split names MNIST digits: the training run's training digits, the test
// digits, or both, training digits first.
type Split string

// The splits. (A string type, its constants and a parser through
// choice.Parse: the shape of every such set of names in the module.)
const (
	Train Split = "train"
	Test  Split = "test"
	All   Split = "all"
)

// ParseSplit reads "train", "test" or "all".
func ParseSplit(s string) (Split, error) {
	return choice.Parse("--split", s, Train, Test, All)
}

// SavedSpec is the data spec of a model's training run, from the settings
// rbm.Load returns: data.SavedSpec, with the threshold and the data path of
// the run's flags when they were saved.
func SavedSpec(settings map[string]any) data.Spec {
	s := data.SavedSpec(settings)
	flags, _ := settings["flags"].(map[string]any)
	if t, err := strconv.ParseFloat(str(flags, "threshold"), 64); err == nil && t > 0 && t < 1 {
		s.Threshold = t
	}
	s.Path = str(flags, "data")
	return s
}

// str returns the string m holds under key, or "".
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// ModelData returns rows for m, transformed as its training run transformed
// its rows (settings as rbm.Load returns them; data.Load does the work, as
// it did for the run). A path that is "" or a folder names MNIST: split
// Train gives the very digits the run trained on (its --train-size and
// --digits), binarised or standardised as it did, Test the test digits as
// the run (and rbm eval) transformed them, All both. A data file's rows are
// binarised as the run binarised its rows (threshold, or draws from the
// run's seed) and standardised by the statistics of the run's training
// rows. The rows come in parts, in order. Rows that do not have m's visible units are refused.
func ModelData[T rbm.Float](m *rbm.RBM[T], settings map[string]any, path string, split Split) ([]*data.Set[T], error) {
	spec := SavedSpec(settings)
	trainedOn := spec.Path
	spec.Path = path
	nv := m.Visible.Len()
	if st, err := os.Stat(path); path != "" && err == nil && !st.IsDir() {
		d, err := fileData(m, spec, trainedOn)
		return []*data.Set[T]{d}, err
	}
	if nv != 28*28 {
		return nil, fmt.Errorf("features: the model has %d visible units, MNIST digits have 784: give a data file", nv)
	}
	src, err := data.Load[T](spec)
	if err != nil {
		return nil, err
	}
	switch split {
	case Train:
		return []*data.Set[T]{src.Train}, nil
	case Test:
		return []*data.Set[T]{src.Test}, nil
	}
	return []*data.Set[T]{src.Train, src.Test}, nil
}

// fileData reads a data file's rows and transforms them as the run did.
func fileData[T rbm.Float](m *rbm.RBM[T], spec data.Spec, trainedOn string) (*data.Set[T], error) {
	d, err := data.ReadFile[T](spec.Path)
	if err != nil {
		return nil, err
	}
	if d.Dim != m.Visible.Len() {
		return nil, fmt.Errorf("features: %s: rows of %d values, the model has %d visible units", spec.Path, d.Dim, m.Visible.Len())
	}
	t := spec.Transform
	t.Standardize = false
	data.Apply(t, d.Dim, d.Rows)
	if !spec.Standardize {
		return d, nil
	}
	run := spec
	run.Path, run.Standardize = trainedOn, false
	src, err := data.Load[T](run)
	if err != nil {
		return nil, fmt.Errorf("features: the model was trained on standardised rows; their statistics: %w", err)
	}
	if src.Train.Dim != d.Dim {
		return nil, fmt.Errorf("features: the run's training rows have %d values, %s %d", src.Train.Dim, spec.Path, d.Dim)
	}
	mean, std := data.Standardize(src.Train.Rows, d.Dim)
	data.Shift(d.Rows, mean, std)
	return d, nil
}

// SavedShape returns the picture shape of a model's rows, from the
// settings rbm.Load returns: the run's --shape, or 28×28 for a run on MNIST
// digits, or zeros when unknown (a model of features, say).
func SavedShape(settings map[string]any, nv int) (height, width int) {
	if _, ok := settings[lowerKey]; ok {
		return 0, 0
	}
	flags, ok := settings["flags"].(map[string]any)
	if !ok {
		return 0, 0
	}
	if s := str(flags, "shape"); s != "" {
		if h, w, err := ParseShape(s); err == nil && h*w == nv {
			return h, w
		}
		return 0, 0
	}
	if path := str(flags, "data"); nv == 28*28 {
		if st, err := os.Stat(path); path == "" || (err == nil && st.IsDir()) {
			return 28, 28
		}
	}
	return 0, 0
}

// ParseShape reads a picture shape HxW, two positive sizes such as 28x28
// whose product is at most rbm.MaxUnits.
func ParseShape(s string) (height, width int, err error) {
	h, w, ok := strings.Cut(s, "x")
	height, herr := strconv.Atoi(h)
	width, werr := strconv.Atoi(w)
	if !ok || herr != nil || werr != nil || height < 1 || width < 1 || height > rbm.MaxUnits/width {
		return 0, 0, fmt.Errorf("--shape %q: want HxW, two positive sizes such as 28x28", s)
	}
	return height, width, nil
}
