package special

import (
	"math"
	"math/rand/v2"
)

// StdTruncNormal draws from the standard normal distribution restricted to
// [lower, ∞), exactly: by plain rejection when lower is low, and by Robert's
// (1995) exponential rejection sampler in the tail, so that it stays fast and
// correct for lower anywhere from -∞ to +1e300.
//
// A NaN bound gives NaN (rejection would never accept).
func StdTruncNormal(rng *rand.Rand, lower float64) float64 {
	switch {
	case math.IsNaN(lower) || math.IsInf(lower, 1):
		return math.NaN()
	case lower < 0.45:
		// The acceptance rate is at least P(Z ≥ 0.45) ≈ 0.33.
		for {
			if z := rng.NormFloat64(); z >= lower {
				return z
			}
		}
	case lower > 1e150:
		// The exponential proposal is exact to the last bit here: its
		// acceptance probability exp(-(z-α)²/2) rounds to 1.
		return lower + rng.ExpFloat64()/lower
	}
	// Robert (1995): proposal lower + Exp(α) with the optimal rate α, accepted
	// with probability exp(-(z-α)²/2).
	alpha := (lower + math.Sqrt(lower*lower+4)) / 2
	for {
		z := lower + rng.ExpFloat64()/alpha
		d := z - alpha
		if math.Log(1-rng.Float64()) <= -d*d/2 {
			return z
		}
	}
}

// TruncNormal draws from N(mu, sigma²) restricted to [lower, ∞), for sigma > 0;
// it returns NaN for any other sigma or a NaN argument.
func TruncNormal(rng *rand.Rand, mu, sigma, lower float64) float64 {
	if !(sigma > 0) || math.IsInf(sigma, 1) {
		return math.NaN()
	}
	return mu + sigma*StdTruncNormal(rng, (lower-mu)/sigma)
}

// HalfGaussian draws h ≥ 0 with density proportional to exp(-γh²/2 + a·h):
// the normal N(a/γ, 1/γ) restricted to [0, ∞).
func HalfGaussian(rng *rand.Rand, gamma, a float64) float64 {
	sigma := 1 / math.Sqrt(gamma)
	return TruncNormal(rng, a/gamma, sigma, 0)
}
