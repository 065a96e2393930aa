package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
)

// SumRows32 and SumRows64 must give, bit for bit, what axpys of the selected
// rows into a cleared row give, for every width (the 64- and 8-column kernels
// and their tails), with and without weights, and write nothing outside out.
func TestSumRowsMatchesAxpy(t *testing.T) {
	forEachKernel(t, testSumRowsMatchesAxpy)
}

func testSumRowsMatchesAxpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const k = 37
	for _, width := range []int{0, 1, 7, 8, 9, 63, 64, 65, 71, 72, 130, 200} {
		for _, weighted := range []bool{false, true} {
			for _, nz := range []int{0, 1, 5, k} {
				ldw := width + 3
				w32 := make([]float32, k*ldw)
				w64 := make([]float64, k*ldw)
				for i := range w32 {
					w64[i] = rng.NormFloat64() * 1e3
					w32[i] = float32(w64[i])
				}
				idx := make([]int32, 0, nz)
				for _, i := range rng.Perm(k)[:nz] {
					idx = append(idx, int32(i))
				}
				slicesSort(idx)
				var v32 []float32
				var v64 []float64
				if weighted {
					for range idx {
						v64 = append(v64, rng.NormFloat64())
						v32 = append(v32, float32(v64[len(v64)-1]))
					}
				}
				want32, want64 := make([]float32, width), make([]float64, width)
				for t, i := range idx {
					a32, a64 := float32(1), 1.0
					if weighted {
						a32, a64 = v32[t], v64[t]
					}
					gonum.Implementation{}.Saxpy(width, a32, w32[int(i)*ldw:], 1, want32, 1)
					gonum.Implementation{}.Daxpy(width, a64, w64[int(i)*ldw:], 1, want64, 1)
				}
				// Two calls, the second continuing the first's sums,
				// give the sums of one call.
				got32, whole32 := guarded(width, 3)
				got64 := make([]float64, width+1)
				got64[width] = guard
				split := len(idx) / 3
				var v32a, v32b []float32
				var v64a, v64b []float64
				if weighted {
					v32a, v32b, v64a, v64b = v32[:split], v32[split:], v64[:split], v64[split:]
				}
				for i := range got32 {
					got32[i], got64[i] = float32(math.NaN()), math.NaN() // overwritten without acc
				}
				SumRows32(idx[:split], v32a, w32, ldw, got32, false)
				SumRows32(idx[split:], v32b, w32, ldw, got32, true)
				checkGuards(t, "SumRows32", whole32, width)
				SumRows64(idx[:split], v64a, w64, ldw, got64[:width], false)
				SumRows64(idx[split:], v64b, w64, ldw, got64[:width], true)
				if got64[width] != guard {
					t.Fatalf("SumRows64 wrote past out")
				}
				for c := 0; c < width; c++ {
					if math.Float32bits(got32[c]) != math.Float32bits(want32[c]) {
						t.Fatalf("width %d weighted %v nz %d: float32 column %d is %v, axpys give %v", width, weighted, nz, c, got32[c], want32[c])
					}
					if math.Float64bits(got64[c]) != math.Float64bits(want64[c]) {
						t.Fatalf("width %d weighted %v nz %d: float64 column %d is %v, axpys give %v", width, weighted, nz, c, got64[c], want64[c])
					}
				}
			}
		}
	}
}

// A row index that would read past w is refused, not read.
func TestSumRowsRefusesRowsOutsideW(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a row past the end of w")
		}
	}()
	SumRows32([]int32{0, 3}, nil, make([]float32, 3*8), 8, make([]float32, 8), false)
}

func slicesSort(x []int32) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

func BenchmarkSumRows32(b *testing.B) {
	const k, n, nz = 784, 500, 150
	rng := rand.New(rand.NewPCG(1, 1))
	w := make([]float32, k*n)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	idx := make([]int32, 0, nz)
	for i := 0; i < k && len(idx) < nz; i += k / nz {
		idx = append(idx, int32(i))
	}
	out := make([]float32, n)
	for range b.N {
		SumRows32(idx, nil, w, n, out, false)
	}
}

// NonZeros32 and NonZeros64 list exactly the elements that are not ±0, NaN
// included, for every length (the kernel's blocks of eight and the tail).
func TestNonZeros(t *testing.T) { forEachKernel(t, testNonZeros) }

func testNonZeros(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	special := []float64{0, math.Copysign(0, -1), 1, math.NaN(), math.Inf(-1), 1e-45, -2}
	for n := 0; n <= 40; n++ {
		for range 20 {
			x64 := make([]float64, n)
			x32 := make([]float32, n)
			var want []int32
			for i := range x64 {
				x64[i] = special[rng.IntN(len(special))]
				x32[i] = float32(x64[i])
				if x32[i] != 0 || math.IsNaN(x64[i]) {
					want = append(want, int32(i))
				}
			}
			idx32, idx64 := make([]int32, n), make([]int32, n)
			n32, n64 := NonZeros32(x32, idx32), NonZeros64(x64, idx64)
			if n32 != len(want) || n64 != len(want) {
				t.Fatalf("%v: %d and %d non-zeros, want %d", x64, n32, n64, len(want))
			}
			for i, w := range want {
				if idx32[i] != w || idx64[i] != w {
					t.Fatalf("%v: non-zero %d at %d and %d, want %d", x64, i, idx32[i], idx64[i], w)
				}
			}
		}
	}
}

// Transpose32 moves every element to its place, for shapes with and without
// whole 8×8 blocks, and writes nothing past the transpose.
func TestTranspose32(t *testing.T) { forEachKernel(t, testTranspose32) }

func testTranspose32(t *testing.T) {
	for _, sh := range [][2]int{{0, 0}, {1, 1}, {3, 5}, {8, 8}, {9, 17}, {16, 8}, {8, 16}, {23, 41}, {784, 500}, {500, 784}} {
		rows, cols := sh[0], sh[1]
		src := make([]float32, rows*cols)
		for i := range src {
			src[i] = float32(i)
		}
		dst, whole := guarded(rows*cols, 5)
		Transpose32(src, rows, cols, dst)
		checkGuards(t, "Transpose32", whole, rows*cols)
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				if dst[c*rows+r] != src[r*cols+c] {
					t.Fatalf("%d×%d: dst[%d,%d] = %v, want %v", rows, cols, c, r, dst[c*rows+r], src[r*cols+c])
				}
			}
		}
	}
}

func BenchmarkTranspose32(b *testing.B) {
	src, dst := make([]float32, 784*500), make([]float32, 784*500)
	for b.Loop() {
		Transpose32(src, 784, 500, dst)
	}
}

// FirstNonFinite32 finds the first NaN or infinity wherever it is: in a
// block of the kernel, in the tail, or nowhere; and counts neither the
// largest finite value nor subnormals.
func TestFirstNonFinite32(t *testing.T) { forEachKernel(t, testFirstNonFinite32) }

func testFirstNonFinite32(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 33, 100, 4096, 4097, 10000} {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(i%7) - 3
		}
		if n > 2 {
			x[1], x[2] = math.MaxFloat32, math.SmallestNonzeroFloat32
		}
		if got := FirstNonFinite32(x); got != -1 {
			t.Fatalf("n=%d, all finite: %d", n, got)
		}
		for _, at := range []int{0, n / 3, n - 1} {
			for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
				if at < 0 || at >= n {
					continue
				}
				y := append([]float32(nil), x...)
				y[at] = bad
				if at+5 < n {
					y[at+5] = bad // a later one must not be reported instead
				}
				if got := FirstNonFinite32(y); got != at {
					t.Fatalf("n=%d, %v at %d: found at %d", n, bad, at, got)
				}
			}
		}
	}
}

// FirstNonFinite64 finds the first NaN or infinity, the largest finite
// values and the empty slice passing.
func TestFirstNonFinite64(t *testing.T) {
	if got := FirstNonFinite64(nil); got != -1 {
		t.Errorf("empty slice: %d", got)
	}
	x := []float64{0, -math.MaxFloat64, math.MaxFloat64, math.SmallestNonzeroFloat64, 1}
	if got := FirstNonFinite64(x); got != -1 {
		t.Errorf("finite values: %d", got)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		for at := range x {
			y := append([]float64(nil), x...)
			y[at] = bad
			y = append(y, math.NaN())
			if got := FirstNonFinite64(y); got != at {
				t.Errorf("%v at %d: found at %d", bad, at, got)
			}
		}
	}
}
