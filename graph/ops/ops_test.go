package ops

import (
	"math"
	"testing"

	"github.com/rbmgo/rbm/graph/special"
	_ "go4.org/unsafe/assume-no-moving-gc"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// evalGrad builds cost = Σ f(x) for x bound to vals, and returns the values of
// f(x) and d cost/dx.
func evalGrad(t *testing.T, vals []float64, shape []int, f func(*G.Node) (*G.Node, error)) (out, grad []float64) {
	t.Helper()
	g := G.NewGraph()
	x := G.NewTensor(g, tensor.Float64, len(shape), G.WithShape(shape...), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), vals...)))))
	y, err := f(x)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := G.Sum(y)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := G.Grad(cost, x); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	gx, err := x.Grad()
	if err != nil {
		t.Fatal(err)
	}
	return append([]float64(nil), y.Value().Data().([]float64)...), append([]float64(nil), gx.Data().([]float64)...)
}

func TestLogErfcxOp(t *testing.T) {
	xs := []float64{-1e3, -30, -3, -0.5, 0, 0.7, 2, 5, 100, 1e3}
	out, grad := evalGrad(t, xs, []int{len(xs)}, LogErfcx)
	for i, x := range xs {
		if out[i] != special.LogErfcx(x) {
			t.Errorf("LogErfcx(%g) = %g, want %g", x, out[i], special.LogErfcx(x))
		}
		h := 1e-6 * math.Max(1, math.Abs(x))
		fd := (special.LogErfcx(x+h) - special.LogErfcx(x-h)) / (2 * h)
		if !(math.Abs(grad[i]-fd) <= 1e-6*math.Max(1, math.Abs(fd))) || math.IsNaN(grad[i]) || math.IsInf(grad[i], 0) {
			t.Errorf("d LogErfcx(%g) = %g, finite difference %g", x, grad[i], fd)
		}
	}
}

func TestLogSumExpOp(t *testing.T) {
	x := []float64{1, 2, 3, -1e3, 1e3, 1e3, 0, 0, -50}
	out, grad := evalGrad(t, x, []int{3, 3}, LogSumExp)
	want := []float64{3.40760596444438, 1e3 + math.Ln2, math.Log(2 + math.Exp(-50))}
	for i := range want {
		if !(math.Abs(out[i]-want[i]) <= 1e-13*math.Max(1, math.Abs(want[i]))) {
			t.Errorf("row %d: LogSumExp = %.15g, want %.15g", i, out[i], want[i])
		}
	}
	// The gradient is each row's softmax.
	for r := 0; r < 3; r++ {
		for j := 0; j < 3; j++ {
			w := math.Exp(x[r*3+j] - want[r])
			if !(math.Abs(grad[r*3+j]-w) <= 1e-12) {
				t.Errorf("d/dx[%d,%d] = %g, want %g", r, j, grad[r*3+j], w)
			}
		}
	}
	if _, err := LogSumExp(G.NewVector(G.NewGraph(), tensor.Float64, G.WithShape(3))); err == nil {
		t.Error("LogSumExp of a vector accepted")
	}
}

func TestLogAddExp(t *testing.T) {
	g := G.NewGraph()
	av := []float64{0, 1000, -1000, 1, 5}
	bv := []float64{0, 1000, -1000, 2, -2000}
	a := G.NewVector(g, tensor.Float64, G.WithShape(5), G.WithName("a"), G.WithValue(tensor.New(tensor.WithBacking(av))))
	b := G.NewVector(g, tensor.Float64, G.WithShape(5), G.WithName("b"), G.WithValue(tensor.New(tensor.WithBacking(bv))))
	y, err := LogAddExp(a, b)
	if err != nil {
		t.Fatal(err)
	}
	cost, _ := G.Sum(y)
	if _, err := G.Grad(cost, a, b); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g)
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	ga, _ := a.Grad()
	for i := range av {
		want := special.LogAddExp(av[i], bv[i])
		got := y.Value().Data().([]float64)[i]
		if !(math.Abs(got-want) <= 1e-14*math.Max(1, math.Abs(want))) {
			t.Errorf("LogAddExp(%g, %g) = %.17g, want %.17g", av[i], bv[i], got, want)
		}
		wa := 1 / (1 + math.Exp(bv[i]-av[i]))
		if d := ga.Data().([]float64)[i]; !(math.Abs(d-wa) <= 1e-12) {
			t.Errorf("d/da LogAddExp(%g, %g) = %g, want %g", av[i], bv[i], d, wa)
		}
	}
}

func TestFloat32(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float32, G.WithShape(1, 3), G.WithValue(tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float32{1, 2, 3}))))
	l, err := LogSumExp(x)
	if err != nil {
		t.Fatal(err)
	}
	e, err := LogErfcx(x)
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g)
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	if got := l.Value().Data().([]float32)[0]; !(math.Abs(float64(got)-3.40760596444438) <= 1e-6) {
		t.Errorf("float32 LogSumExp = %g", got)
	}
	if got := e.Value().Data().([]float32)[2]; !(math.Abs(float64(got)-special.LogErfcx(3)) <= 1e-6) {
		t.Errorf("float32 LogErfcx(3) = %g", got)
	}
}

func TestSoftplusExact(t *testing.T) {
	xs := []float64{-800, -30, -1, 0, 1, 15, 16.5, 20, 35, 800}
	out, grad := evalGrad(t, xs, []int{len(xs)}, Softplus)
	for i, x := range xs {
		want := math.Log1p(math.Exp(x))
		if x > 30 {
			want = x + math.Exp(-x)
		}
		if !(math.Abs(out[i]-want) <= 1e-15*math.Max(1, math.Abs(want))) {
			t.Errorf("Softplus(%g) = %.17g, want %.17g", x, out[i], want)
		}
		if s := 1 / (1 + math.Exp(-x)); !(math.Abs(grad[i]-s) <= 1e-16) {
			t.Errorf("d Softplus(%g) = %.17g, want %.17g", x, grad[i], s)
		}
	}
}
