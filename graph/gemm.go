package graph

import (
	"github.com/rbmgo/rbm/internal/linalg"
	"gonum.org/v1/gonum/blas"
)

// gemmBLAS is the BLAS of this build (baseBLAS: gonum's, or OpenBLAS's in the
// openblas build) with two changes to its matrix products: a product whose
// left operand is transposed (Aᵀ·B, which gorgonia computes for the gradient
// of v·W with respect to W) first copies Aᵀ out, about four times faster for
// the tutorial's shapes (784×20 by 20×500) with gonum; and plain products of
// contiguous matrices go to linalg.Mul, which skips the zeros of binary
// states, sends rows denser than linalg.GEMMDensity to the base BLAS, and
// gives gonum's results bit for bit.
type gemmBLAS struct{ baseBLAS }

// Sgemm computes C = alpha·op(A)·op(B) + beta·C (see gemm).
func (b gemmBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, bb []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm(b.baseBLAS.Sgemm, tA, tB, m, n, k, alpha, a, lda, bb, ldb, beta, c, ldc)
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C (see gemm).
func (b gemmBLAS) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, bb []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(b.baseBLAS.Dgemm, tA, tB, m, n, k, alpha, a, lda, bb, ldb, beta, c, ldc)
}

// gemm is Sgemm and Dgemm in one: it copies a transposed left operand out,
// sends a plain product with alpha 1 and beta 0 to linalg.Mul, and leaves
// every other product to base, the base BLAS's method for the type.
func gemm[T float32 | float64](base func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int), tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, bb []T, ldb int, beta T, c []T, ldc int) {
	if tA == blas.Trans && m > 0 && k > 0 {
		a, lda, tA = transposed(a, lda, k, m), k, blas.NoTrans
	}
	if plain(tA, tB, m, n, k, lda, ldb, ldc) && alpha == 1 && beta == 0 {
		linalg.Mul(a[:m*k], m, k, bb[:k*n], n, c[:m*n])
		return
	}
	base(tA, tB, m, n, k, alpha, a, lda, bb, ldb, beta, c, ldc)
}

// plain reports an untransposed product of non-empty contiguous matrices.
func plain(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc int) bool {
	return tA == blas.NoTrans && tB == blas.NoTrans && m > 0 && n > 0 && k > 0 && lda == k && ldb == n && ldc == n
}

// transposed returns the transpose (cols×rows, contiguous) of the rows×cols
// matrix a with leading dimension lda.
func transposed[T float32 | float64](a []T, lda, rows, cols int) []T {
	t := make([]T, rows*cols)
	for i := 0; i < rows; i++ {
		for j, v := range a[i*lda : i*lda+cols] {
			t[j*rows+i] = v
		}
	}
	return t
}
