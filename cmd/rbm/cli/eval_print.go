package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"

	"github.com/rbmgo/rbm/rbm"
)

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
