package rbm

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/internal/kernel"

	"github.com/rbmgo/rbm/optim"
)

// goldenRun trains a model of the given kinds on fixed synthetic data and
// returns the SHA-256 of its parameters' bits, in Params order.
func goldenRun[T Float](t *testing.T, visKind, hidKind string, adam, persistent bool) string {
	t.Helper()
	const nv, nh, rows = 96, 40, 200
	rng := rand.New(rand.NewPCG(21, 4))
	x := make([]T, rows*nv)
	for i := range x {
		// Sparse binary rows, like digits: about a fifth of the units on.
		if rng.Float64() < 0.2 {
			x[i] = 1
		}
		if visKind == "gaussian" {
			x[i] = T(2*float64(x[i]) - 0.4 + 0.1*rng.NormFloat64())
		}
	}
	vis, err := NewLayer[T](visKind, "v", nv)
	if err != nil {
		t.Fatal(err)
	}
	hid, err := NewLayer[T](hidKind, "h", nh)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(vis, hid, rng)
	if err != nil {
		t.Fatal(err)
	}
	if visKind != "binary" || hidKind != "binary" {
		if err := m.InitNormal(0.01, rng); err != nil {
			t.Fatal(err)
		}
	}
	groups := optim.Groups(0.05, 0.1)
	var opt optim.Optimizer[T]
	if adam {
		groups = optim.Groups(0.001, 0.1)
		opt, err = optim.NewAdam[T](optim.AdamConfig{Groups: groups})
	} else {
		opt, err = optim.NewSGD[T](optim.SGDConfig{Groups: groups, Momentum: 0.5})
	}
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, opt, TrainConfig{K: 3, Persistent: persistent, BatchSize: 20, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	tr.Transforms = []GradientTransform[T]{WeightDecay[T]{Decay: 1e-4, Groups: []string{"weights"}}}
	if _, err := tr.Evaluate(x); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := tr.Epoch(x, nil); err != nil {
			t.Fatal(err)
		}
	}
	h := sha256.New()
	var buf [8]byte
	for _, p := range m.Params() {
		for _, v := range data[T](p) {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(float64(v)))
			h.Write(buf[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// TestGoldenModels holds training to the exact models it gave when these
// hashes were recorded: a change of code that is meant to leave behaviour
// alone (a refactoring, a faster kernel) must leave every bit of them alone.
// A deliberate change of behaviour records new hashes, and says why.
func TestGoldenModels(t *testing.T) {
	for _, tc := range []struct {
		name               string
		vis, hid           string
		float64, adam, pcd bool
		want, wantOpenBLAS string
	}{
		{"binary PCD sgd float32", "binary", "binary", false, false, true, "17c50a288901c803", "95d5f4a141c544b9"},
		{"binary PCD sgd float64", "binary", "binary", true, false, true, "017be8bf556eaa35", "017be8bf556eaa35"},
		{"binary CD adam float32", "binary", "binary", false, true, false, "4a5166d07bf18dcf", "0ece07234667b47e"},
		{"binary CD adam float64", "binary", "binary", true, true, false, "c854f82e99ecb717", "c854f82e99ecb717"},
		{"drelu hidden float32", "binary", "drelu", false, false, true, "aaa3d2f6855327f2", "b261ad512d3f9663"},
		{"gaussian visible float64", "gaussian", "binary", true, true, false, "3dbaa01f35e3aedd", "3dbaa01f35e3aedd"},
		{"spin visible float32", "spin", "binary", false, false, true, "0329890548f7dd5c", "e1cace8bb88c4dea"},
		{"xrelu hidden float64", "binary", "xrelu", true, true, true, "5937fad59e1e4cb4", "5937fad59e1e4cb4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if tc.float64 {
				got = goldenRun[float64](t, tc.vis, tc.hid, tc.adam, tc.pcd)
			} else {
				got = goldenRun[float32](t, tc.vis, tc.hid, tc.adam, tc.pcd)
			}
			t.Logf("%s %s", tc.name, got)
			want := tc.want
			if openBLASBuild {
				// OpenBLAS sums its products in another order, which
				// depends on the kernels it picks for the processor.
				if kernel.SumRowsLanes() != 16 {
					t.Skip("the OpenBLAS build's hashes are those of processors with AVX-512")
				}
				want = tc.wantOpenBLAS
			}
			if got != want {
				t.Errorf("model hash %s, recorded %s", got, want)
			}
		})
	}
}
