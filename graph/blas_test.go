//go:build !openblas

package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The adapter's products equal gonum's for every transposition.
func TestGemmBLASMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const m, n, k = 7, 5, 4
	fill := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			lda, ldb := k+2, n+1
			if tA == blas.Trans {
				lda = m + 3
			}
			if tB == blas.Trans {
				ldb = k + 1
			}
			a, b := fill(20*lda), fill(20*ldb)
			c1, c2 := fill(m*n), make([]float64, m*n)
			copy(c2, c1)
			gonum.Implementation{}.Dgemm(tA, tB, m, n, k, 1.5, a, lda, b, ldb, 0.5, c1, n)
			gemmBLAS{}.Dgemm(tA, tB, m, n, k, 1.5, a, lda, b, ldb, 0.5, c2, n)
			for i := range c1 {
				if !(math.Abs(c1[i]-c2[i]) <= 1e-12) {
					t.Fatalf("tA=%v tB=%v: element %d is %g, gonum gives %g", tA, tB, i, c2[i], c1[i])
				}
			}
			a32, b32 := make([]float32, len(a)), make([]float32, len(b))
			for i := range a {
				a32[i] = float32(a[i])
			}
			for i := range b {
				b32[i] = float32(b[i])
			}
			s1, s2 := make([]float32, m*n), make([]float32, m*n)
			gonum.Implementation{}.Sgemm(tA, tB, m, n, k, 1, a32, lda, b32, ldb, 0, s1, n)
			gemmBLAS{}.Sgemm(tA, tB, m, n, k, 1, a32, lda, b32, ldb, 0, s2, n)
			for i := range s1 {
				if !(math.Abs(float64(s1[i]-s2[i])) <= 1e-5) {
					t.Fatalf("float32 tA=%v tB=%v: element %d is %g, gonum gives %g", tA, tB, i, s2[i], s1[i])
				}
			}
		}
	}
}
