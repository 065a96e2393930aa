package kernel

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"
)

var exhaustive = flag.Bool("exhaustive", false, "measure the accuracy of Sigmoid32 and Softplus32 on every float32")

// sigmoid64 and softplus64 are the float64 references.
func sigmoid64(x float64) float64 {
	if x < 0 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

func softplus64(x float64) float64 {
	return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// ulps returns |got - want| in units of the spacing of float32 numbers in
// want's binade (2^-149 for subnormals): 0 when both are NaN, or equal
// infinities; +Inf when only one is NaN or infinite.
func ulps(got float32, want float64) float64 {
	g := float64(got)
	switch {
	case math.IsNaN(g) && math.IsNaN(want), g == want:
		return 0
	case math.IsNaN(g), math.IsNaN(want), math.IsInf(g, 0), math.IsInf(want, 0):
		return math.Inf(1)
	}
	spacing := 0x1p-149
	if math.Abs(want) >= 0x1p-126 {
		_, e := math.Frexp(want)
		spacing = math.Ldexp(1, e-24)
	}
	return math.Abs(g-want) / spacing
}

// sameBits reports whether a and b have the same bits, or are both NaN (the
// sign and payload of a NaN are not specified).
func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// edgeValues are the special values and the values around the branch points
// of the elementwise kernels: zeros, infinities, NaN, subnormals, the limits
// of float32's exponential, the clamp at -104, the end of normal results at
// -87.34, where the reduced argument changes sign (±ln2/2) and where softplus
// reaches x.
var edgeValues = func() []float32 {
	vs := []float32{
		0, float32(math.Inf(1)), float32(math.NaN()), math.MaxFloat32, math.SmallestNonzeroFloat32,
		0x1p-126, 0x1p-127, 1e-40, 1e-30, 1e-8, 0.5, 1, 2,
		87, 87.3, 87.34, 87.5, 88, 88.72, 89, 100, 103.9, 103.97, 103.98, 104, 104.1, 110, 150, 1e10, 1e30,
		0.34657359, 1.03972077, 14, 15, 16, 16.6, 17, 17.5, 20,
	}
	var out []float32
	for _, v := range vs {
		for _, w := range []float32{v, math.Nextafter32(v, 0), math.Nextafter32(v, float32(math.Inf(1)))} {
			out = append(out, w, -w)
		}
	}
	return out
}()

// randomValues returns n values: normal of every scale from 1e-3 to 100,
// with an edge value in every fifth place.
func randomValues(rng *rand.Rand, n int) []float32 {
	scales := []float64{1e-3, 1e-2, 0.1, 1, 3, 10, 30, 100}
	x := make([]float32, n)
	for i := range x {
		if rng.IntN(5) == 0 {
			x[i] = edgeValues[rng.IntN(len(edgeValues))]
		} else {
			x[i] = float32(rng.NormFloat64() * scales[rng.IntN(len(scales))])
		}
	}
	return x
}

// Sigmoid32 and Softplus32 give the portable code's bits at every length,
// alignment and scale, write nothing outside out, leave x alone, and work
// in place.
func TestElementwiseMatchesPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	lengths := []int{4099}
	for n := 0; n <= 40; n++ {
		lengths = append(lengths, n)
	}
	for _, tc := range []struct {
		name   string
		kernel func(x, out []float32)
		scalar func(float32) float32
	}{
		{"Sigmoid32", Sigmoid32, sigmoid32},
		{"Softplus32", Softplus32, softplus32},
	} {
		for _, n := range lengths {
			for rep := range 20 {
				x, wholeX := guarded(n, rep%8)
				copy(x, randomValues(rng, n))
				if rep == 0 && n >= 1 { // every edge value at some place
					for i := range x {
						x[i] = edgeValues[(i+n)%len(edgeValues)]
					}
				}
				x0 := append([]float32(nil), x...)
				out, wholeOut := guarded(n, (rep+3)%8)
				tc.kernel(x, out)
				for i := range x {
					if want := tc.scalar(x[i]); !sameBits(out[i], want) {
						t.Fatalf("%s n=%d: x[%d] = %v (%#x) gives %v (%#x), portable %v (%#x)",
							tc.name, n, i, x[i], math.Float32bits(x[i]), out[i], math.Float32bits(out[i]), want, math.Float32bits(want))
					}
					if math.Float32bits(x[i]) != math.Float32bits(x0[i]) {
						t.Fatalf("%s n=%d: x[%d] changed", tc.name, n, i)
					}
				}
				checkGuards(t, tc.name+" out", wholeOut, n)
				checkGuards(t, tc.name+" x", wholeX, n)
				tc.kernel(x, x) // in place
				for i := range x {
					if !sameBits(x[i], out[i]) {
						t.Fatalf("%s n=%d in place: x[%d] = %v, out of place %v", tc.name, n, i, x[i], out[i])
					}
				}
				checkGuards(t, tc.name+" in place", wholeX, n)
			}
		}
	}
}

// SoftplusSum32 is the float64 sum, in index order, of Softplus32's terms,
// whatever the kernel, and within 1e-6 of the float64 sum of the float64
// softplus of the same arguments.
func TestSoftplusSum32(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 19))
	lengths := []int{500, 784, 4099}
	for n := 0; n <= 40; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		for rep := range 20 {
			th, wholeTh := guarded(n, rep%8)
			x, wholeX := guarded(n, (rep+5)%8)
			copy(th, randomValues(rng, n))
			copy(x, randomValues(rng, n))
			for i := range th { // sums of every size; specials stay in the bit test
				if rep%2 == 0 && (th[i] != th[i] || math.IsInf(float64(th[i]), 0)) {
					th[i] = 1
				}
				if rep%2 == 0 && (x[i] != x[i] || math.IsInf(float64(x[i]), 0)) {
					x[i] = -1
				}
			}
			got := SoftplusSum32(th, x)
			p := make([]float32, n)
			for i := range p {
				p[i] = th[i] + x[i]
			}
			terms := make([]float32, n)
			Softplus32(p, terms)
			want, ref := 0.0, 0.0
			for i, v := range terms {
				want += float64(v)
				ref += softplus64(float64(p[i]))
			}
			if math.Float64bits(got) != math.Float64bits(want) && !(got != got && want != want) {
				t.Fatalf("n=%d rep %d: SoftplusSum32 = %v, the sum of Softplus32's terms %v", n, rep, got, want)
			}
			if portable := softplusSum32Go(0, th, x); math.Float64bits(got) != math.Float64bits(portable) && !(got != got && portable != portable) {
				t.Fatalf("n=%d rep %d: SoftplusSum32 = %v, portable %v", n, rep, got, portable)
			}
			// Terms below 2^-126 have an absolute error of up to 2^-149.
			if !(math.Abs(got-ref) <= 1e-6*math.Abs(ref)+float64(n)*0x1p-149) && !(got == ref) && !(got != got && ref != ref) {
				t.Fatalf("n=%d rep %d: SoftplusSum32 = %v, float64 reference %v", n, rep, got, ref)
			}
			checkGuards(t, "SoftplusSum32 th", wholeTh, n)
			checkGuards(t, "SoftplusSum32 x", wholeX, n)
		}
	}
}

// Special values give the limits, and very negative arguments e^x.
func TestElementwiseSpecialValues(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	for _, tc := range []struct {
		x                 float32
		sigmoid, softplus float64 // NaN means NaN
	}{
		{0, 0.5, math.Ln2},
		{float32(math.Copysign(0, -1)), 0.5, math.Ln2},
		{inf, 1, math.Inf(1)},
		{-inf, 0, 0},
		{nan, math.NaN(), math.NaN()},
		{-nan, math.NaN(), math.NaN()},
		{20, 1, 20},
		{100, 1, 100},
		{1e30, 1, 1e30},
		{math.MaxFloat32, 1, math.MaxFloat32},
		{-87, sigmoid64(-87), softplus64(-87)},
		{-88, math.Exp(-88), math.Exp(-88)},          // subnormal
		{-100, math.Exp(-100), math.Exp(-100)},       // subnormal
		{-103.9, math.Exp(-103.9), math.Exp(-103.9)}, // the smallest subnormal
		{-104.5, 0, 0},
		{-1e30, 0, 0},
	} {
		x := []float32{tc.x}
		for _, f := range []struct {
			name   string
			kernel func(x, out []float32)
			want   float64
			bound  float64
		}{
			{"Sigmoid32", Sigmoid32, tc.sigmoid, 2.5},
			{"Softplus32", Softplus32, tc.softplus, 3},
		} {
			for _, n := range []int{1, 8} { // the portable code, and the kernel
				in, out := make([]float32, n), make([]float32, n)
				for i := range in {
					in[i] = x[0]
				}
				f.kernel(in, out)
				if d := ulps(out[n-1], f.want); !(d <= f.bound) {
					t.Errorf("%s(%v) = %v (%#x), want %v (%.2f ulp)", f.name, tc.x, out[n-1], math.Float32bits(out[n-1]), f.want, d)
				}
				if math.Float32bits(out[n-1])>>31 != 0 && out[n-1] == out[n-1] {
					t.Errorf("%s(%v) = %v, negative", f.name, tc.x, out[n-1])
				}
			}
		}
	}
	// The ends the doc comments name.
	for _, tc := range []struct {
		name string
		f    func(x, out []float32)
		x    float32
		want float32
	}{
		{"Sigmoid32", Sigmoid32, 16.7, 1},
		{"Sigmoid32", Sigmoid32, -103.98, 0},
		{"Softplus32", Softplus32, 14.6, 14.6},
		{"Softplus32", Softplus32, 14.7, 14.7},
		{"Softplus32", Softplus32, 20, 20},
		{"Softplus32", Softplus32, -103.98, 0},
		{"Softplus32", Softplus32, -103.96, math.SmallestNonzeroFloat32},
		{"Sigmoid32", Sigmoid32, -103.96, math.SmallestNonzeroFloat32},
	} {
		for _, n := range []int{1, 8} {
			in, out := make([]float32, n), make([]float32, n)
			for i := range in {
				in[i] = tc.x
			}
			tc.f(in, out)
			if out[n-1] != tc.want {
				t.Errorf("%s(%v) = %v, want %v", tc.name, tc.x, out[n-1], tc.want)
			}
		}
	}
	for x := float32(14.6); x <= 32; x = math.Nextafter32(x, 33) {
		if softplus32(x) != x {
			t.Fatalf("softplus32(%v) = %v, want x", x, softplus32(x))
		}
	}
	for x := float32(16.7); x <= 32; x = math.Nextafter32(x, 33) {
		if sigmoid32(x) != 1 {
			t.Fatalf("sigmoid32(%v) = %v, want 1", x, sigmoid32(x))
		}
	}
	for x := float32(-16); x >= -110; x -= 0.000999 {
		if softplus32(x) != expNeg32(x) {
			t.Fatalf("softplus32(%v) = %v, expNeg32 %v", x, softplus32(x), expNeg32(x))
		}
	}
	x0 := float32(-150 * math.Ln2) // e^x < 2^-150 below
	if float64(x0) >= -150*math.Ln2 {
		x0 = math.Nextafter32(x0, -111)
	}
	for x := x0; x >= -110; x = math.Nextafter32(x, -111) {
		if sigmoid32(x) != 0 || softplus32(x) != 0 {
			t.Fatalf("sigmoid32(%v) = %v, softplus32 %v, want 0", x, sigmoid32(x), softplus32(x))
		}
	}
	if got := SoftplusSum32([]float32{100, -200, 0}, []float32{-100, 100, 1}); got != float64(float32(math.Ln2))+float64(softplus32(-100))+float64(softplus32(1)) {
		t.Errorf("SoftplusSum32 of three terms = %v", got)
	}
}

// Errors in float32 ulps against float64 references, on every 1021st float32
// (every float32 with -exhaustive, some ten minutes: go test -run Accuracy
// -exhaustive -timeout 1h). Measured on every float32: expNeg32 0.98
// ulp, Sigmoid32 2.40 ulp, Softplus32 2.86 ulp (relative error 1.76e-7
// where the result is normal and x < -10); subnormal results within 0.75
// ulp (of 2^-149).
func TestElementwiseAccuracy(t *testing.T) {
	stride := uint64(1021)
	if *exhaustive {
		stride = 1
	}
	const chunk = 4096
	x, out := make([]float32, 0, chunk), make([]float32, chunk)
	type stat struct {
		ulps, at   float64
		subnormal  float64 // largest error of subnormal results, in units of 2^-149
		rel, relAt float64 // largest relative error of normal results for x < -10
	}
	var sig, sp stat
	var expUlps float64 // of expNeg32 on x ≤ 0
	measure := func(s *stat, kernel func(x, out []float32), ref func(float64) float64) {
		kernel(x, out[:len(x)])
		for i, v := range x {
			want := ref(float64(v))
			d := ulps(out[i], want)
			if d > s.ulps || d != d {
				s.ulps, s.at = d, float64(v)
			}
			if math.Abs(want) < 0x1p-126 {
				s.subnormal = max(s.subnormal, d)
			} else if v < -10 {
				if r := math.Abs(float64(out[i])-want) / want; r > s.rel {
					s.rel, s.relAt = r, float64(v)
				}
			}
		}
	}
	for b := uint64(0); b < 1<<32; b += stride {
		if v := math.Float32frombits(uint32(b)); v == v {
			x = append(x, v)
			if v <= 0 {
				expUlps = max(expUlps, ulps(expNeg32(v), math.Exp(float64(v))))
			}
		}
		if len(x) == chunk || b+stride >= 1<<32 {
			measure(&sig, Sigmoid32, sigmoid64)
			measure(&sp, Softplus32, softplus64)
			x = x[:0]
		}
	}
	t.Logf("expNeg32: %.3f ulp", expUlps)
	t.Logf("Sigmoid32: %.3f ulp at x = %v; subnormal results %.3f ulp", sig.ulps, sig.at, sig.subnormal)
	t.Logf("Softplus32: %.3f ulp at x = %v; subnormal results %.3f ulp; relative %.3g at x = %v", sp.ulps, sp.at, sp.subnormal, sp.rel, sp.relAt)
	if !(expUlps <= 1) {
		t.Errorf("expNeg32: %.3f ulp, want at most 1", expUlps)
	}
	if !(sig.ulps <= 2.5) || !(sig.subnormal <= 0.75) {
		t.Errorf("Sigmoid32: %.3f ulp at x = %v (subnormal results %.3f), want at most 2.5 (0.75)", sig.ulps, sig.at, sig.subnormal)
	}
	if !(sp.ulps <= 3) || !(sp.subnormal <= 0.75) || !(sp.rel <= 1.8e-7) {
		t.Errorf("Softplus32: %.3f ulp at x = %v (subnormal results %.3f), relative error %.3g at x = %v, want at most 3 (0.75), 1.8e-7", sp.ulps, sp.at, sp.subnormal, sp.rel, sp.relAt)
	}
}

// benchValues are 10,000 arguments normal with standard deviation 5.
func benchValues(seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 23))
	x := make([]float32, 10000)
	for i := range x {
		x[i] = float32(5 * rng.NormFloat64())
	}
	return x
}

func perElement(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elt")
}

func BenchmarkSigmoid32(b *testing.B) {
	benchElementwise(b, benchValues(1), Sigmoid32, sigmoid32Go, sigmoid64)
}

func BenchmarkSoftplus32(b *testing.B) {
	benchElementwise(b, benchValues(2), Softplus32, softplus32Go, softplus64)
}

// benchElementwise times a float32 function over x three ways: the kernel
// (AVX2 where there is), the portable code, and its float64 reference f64
// rounded to float32.
func benchElementwise(b *testing.B, x []float32, kernel, portable func(x, out []float32), f64 func(float64) float64) {
	out := make([]float32, len(x))
	for _, bc := range []struct {
		name string
		f    func(x, out []float32)
	}{
		{"kernel", kernel},
		{"portable", portable},
		{"math64", func(x, out []float32) {
			for i, v := range x {
				out[i] = float32(f64(float64(v)))
			}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				bc.f(x, out)
			}
			perElement(b, len(x))
		})
	}
}

var sinkSum float64

func BenchmarkSoftplusSum32(b *testing.B) {
	th, x := benchValues(3), benchValues(4)
	for _, bc := range []struct {
		name string
		f    func(th, x []float32) float64
	}{
		{"kernel", SoftplusSum32},
		{"portable", func(th, x []float32) float64 { return softplusSum32Go(0, th, x) }},
		{"math64", func(th, x []float32) float64 {
			s := 0.0
			for i, v := range x {
				s += softplus64(float64(th[i] + v))
			}
			return s
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				sinkSum = bc.f(th, x)
			}
			perElement(b, len(x))
		})
	}
}
