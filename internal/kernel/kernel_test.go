package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
	"gonum.org/v1/gonum/blas/gonum"
)

// guard is the value written around every slice a kernel is given: a kernel
// that reads or writes outside its slice changes it, or its output.
const guard = -12345.5

// guarded returns a slice of length n inside a larger buffer whose n+2·pad
// elements start at offset within a 32-byte block, the pad elements either
// side holding guard.
func guarded(n, offset int) (inner, whole []float32) {
	const pad = 9
	whole = make([]float32, offset+n+2*pad)
	for i := range whole {
		whole[i] = guard
	}
	return whole[offset+pad : offset+pad+n : offset+pad+n], whole[offset:]
}

func checkGuards(t *testing.T, what string, whole []float32, n int) {
	t.Helper()
	const pad = 9
	for i, v := range whole {
		if (i < pad || i >= pad+n) && v != guard {
			t.Fatalf("%s: element %d outside the slice changed to %v", what, i-pad, v)
		}
	}
}

// Saxpy must give gonum's results bit for bit, at every length and
// alignment, and touch nothing outside y[:len(x)].
func TestSaxpyMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 80; n++ {
		for off := 0; off < 8; off += 3 {
			x, _ := guarded(n, off)
			y, wholeY := guarded(n, 7-off)
			for i := range x {
				x[i], y[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
			}
			a := float32(rng.NormFloat64())
			want := append([]float32(nil), y...)
			gonum.Implementation{}.Saxpy(n, a, x, 1, want, 1)
			Saxpy(a, x, y)
			for i := range y {
				if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d offset %d: y[%d] = %v, gonum %v", n, off, i, y[i], want[i])
				}
			}
			checkGuards(t, "Saxpy", wholeY, n)
		}
	}
}

// Bernoullis32 must decide as the portable code does, including for uniforms
// one unit in the last place either side of the threshold 1/(1+e^-p): a
// kernel whose e^-p differed by one ulp would fail here.
func TestBernoullis32MatchesPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{0, 1, 7, 8, 9, 3 * 1365} { // tails of every length
		th, x, u := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := 0; i < n; i++ {
			p := float32(rng.NormFloat64() * 8)
			if i%30 == 0 {
				p = float32(rng.NormFloat64() * 200) // clamped arguments
			}
			q := float32(rng.NormFloat64())
			thr := 1 / (1 + ExpSample32(-(p + q)))
			th[i], x[i] = p, q
			switch i % 3 {
			case 0:
				u[i] = thr
			case 1:
				u[i] = math.Nextafter32(thr, 0)
			default:
				u[i] = math.Nextafter32(thr, 2)
			}
		}
		got, whole := guarded(n, n%5)
		want := make([]float32, n)
		Bernoullis32(th, x, u, got)
		bernoullis32Go(th, x, u, want)
		ones := 0
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("n=%d, unit %d (θ+x = %v, u = %v): %v, portable code %v", n, i, th[i]+x[i], u[i], got[i], want[i])
			}
			ones += int(want[i])
		}
		checkGuards(t, "Bernoullis32", whole, n)
		if n > 100 && (ones == 0 || ones == n) {
			t.Fatalf("degenerate test: %d ones of %d", ones, n)
		}
	}
}

// RatioLanes gives the portable code's bits, with and without the scale,
// at every length, and touches only its accumulators.
func TestRatioLanesMatchesPortable(t *testing.T) {
	for _, c := range testutil.RatioCases() {
		n, e, ew, eo := len(c.E), c.E, c.EW, c.EO
		for _, s := range [][]float64{nil, c.SC} {
			var got, want [10]float64 // accumulators between two guards
			for i := range got {
				got[i], want[i] = 1, 1
			}
			got[0], got[9], want[0], want[9] = guard, guard, guard, guard
			RatioLanes(e, ew, s, eo, (*[8]float64)(got[1:9]))
			ratioLanesGo(e, ew, s, eo, (*[8]float64)(want[1:9]))
			if got != want {
				t.Fatalf("n=%d scaled=%v: kernel %v, portable %v", n, s != nil, got, want)
			}
		}
	}
}

// The samplers draw ones at the rate σ(θ+x), within four standard errors.
func TestSampleBinaryRates(t *testing.T) {
	const n, rows = 13, 4000
	th32, x32 := make([]float32, n), make([]float32, n)
	th64, x64 := make([]float64, n), make([]float64, n)
	for i := range th32 {
		th32[i], x32[i] = float32(i-6)*0.5, 0.25
		th64[i], x64[i] = float64(th32[i]), float64(x32[i])
	}
	ones32, ones64 := make([]float64, n), make([]float64, n)
	o32, o64 := make([]float32, n), make([]float64, n)
	rng := rand.New(rand.NewPCG(7, 7))
	for range rows {
		SampleBinary32(rng, th32, x32, o32)
		SampleBinary64(rng, th64, x64, o64)
		for i := range o32 {
			ones32[i] += float64(o32[i])
			ones64[i] += o64[i]
		}
	}
	for i := range ones32 {
		p := 1 / (1 + math.Exp(-(th64[i] + x64[i])))
		se := math.Sqrt(p * (1 - p) / rows)
		for name, ones := range map[string][]float64{"SampleBinary32": ones32, "SampleBinary64": ones64} {
			if r := ones[i] / rows; !(math.Abs(r-p) <= 4*se) {
				t.Errorf("%s: unit %d drew ones at rate %.4f, want %.4f ± %.4f", name, i, r, p, 4*se)
			}
		}
	}
}

func TestExpSample(t *testing.T) {
	for x := -700.0; x <= 700; x += 0.37 {
		got, want := ExpSample(x), math.Exp(x)
		if !(math.Abs(got-want) <= 1e-8*want) {
			t.Fatalf("ExpSample(%g) = %g, want %g", x, got, want)
		}
	}
	if got := ExpSample(1e6); math.IsInf(got, 0) || math.IsNaN(got) {
		t.Errorf("ExpSample(1e6) = %g, want a clamped finite value", got)
	}
	for _, tc := range []struct{ u, p, want float64 }{
		{0, 0, 1}, {0.49, 0, 1}, {0.51, 0, 0}, {0.999, 1e4, 1}, {1e-9, -1e4, 0}, {0.5, math.Log(3), 1}, {0.76, math.Log(3), 0},
	} {
		if got := Bernoulli(tc.u, tc.p); got != tc.want {
			t.Errorf("Bernoulli(%g, %g) = %g, want %g", tc.u, tc.p, got, tc.want)
		}
	}
}

func TestExpSample32(t *testing.T) {
	for x := -87.0; x <= 87; x += 0.013 {
		got, want := float64(ExpSample32(float32(x))), math.Exp(float64(float32(x)))
		if !(math.Abs(got-want) <= 4e-7*want) {
			t.Fatalf("ExpSample32(%g) = %g, want %g", x, got, want)
		}
	}
	if got := ExpSample32(1e6); math.IsInf(float64(got), 0) || got <= 0 {
		t.Errorf("ExpSample32(1e6) = %g, want a clamped finite value", got)
	}
}

func BenchmarkSaxpy(b *testing.B) {
	x, y := make([]float32, 500), make([]float32, 500)
	for i := range x {
		x[i] = float32(i)
	}
	for b.Loop() {
		Saxpy(0.5, x, y)
	}
}

func BenchmarkBernoullis32(b *testing.B) {
	th, x, u, o := make([]float32, 500), make([]float32, 500), make([]float32, 500), make([]float32, 500)
	for i := range u {
		u[i] = float32(i) / 500
	}
	for b.Loop() {
		Bernoullis32(th, x, u, o)
	}
}
