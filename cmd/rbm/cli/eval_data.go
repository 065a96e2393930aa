package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/mnist"
)

// settingString and settingNumber read a value saved with a model.
func settingString(extra map[string]any, key string) (string, bool) {
	s, ok := extra[key].(string)
	return s, ok
}

func settingNumber(extra map[string]any, key string) (float64, bool) {
	x, ok := extra[key].(float64)
	return x, ok && !math.IsNaN(x) && !math.IsInf(x, 0)
}

func settingBool(extra map[string]any, key string) bool {
	b, _ := extra[key].(bool)
	return b
}

// evalRows reads the test rows and the base-rate model's training rows and
// transforms them as the model's training run did: MNIST with the saved
// --train-size, --binarize and --seed gives the very test digits of that run.
func evalRows[T rbm.Float](o *evalOptions, m *rbm.RBM[T], extra map[string]any, res *evalResult) (test, train []T, err error) {
	nv := m.Visible.Len()
	how := o.binarize
	if how == "" {
		how, _ = settingString(extra, "binarize")
		if how == "" {
			how = "none"
		}
		if _, two := m.Visible.(rbm.TwoState[T]); how == "none" && two {
			how = "stochastic"
			res.Binarize = "stochastic (the model was trained on intensities)"
		}
	}
	if res.Binarize == "" {
		res.Binarize = how
	}
	seed := uint64(1)
	if s, ok := settingNumber(extra, "seed"); ok && s >= 0 {
		seed = uint64(s)
	}
	if o.seed >= 0 {
		seed = uint64(o.seed)
	}
	dir := o.data
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			dir = ""
		}
	}
	if o.data == "" || dir != "" {
		res.Data = "MNIST test digits"
		if nv != 28*28 {
			return nil, nil, fmt.Errorf("eval: the model has %d visible units, MNIST digits have 784 (give --data)", nv)
		}
		if train, test, err = loadMNIST[T](dir); err != nil {
			return nil, nil, err
		}
		if ts, ok := settingNumber(extra, "train_size"); ok && ts > 0 && int(ts) <= len(train)/nv {
			train = train[:int(ts)*nv]
		}
		if err := checkBinarize(how, o.threshold); err != nil {
			return nil, nil, err
		}
		transform(how, o.threshold, seed, settingBool(extra, "standardize") && how == "none", nv, train, test)
		return test, train, nil
	}
	res.Data = o.data
	if test, err = readRows[T](o.data, nv); err != nil {
		return nil, nil, err
	}
	if o.baseData != "" {
		if train, err = readRows[T](o.baseData, nv); err != nil {
			return nil, nil, err
		}
	}
	if err := checkBinarize(how, o.threshold); err != nil {
		return nil, nil, err
	}
	if train == nil {
		transform(how, o.threshold, seed, false, nv, test)
	} else {
		transform(how, o.threshold, seed, false, nv, train, test)
	}
	return test, train, nil
}

// checkBinarize reports a --binarize or --threshold that transform cannot
// apply.
func checkBinarize(how string, threshold float64) error {
	switch {
	case how != "none" && how != "threshold" && how != "stochastic":
		return fmt.Errorf("--binarize must be none, threshold or stochastic, not %q", how)
	case how == "threshold" && !(threshold > 0 && threshold < 1):
		return fmt.Errorf("--threshold must be in (0,1), got %g", threshold)
	}
	return nil
}

// readRows reads rows of n values from a data file (.npy, .npz or CSV, as
// "rbm train --data" reads them) or an MNIST idx file (optionally gzipped,
// pixels scaled to [0,1]).
func readRows[T rbm.Float](path string, n int) ([]T, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npz", ".npy", ".csv":
		d, err := data.ReadFile[T](path)
		if err != nil {
			return nil, err
		}
		if d.Dim != n {
			return nil, fmt.Errorf("%s: rows of %d values, the model has %d visible units", path, d.Dim, n)
		}
		return d.Rows, nil
	}
	im, err := mnist.OpenImages(path)
	if err != nil {
		return nil, err
	}
	if im.Rows*im.Cols != n {
		return nil, fmt.Errorf("%s: images of %d×%d pixels, the model has %d visible units", path, im.Rows, im.Cols, n)
	}
	return floats[T](im), nil
}

// spinUnits reports units of states -1 and +1, whatever their kind.
func spinUnits[T rbm.Float](l rbm.Layer[T]) bool {
	fin, ok := rbm.As[rbm.Finite](l)
	if !ok {
		return false
	}
	per, st := fin.SiteStates()
	return per == 1 && len(st) == 2 && st[0][0] == -1 && st[1][0] == 1
}

// toSpins maps rows of 0/1 to -1/+1 for spin visible units.
func toSpins[T rbm.Float](x []T) {
	for i, v := range x {
		if v == 0 {
			x[i] = -1
		}
	}
}

// printJSON prints r as one JSON object, non-finite numbers as null.
func printJSON(r evalResult) error {
	out := map[string]any{}
	v := reflect.ValueOf(r)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		tag := f.Tag.Get("json")
		if tag == "" || tag == "-" {
			continue
		}
		x := v.Field(i).Interface()
		if fl, ok := x.(float64); ok && (math.IsNaN(fl) || math.IsInf(fl, 0)) {
			x = nil
		}
		out[tag] = x
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = fmt.Println(string(b))
	return err
}

// printEval prints r for people.
func printEval(r evalResult) {
	fmt.Printf("model %s: %s visible, %s hidden units\n", r.Model, r.Visible, r.Hidden)
	if r.Method == "exact" {
		fmt.Printf("log Z = %.4f (exact, %.1f s)\n", r.LogZ, r.LogZSeconds)
	} else {
		fmt.Printf("log Z = %.4f, ±3 sd band [%.4f, %.4f] (AIS: %d steps, %d runs, %s path, base-rate model from the %s, log Z of the base %.4f; %.1f s)\n",
			r.LogZ, r.LogZLow, r.LogZHigh, r.Betas, r.Runs, r.Path, r.BaseRate, r.LogZBase, r.LogZSeconds)
	}
	fmt.Printf("test log-likelihood = %.4f ± %.4f nats (standard error over %d rows of %s, binarised: %s)\n",
		r.TestLL, r.TestLLStdErr, r.TestRows, r.Data, r.Binarize)
	if r.Method != "exact" {
		fmt.Printf("  from log Z's band: [%.4f, %.4f]\n", r.TestLLLow, r.TestLLHigh)
	}
	if r.RaiseRows > 0 {
		fmt.Printf("RAISE (conservative) on the first %d rows: %.4f ± %.4f nats, implied log Z %.4f (AIS on the same rows: %.4f; %d steps, runs per row: %d, %.1f s)\n",
			r.RaiseRows, r.RaiseLL, r.RaiseStdErr, r.RaiseLogZ, r.RaiseSubsetLL, r.RaiseBetas, r.RaiseRuns, r.RaiseSeconds)
	}
	if r.PseudoLikelihoodRows > 0 {
		fmt.Printf("pseudo-likelihood (exact, %d rows) = %.4f\n", r.PseudoLikelihoodRows, r.PseudoLikelihood)
	}
	fmt.Printf("done in %.1f s\n", r.TotalSeconds)
}
