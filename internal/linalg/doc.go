// Package linalg holds the matrix products of the samplers and of the pure Go
// build's graphs: products that skip the zeros of sparse states, GEMM for
// dense ones, and the transposition the samplers' downward pass reads.
//
// Conventions: matrices are row-major, contiguous slices with their sizes
// passed beside them; outputs are written, never accumulated into, and belong
// to the caller; float32 and float64 products give gonum's results bit for
// bit, whichever path (sparse or GEMM) a row takes.
package linalg
