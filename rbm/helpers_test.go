package rbm

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	_ "go4.org/unsafe/assume-no-moving-gc"
)

// tinyBinary returns a binary-binary model with random weights and biases.
func tinyBinary[T Float](t testing.TB, nv, nh int, seed uint64) *RBM[T] {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	vis, err := NewBinary[T]("v", nv)
	if err != nil {
		t.Fatal(err)
	}
	hid, err := NewBinary[T]("h", nh)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New[T](vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Params() {
		d := data[T](p)
		for i := range d {
			d[i] = T(rng.NormFloat64())
		}
	}
	return m
}

// randomBinary returns rows×n random {0,1} values.
func randomBinary[T Float](rng *rand.Rand, rows, n int) []T {
	x := make([]T, rows*n)
	for i := range x {
		if rng.Float64() < 0.5 {
			x[i] = 1
		}
	}
	return x
}

// allStates enumerates every binary vector of length n, one per row.
func allStates[T Float](n int) []T {
	x := make([]T, (1<<n)*n)
	for s := 0; s < 1<<n; s++ {
		for i := 0; i < n; i++ {
			if s>>i&1 == 1 {
				x[s*n+i] = 1
			}
		}
	}
	return x
}

// logSumExp is a test helper over float64s.
func logSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// exactLogLikelihood returns the mean log-probability of the rows of v under a
// binary-visible model, with the partition function by enumeration.
func exactLogLikelihood[T Float](m *RBM[T], v []T) float64 {
	all := allStates[T](m.Visible.Len())
	f := m.FreeEnergy(all)
	neg := make([]float64, len(f))
	for i := range f {
		neg[i] = -f[i]
	}
	logZ := logSumExp(neg)
	var ll float64
	fd := m.FreeEnergy(v)
	for _, x := range fd {
		ll += -x - logZ
	}
	return ll / float64(len(fd))
}

func closeTo(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func sortFloat64s(x []float64) { sort.Float64s(x) }
