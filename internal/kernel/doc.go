// Package kernel holds the few loops that run inside every Gibbs step, in
// assembly where the processor allows, each beside the portable Go code it
// must agree with bit for bit: the sparse products' sums of selected rows
// (SumRows32, with the indices of non-zero states from NonZeros32), the
// float32 axpy, the transpose of the weights, the float32 Bernoulli sampler
// of binary units, with the fast exponential and the uniforms they are built
// on, and the products of ratios of the ORBM's exact correction; and the
// float32 elementwise functions of the monitors and the cost graph: the
// logistic sigmoid (Sigmoid32), softplus (Softplus32) and the float64 sum of
// softplus terms of free energies (SoftplusSum32), within a few float32 ulps
// of the float64 math package's results.
//
// Conventions: slices are plain Go slices; a kernel reads and writes exactly
// the elements its doc comment names and no others; float32 and float64
// variants give the same decisions as their portable versions whatever the
// processor, and the elementwise functions the same bits (NaN aside, whose
// payload is unspecified). The assembly is used on amd64 when the processor
// has AVX (axpy, sums of rows, transpose), AVX-512 (wider sums of rows,
// non-zero indices) or AVX2 (sampling, ratios, non-zero indices, elementwise
// functions); the build tag noasm selects the portable code everywhere, so
// that tests can hold the two against each other.
package kernel
