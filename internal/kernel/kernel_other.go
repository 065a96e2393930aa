//go:build !amd64 || noasm

package kernel

// Saxpy adds a·x to y, which must be at least as long as x.
func Saxpy(a float32, x, y []float32) { saxpyGo(a, x, y) }

// Bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o); th,
// x and u must be at least as long as o.
func Bernoullis32(th, x, u, o []float32) { bernoullis32Go(th, x, u, o) }

// RatioLanes multiplies, for i < len(e) rounded down to a multiple of 4,
// the ORBM's exact correction's numerators into acc[i%4] and denominators
// into acc[4+i%4]; see ratioLanesGo.
func RatioLanes(e, ew, sc, eo []float64, acc *[8]float64) { ratioLanesGo(e, ew, sc, eo, acc) }
