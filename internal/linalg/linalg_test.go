package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
)

// Products are right whatever mix of sparse and dense rows x has (dense
// rows go to GEMM in runs), beyond one 64-row block and for long rows; and a
// sparse row's result does not depend on the rows around it.
func TestProductsSparseAndDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name       string
		rows, k, n int
		density    func(r int) float64
	}{
		{"sparse", 7, 30, 11, func(int) float64 { return 0.05 }},
		{"medium", 7, 30, 11, func(int) float64 { return 0.3 }},
		{"dense", 7, 30, 11, func(int) float64 { return 0.9 }},
		{"mixed rows", 150, 40, 13, func(r int) float64 { return []float64{0.1, 0.95, 0.95, 0.2, 1}[r%5] }},
		{"dense run ending a block", 70, 20, 5, func(r int) float64 { return map[bool]float64{true: 1, false: 0.1}[r >= 60 && r < 66] }},
		{"long rows", 5, 1100, 3, func(r int) float64 { return 0.1 + 0.2*float64(r) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := make([]float64, tc.k*tc.n)
			for i := range w {
				w[i] = rng.NormFloat64()
			}
			x := make([]float64, tc.rows*tc.k)
			for i := range x {
				if rng.Float64() < tc.density(i/tc.k) {
					x[i] = rng.NormFloat64()
				}
			}
			got := make([]float64, tc.rows*tc.n)
			for i := range got {
				got[i] = math.NaN() // out is overwritten, not added to
			}
			Mul(x, tc.rows, tc.k, w, tc.n, got)
			for r := 0; r < tc.rows; r++ {
				for j := 0; j < tc.n; j++ {
					var want float64
					for i := 0; i < tc.k; i++ {
						want += x[r*tc.k+i] * w[i*tc.n+j]
					}
					if !testutil.CloseTo(got[r*tc.n+j], want, 1e-12) {
						t.Fatalf("(x·w)[%d,%d] = %g, want %g", r, j, got[r*tc.n+j], want)
					}
				}
			}
			// Row by row gives the same bits for sparse rows.
			one := make([]float64, tc.n)
			for r := 0; r < tc.rows; r++ {
				xr := x[r*tc.k : (r+1)*tc.k]
				if nz, _ := nonZeros(xr, make([]int32, tc.k), make([]float64, tc.k)); float64(nz) > GEMMDensity*float64(tc.k) {
					continue
				}
				MulRows(xr, 1, tc.k, w, tc.n, one)
				for j, v := range one {
					if v != got[r*tc.n+j] {
						t.Fatalf("row %d alone: %v, in the block: %v", r, v, got[r*tc.n+j])
					}
				}
			}
		})
	}
}

func TestTranspose(t *testing.T) {
	for _, tc := range []struct{ k, n int }{{1, 1}, {3, 5}, {16, 16}, {17, 33}, {784, 500}} {
		w := make([]float32, tc.k*tc.n)
		for i := range w {
			w[i] = float32(i)
		}
		wt := make([]float32, len(w))
		Transpose(w, tc.k, tc.n, wt)
		for i := 0; i < tc.k; i++ {
			for j := 0; j < tc.n; j++ {
				if wt[j*tc.k+i] != w[i*tc.n+j] {
					t.Fatalf("%d×%d: transpose[%d,%d] = %v, want %v", tc.k, tc.n, j, i, wt[j*tc.k+i], w[i*tc.n+j])
				}
			}
		}
	}
}

func ExampleMul() {
	// Two binary rows select rows of w and add them.
	x := []float64{
		1, 0, 1,
		0, 1, 0,
	}
	w := []float64{
		1, 2,
		3, 4,
		5, 6,
	}
	out := make([]float64, 4)
	Mul(x, 2, 3, w, 2, out)
	fmt.Println(out)
	// Output: [6 8 3 4]
}

// BenchmarkMulRows times the products of one core's chains in a Gibbs step of
// the tutorial's model: 10 rows of binary states times the 784×500 float32
// weights (up) and 10 hidden states times their transpose (down).
func BenchmarkMulRows(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name    string
		k, n    int
		density float64
	}{{"up", 784, 500, 0.2}, {"down", 500, 784, 0.15}} {
		const rows = 10
		w := make([]float32, tc.k*tc.n)
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		x := make([]float32, rows*tc.k)
		for i := range x {
			if rng.Float64() < tc.density {
				x[i] = 1
			}
		}
		out := make([]float32, rows*tc.n)
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				MulRows(x, rows, tc.k, w, tc.n, out)
			}
		})
	}
}
