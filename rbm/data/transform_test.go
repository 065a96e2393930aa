package data

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestBinarizeAndStandardize(t *testing.T) {
	x := []float64{0, 0.2, 0.5, 0.9}
	Binarize(x, 0.5)
	if x[0] != 0 || x[1] != 0 || x[2] != 1 || x[3] != 1 {
		t.Errorf("threshold: %v", x)
	}
	a, b := make([]float32, 1000), make([]float32, 1000)
	for i := range a {
		a[i], b[i] = 0.3, 0.3
	}
	BinarizeStochastic(a, rand.New(rand.NewPCG(1, 2)))
	BinarizeStochastic(b, rand.New(rand.NewPCG(1, 2)))
	var ones float64
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("same seed, different binarisation")
		}
		ones += float64(a[i])
	}
	if !(math.Abs(ones/1000-0.3) <= 0.05) {
		t.Errorf("%.0f ones of 1000 for p = 0.3", ones)
	}
	y := []float64{1, 5, 3, 5, 5, 5}
	mean, std := Standardize(y, 2)
	if mean[0] != 3 || mean[1] != 5 || std[1] != 1 || !(math.Abs(y[0]+1.224744871391589) <= 1e-12) || y[1] != 0 {
		t.Errorf("standardised %v, mean %v, std %v", y, mean, std)
	}
}

func TestTransformValidate(t *testing.T) {
	for _, tc := range []struct {
		t   Transform
		err string
	}{
		{Transform{Binarize: None}, ""},
		{Transform{Binarize: Threshold, Threshold: 0.5}, ""},
		{Transform{Binarize: Stochastic, Seed: 3}, ""},
		{Transform{Binarize: None, Standardize: true}, ""},
		{Transform{Binarize: "dither"}, `not "dither"`},
		{Transform{Binarize: Threshold, Threshold: 1}, "--threshold must be in (0,1)"},
		{Transform{Binarize: Threshold, Threshold: math.NaN()}, "--threshold must be in (0,1)"},
		{Transform{Binarize: Stochastic, Standardize: true}, "exclude each other"},
	} {
		err := tc.t.Validate()
		if (tc.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%+v: error %v, want %q", tc.t, err, tc.err)
		}
	}
}

// Apply draws a stochastic binarisation from one stream over the sets in
// order, and standardises every set by the training rows' statistics.
func TestApply(t *testing.T) {
	train, test := []float64{0.3, 0.9, 0.6, 0.1}, []float64{0.5, 0.5}
	Apply(Transform{Binarize: Stochastic, Seed: 4}, 2, train, nil, test)
	want := append([]float64{0.3, 0.9, 0.6, 0.1}, 0.5, 0.5)
	BinarizeStochastic(want, rand.New(rand.NewPCG(4, 7)))
	if got := append(train, test...); !reflect.DeepEqual(got, want) {
		t.Errorf("stochastic: %v, want %v", got, want)
	}
	train, test = []float64{1, 5, 3, 5}, []float64{2, 5}
	Apply(Transform{Binarize: None, Standardize: true}, 2, train, test)
	if train[0] != -1 || train[2] != 1 || test[0] != 0 || test[1] != 0 {
		t.Errorf("standardised %v and %v", train, test)
	}
}

// Redraw leaves epoch 1's binarisation alone, draws every later epoch's
// anew (the same bits for the same arguments, on one core or several), each
// pixel on with its intensity's probability, and refuses what it cannot do.
func TestRedraw(t *testing.T) {
	const dim, rows = 7, 3000 // three blocks of rows, the last one short
	p := make([]float32, dim*rows)
	for i := range p {
		p[i] = float32(i%dim) / (dim - 1) // intensities 0, 1/6, ..., 1 in every row
	}
	x := slices.Clone(p)
	Apply(Transform{Binarize: Stochastic, Seed: 5}, dim, x)
	first := slices.Clone(x)
	if err := Redraw(x, p, dim, 5, 1); err != nil || !slices.Equal(x, first) {
		t.Fatalf("epoch 1: %v, or the binarisation changed", err)
	}
	epochs := map[int][]float32{}
	for _, e := range []int{2, 3} {
		if err := Redraw(x, p, dim, 5, e); err != nil {
			t.Fatal(err)
		}
		epochs[e] = slices.Clone(x)
		again := make([]float32, len(p))
		prev := runtime.GOMAXPROCS(1)
		err := Redraw(again, p, dim, 5, e)
		runtime.GOMAXPROCS(prev)
		if err != nil || !slices.Equal(again, x) {
			t.Fatalf("epoch %d on one core: %v, or other bits than on %d", e, err, prev)
		}
		ones := make([]float64, dim)
		for i, v := range x {
			if v != 0 && v != 1 {
				t.Fatalf("epoch %d: value %v", e, v)
			}
			ones[i%dim] += float64(v)
		}
		for j, n := range ones {
			q := float64(j) / (dim - 1)
			if sd := math.Sqrt(rows * q * (1 - q)); !(math.Abs(n-rows*q) <= 5*sd) {
				t.Errorf("epoch %d, intensity %.3f: %v ones of %d", e, q, n, rows)
			}
		}
	}
	if slices.Equal(epochs[2], epochs[3]) || slices.Equal(epochs[2], first) {
		t.Error("two epochs drew the same binarisation")
	}
	over := int64(MaxRedrawEpoch) + 1 // past the bound where int has 64 bits, negative where it has 32
	for _, tc := range []struct {
		x, p  []float32
		dim   int
		epoch int
		err   string
	}{
		{make([]float32, 6), make([]float32, 7), 7, 2, "redrawing 6 values from 7 intensities"},
		{make([]float32, 7), make([]float32, 7), 2, 2, "in rows of 2"},
		{make([]float32, 7), make([]float32, 7), 7, 0, "epoch 0"},
		{make([]float32, 7), make([]float32, 7), 7, int(over), "epochs are 1 to"},
	} {
		if err := Redraw(tc.x, tc.p, tc.dim, 1, tc.epoch); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Redraw(%d values, %d intensities, dim %d, epoch %d): %v, want %q", len(tc.x), len(tc.p), tc.dim, tc.epoch, err, tc.err)
		}
	}
}

// A spec saved with a model reads back as it was, and what is missing takes
// its default.
func TestSavedSpec(t *testing.T) {
	s := Spec{TrainSize: 500, Digits: "3", Transform: Transform{Binarize: Stochastic, Seed: 9, Threshold: 0.5}}
	saved := map[string]any{}
	for k, v := range s.Settings() {
		saved[k] = v
	}
	// rbm.Load returns numbers as float64, as JSON has them.
	saved["train_size"], saved["seed"] = 500.0, 9.0
	if got := SavedSpec(saved); !reflect.DeepEqual(got, s) {
		t.Errorf("read back %+v, want %+v", got, s)
	}
	if got, want := SavedSpec(nil), (Spec{Transform: Transform{Binarize: None, Threshold: 0.5, Seed: 1}}); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %+v, want %+v", got, want)
	}
}

// Load keeps the first TrainSize rows of a data file, holds out a part and
// transforms both; it refuses what a data file cannot give.
func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	if err := os.WriteFile(path, []byte("a,b\n0,1\n1,0\n1,1\n0,0\n9,9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := Load[float32](Spec{Path: path, TrainSize: 4, Validation: 0.25, Transform: Transform{Binarize: Threshold, Threshold: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if src.MNIST || src.Test != nil || src.Train.N != 3 || src.Validation.N != 1 || src.Train.Dim != 2 {
		t.Fatalf("got %+v", src)
	}
	for _, v := range append(src.Train.Rows, src.Validation.Rows...) {
		if v != 0 && v != 1 {
			t.Errorf("value %v after threshold binarisation", v)
		}
	}
	for _, tc := range []struct {
		spec Spec
		err  string
	}{
		{Spec{Path: path, TrainSize: 6}, "--train-size 6 exceeds the 5 training rows"},
		{Spec{Path: path, Digits: "3"}, "--digits selects MNIST classes"},
		{Spec{Path: path, Height: 2, Width: 2}, "--shape 2x2"},
		{Spec{Path: path, Digits: "x"}, "--digits"},
		{Spec{Path: path, Validation: 1}, "--validation"},
	} {
		tc.spec.Binarize = None
		if _, err := Load[float64](tc.spec); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%+v: error %v, want %q", tc.spec, err, tc.err)
		}
	}
}

func TestSelectClasses(t *testing.T) {
	x := []float32{0, 0, 1, 1, 2, 2, 3, 3}
	labels := []uint8{7, 1, 7, 2}
	for _, c := range []struct {
		keep []uint8
		want []float32
	}{
		{[]uint8{7}, []float32{0, 0, 2, 2}},
		{[]uint8{1, 2}, []float32{1, 1, 3, 3}},
		{[]uint8{5}, nil},
	} {
		got, err := SelectClasses(x, 2, labels, c.keep)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("SelectClasses(keep %v) = %v, %v; want %v", c.keep, got, err, c.want)
		}
	}
	if _, err := SelectClasses(x, 2, labels[:3], []uint8{7}); err == nil {
		t.Error("a label count that does not match the rows was accepted")
	}
}

// BenchmarkRedraw draws a new binarisation of 60,000 rows of 784
// intensities, MNIST's training digits' size: what --rebinarize adds to
// every epoch.
func BenchmarkRedraw(b *testing.B) {
	const dim, rows = 784, 60000
	p := make([]float32, dim*rows)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range p {
		if rng.IntN(5) == 0 { // MNIST's digits are mostly background
			p[i] = rng.Float32()
		}
	}
	x := make([]float32, len(p))
	b.SetBytes(int64(len(p) * 4))
	for e := 2; b.Loop(); e++ {
		if err := Redraw(x, p, dim, 1, e); err != nil {
			b.Fatal(err)
		}
	}
}
