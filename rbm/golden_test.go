package rbm

import (
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
	opt := sgdOrAdam[T](t, adam, optim.Groups(0.001, 0.1), optim.Groups(0.05, 0.1))
	tr := mustTrainer(t, m, opt, TrainConfig{K: 3, Persistent: persistent, BatchSize: 20, Seed: 8})
	tr.Transforms = []GradientTransform[T]{weightDecay[T]()}
	if _, err := tr.Evaluate(x); err != nil {
		t.Fatal(err)
	}
	return golden.Hash(trainEpochs(t, tr, m, x, 2))
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
		hashes             map[string]string // by golden.Platform
	}{
		{"binary PCD sgd float32", "binary", "binary", false, false, true, map[string]string{
			golden.PureGo: "17c50a288901c803", golden.OpenBLASIntel: "95d5f4a141c544b9", golden.OpenBLASAMD: "d71e0a656d8f9e73"}},
		{"binary PCD sgd float64", "binary", "binary", true, false, true, map[string]string{
			golden.PureGo: "017be8bf556eaa35", golden.OpenBLASIntel: "017be8bf556eaa35", golden.OpenBLASAMD: "3c89e1a87304471a"}},
		{"binary CD adam float32", "binary", "binary", false, true, false, map[string]string{
			golden.PureGo: "4a5166d07bf18dcf", golden.OpenBLASIntel: "0ece07234667b47e", golden.OpenBLASAMD: "fdf50268404ae0a4"}},
		{"binary CD adam float64", "binary", "binary", true, true, false, map[string]string{
			golden.PureGo: "c854f82e99ecb717", golden.OpenBLASIntel: "c854f82e99ecb717", golden.OpenBLASAMD: "e22799cb2b00f331"}},
		{"drelu hidden float32", "binary", "drelu", false, false, true, map[string]string{
			golden.PureGo: "c9baede8962668b6", golden.OpenBLASAMD: "b21c414f5dc601ac"}},
		{"gaussian visible float64", "gaussian", "binary", true, true, false, map[string]string{
			golden.PureGo: "3dbaa01f35e3aedd", golden.OpenBLASIntel: "3dbaa01f35e3aedd", golden.OpenBLASAMD: "f334ae029e466582"}},
		{"spin visible float32", "spin", "binary", false, false, true, map[string]string{
			golden.PureGo: "0329890548f7dd5c", golden.OpenBLASIntel: "e1cace8bb88c4dea", golden.OpenBLASAMD: "3016af40ae345966"}},
		{"xrelu hidden float64", "binary", "xrelu", true, true, true, map[string]string{
			golden.PureGo: "51af68897138a906", golden.OpenBLASIntel: "51af68897138a906", golden.OpenBLASAMD: "0cb8fab2ba9bbdd7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if tc.float64 {
				got = goldenRun[float64](t, tc.vis, tc.hid, tc.adam, tc.pcd)
			} else {
				got = goldenRun[float32](t, tc.vis, tc.hid, tc.adam, tc.pcd)
			}
			if !golden.Check(t, tc.name, got, tc.hashes) {
				t.SkipNow()
			}
		})
	}
}
