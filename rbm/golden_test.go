package rbm

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmgo/rbm/internal/golden"

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
	m := kindModel[T](t, visKind, []int{nv}, hidKind, []int{nh}, rng)
	if visKind != "binary" || hidKind != "binary" {
		if err := m.InitNormal(0.01, rng); err != nil {
			t.Fatal(err)
		}
	}
	groups := optim.Groups(0.05, 0.1)
	var opt optim.Optimizer[T]
	var err error
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

// The platforms whose bits the golden tests hold (see golden.Platform).
const (
	pureGo = "go"
	// An Intel Xeon (family 6, model 207) with AVX-512, recorded before
	// the OpenBLAS core type was part of the key.
	openBLASIntel = "openblas GenuineIntel * 16"
	// An AMD EPYC (Zen 5, family 26 model 2) with AVX-512, for which
	// OpenBLAS 0.3.21 picks its Haswell kernels.
	openBLASAMD = "openblas AuthenticAMD Haswell 16"
)

// TestGoldenModels holds training to the exact models it gave when these
// hashes were recorded: a change of code that is meant to leave behaviour
// alone (a refactoring, a faster kernel) must leave every bit of them alone.
// A deliberate change of behaviour records new hashes, and says why.
func TestGoldenModels(t *testing.T) {
	for _, tc := range []struct {
		name               string
		vis, hid           string
		float64, adam, pcd bool
		hashes             map[string]string // by golden.Platform
	}{
		{"binary PCD sgd float32", "binary", "binary", false, false, true, map[string]string{
			pureGo: "17c50a288901c803", openBLASIntel: "95d5f4a141c544b9", openBLASAMD: "d71e0a656d8f9e73"}},
		{"binary PCD sgd float64", "binary", "binary", true, false, true, map[string]string{
			pureGo: "017be8bf556eaa35", openBLASIntel: "017be8bf556eaa35", openBLASAMD: "3c89e1a87304471a"}},
		{"binary CD adam float32", "binary", "binary", false, true, false, map[string]string{
			pureGo: "4a5166d07bf18dcf", openBLASIntel: "0ece07234667b47e", openBLASAMD: "fdf50268404ae0a4"}},
		{"binary CD adam float64", "binary", "binary", true, true, false, map[string]string{
			pureGo: "c854f82e99ecb717", openBLASIntel: "c854f82e99ecb717", openBLASAMD: "e22799cb2b00f331"}},
		{"drelu hidden float32", "binary", "drelu", false, false, true, map[string]string{
			pureGo: "c9baede8962668b6", openBLASAMD: "b21c414f5dc601ac"}},
		{"gaussian visible float64", "gaussian", "binary", true, true, false, map[string]string{
			pureGo: "3dbaa01f35e3aedd", openBLASIntel: "3dbaa01f35e3aedd", openBLASAMD: "f334ae029e466582"}},
		{"spin visible float32", "spin", "binary", false, false, true, map[string]string{
			pureGo: "0329890548f7dd5c", openBLASIntel: "e1cace8bb88c4dea", openBLASAMD: "3016af40ae345966"}},
		{"xrelu hidden float64", "binary", "xrelu", true, true, true, map[string]string{
			pureGo: "51af68897138a906", openBLASIntel: "51af68897138a906", openBLASAMD: "0cb8fab2ba9bbdd7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if tc.float64 {
				got = goldenRun[float64](t, tc.vis, tc.hid, tc.adam, tc.pcd)
			} else {
				got = goldenRun[float32](t, tc.vis, tc.hid, tc.adam, tc.pcd)
			}
			t.Logf("%s %s", tc.name, got)
			want, ok := golden.Want(tc.hashes)
			if !ok {
				t.Skipf("no hash recorded for %q; record %s if this platform's bits are right", golden.Platform(), got)
			}
			if got != want {
				t.Errorf("model hash %s, recorded %s", got, want)
			}
		})
	}
}
