//go:build !amd64

package rbm

// bernoullis32 sets o[i] = bernoulli32(u[i], th[i]+x[i]) for i < len(o).
func bernoullis32(th, x, u, o []float32) { bernoullis32Go(th, x, u, o) }
