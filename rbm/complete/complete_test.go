package complete_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/complete"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// The completion of a 3-unit model is the exact conditional mean, computed
// from free energies, for masks per row and chains per row; observed units
// keep their values.
func TestCompleteMatchesExactMeans(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	m := rbmtest.BinaryModel[float64](t, 3, 2, rng)
	rbmtest.Randomize(m, 1.5, rng)
	v := []float64{1, 0, 0, 0, 1, 0, 1, 1, 0}
	mask := []bool{true, false, false, false, true, false, true, true, false}
	got, err := complete.Complete(m, v, mask, complete.Config{Steps: 4000, Chains: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for r := range 3 {
		row, rmask := v[r*3:(r+1)*3], mask[r*3:(r+1)*3]
		want := exactMeans(m, row, rmask)
		for u := range 3 {
			g := got[r*3+u]
			if rmask[u] && g != row[u] {
				t.Errorf("row %d: observed unit %d became %v", r, u, g)
			}
			if !(math.Abs(g-want[u]) < 0.01) {
				t.Errorf("row %d unit %d: completed %v, exact conditional mean %v", r, u, g, want[u])
			}
		}
	}
}

// exactMeans lists the free units' states of one row.
func exactMeans(m *rbm.RBM[float64], v []float64, mask []bool) []float64 {
	var free []int
	for i, o := range mask {
		if !o {
			free = append(free, i)
		}
	}
	mean := make([]float64, len(v))
	var z float64
	for s := range 1 << len(free) {
		x := append([]float64(nil), v...)
		for b, i := range free {
			x[i] = float64(s >> b & 1)
		}
		p := math.Exp(-m.FreeEnergy(x)[0])
		z += p
		for i := range x {
			mean[i] += p * x[i]
		}
	}
	for i := range mean {
		mean[i] /= z
	}
	return mean
}

func TestCrossEntropy(t *testing.T) {
	p := []float64{0.9, 0.5, 0.25, 0.7}
	truth := []float64{1, 1, 0, 0}
	got, n, err := complete.CrossEntropy(p, truth, []bool{true, false}, 2)
	want := (-math.Log(0.5) - math.Log(0.3)) / 2
	if err != nil || n != 2 || math.Abs(got-want) > 1e-12 {
		t.Errorf("got %v over %d (%v), want %v over 2", got, n, err, want)
	}
	// A certain mistake costs -log(Eps), not infinity.
	got, _, err = complete.CrossEntropy([]float64{0}, []float64{1}, []bool{false}, 1)
	if err != nil || math.Abs(got+math.Log(complete.Eps)) > 1e-9 {
		t.Errorf("a certain mistake costs %v (%v)", got, err)
	}
	for _, c := range []struct {
		p, truth []float64
		mask     []bool
		want     string
	}{
		{[]float64{math.NaN()}, []float64{1}, []bool{false}, "not a probability"},
		{[]float64{1.5}, []float64{1}, []bool{false}, "not a probability"},
		{[]float64{0.5}, []float64{0.3}, []bool{false}, "not 0 or 1"},
		{[]float64{0.5}, []float64{1}, []bool{true}, "no hidden units"},
		{[]float64{0.5, 0.5}, []float64{1}, []bool{false}, "not the same whole rows"},
		{nil, nil, []bool{false}, "not the same whole rows"},
	} {
		if _, _, err := complete.CrossEntropy(c.p, c.truth, c.mask, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CrossEntropy(%v, %v): %v, want %q", c.p, c.truth, err, c.want)
		}
	}
}

func TestRefusals(t *testing.T) {
	m := rbmtest.BinaryModel[float64](t, 4, 2, rand.New(rand.NewPCG(1, 1)))
	for _, c := range []struct {
		v    []float64
		mask []bool
		cfg  complete.Config
		want string
	}{
		{make([]float64, 4), make([]bool, 4), complete.Config{Steps: 0, Chains: 1}, "at least one step"},
		{make([]float64, 4), make([]bool, 4), complete.Config{Steps: 1, Chains: 0}, "at least one chain"},
		{make([]float64, 5), make([]bool, 4), complete.Config{Steps: 1, Chains: 1}, "not whole rows"},
		{make([]float64, 8), make([]bool, 5), complete.Config{Steps: 1, Chains: 1}, "a mask of 5"},
		{[]float64{math.NaN(), 0, 0, 0}, []bool{true, false, false, false}, complete.Config{Steps: 1, Chains: 1}, "NaN"},
	} {
		if _, err := complete.Complete(m, c.v, c.mask, c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.cfg, err, c.want)
		}
	}
	if _, err := complete.KeepTop(28, 28, 29); err == nil {
		t.Error("KeepTop of 29 rows of 28 accepted")
	}
}

// The baseline predicts each hidden unit by its training mean.
func ExampleBaseline() {
	train := []float64{1, 0, 1, 1, 0, 1, 0, 1}
	v := []float64{0, 1, 0, 1}
	mask, _ := complete.KeepTop(2, 2, 1) // the top row of 2×2 pictures
	p, _ := complete.Baseline(train, v, mask, 4)
	ce, n, _ := complete.CrossEntropy(p, v, mask, 4)
	fmt.Println(mask, p)
	fmt.Printf("%.4f nats over %d units\n", ce, n)
	// Output:
	// [true true false false] [0 1 0.5 1]
	// 0.3466 nats over 2 units
}

// Blocks of rows give the rows' completions one run of all of them gives.
func TestBlocksDoNotChangeTheResult(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	m := rbmtest.BinaryModel[float64](t, 5, 3, rng)
	rbmtest.Randomize(m, 1, rng)
	rows := complete.BlockChains/4 + 3 // more than one block of 4 chains a row
	v := make([]float64, rows*5)
	for i := range v {
		v[i] = float64(rng.IntN(2))
	}
	mask := []bool{true, false, true, false, false}
	cfg := complete.Config{Steps: 4, Chains: 4, Seed: 9}
	all, err := complete.Complete(m, v, mask, cfg)
	if err != nil {
		t.Fatal(err)
	}
	last, err := complete.Complete(m, v[(rows-2)*5:], mask, cfg)
	if err != nil {
		t.Fatal(err)
	}
	first, err := complete.Complete(m, v[:2*5], mask, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if first[i] != all[i] {
			t.Fatalf("value %d: %v alone, %v among all rows", i, first[i], all[i])
		}
	}
	// The last rows alone draw from other streams: they differ.
	same := true
	for i := range last {
		same = same && last[i] == all[(rows-2)*5+i]
	}
	if same {
		t.Error("the last rows alone drew the streams of the first rows")
	}
}

// Complete the bottom row of 2×2 pictures with a model whose one hidden
// unit turns all four pixels on together. The exact conditional means are
// 0.881 (top row on) and 0.210 (top row off).
func ExampleComplete() {
	vis, _ := rbm.NewBinary[float64]("v", 4)
	hid, _ := rbm.NewBinary[float64]("h", 1)
	m, _ := rbm.New(vis, hid, rand.New(rand.NewPCG(1, 2)))
	copy(m.Weights(), []float64{4, 4, 4, 4})
	copy(vis.Bias.Value.Data().([]float64), []float64{-2, -2, -2, -2})
	hid.Bias.Value.Data().([]float64)[0] = -6

	mask, _ := complete.KeepTop(2, 2, 1)
	rows := []float64{1, 1, 0, 0, 0, 0, 0, 0} // the bottom rows are not read
	got, err := complete.Complete(m, rows, mask, complete.Config{Steps: 4000, Chains: 50, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("top row on: %.2f %.2f\ntop row off: %.2f %.2f\n", got[2], got[3], got[6], got[7])
	// Output:
	// top row on: 0.88 0.88
	// top row off: 0.21 0.21
}
