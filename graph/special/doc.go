// Package special holds the numerically stable special functions that layers
// with continuous units need: the scaled complementary error function and its
// logarithm, log-sum-exp, the log partition functions and moments of
// half-Gaussian (ReLU-type) units, and an exact truncated-normal sampler.
//
// Conventions: every function takes and returns float64 and stays finite for
// finite arguments where the quantity itself is finite (no overflow of e^x,
// no cancellation in 1 - erf); samplers draw every number from the
// *rand.Rand they are given, so results are reproducible.
package special
