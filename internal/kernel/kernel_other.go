//go:build !amd64 || noasm

package kernel

// Saxpy adds a·x to y, which must be at least as long as x.
func Saxpy(a float32, x, y []float32) { saxpyGo(a, x, y) }

// Bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o); th,
// x and u must be at least as long as o.
func Bernoullis32(th, x, u, o []float32) { bernoullis32Go(th, x, u, o) }
