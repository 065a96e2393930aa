package cli

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/internal/golden"

	"github.com/rbmgo/rbm/rbm"
)

// TestGoldenTrainCommand holds "rbm train" on MNIST digits to the model it
// gave when the hash was recorded: reading and binarising the data, building
// the model and the optimizer, and training must not change a bit unless a
// change of behaviour is meant (and then the hash is recorded anew).
func TestGoldenTrainCommand(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		hashes map[string]string // by golden.Platform
	}{
		{[]string{"--hidden", "30", "-k", "2", "--train-size", "400", "--binarize", "stochastic", "--init-visible-fields", "zero"}, map[string]string{
			golden.PureGo: "bbedc25d747f1a49", golden.OpenBLASIntel: "a26033f80a2f587a", golden.OpenBLASAMD: "5754f0b07a575dd8"}},
		{[]string{"--hidden", "relu:20", "--cd", "-k", "1", "--train-size", "300", "--optimizer", "adam", "--lr", "0.001",
			"--bias-lr-factor", "0.1", "--init-std", "0.01", "--dtype", "float64"}, map[string]string{
			golden.PureGo: "71a50f8cd4a55508", golden.OpenBLASIntel: "71a50f8cd4a55508", golden.OpenBLASAMD: "4e2ac412421a4c11"}},
		// Weight decay (a gradient transform) with momentum, checkpoints
		// inside epochs (a callback): recorded when the optimizers applied
		// the decay themselves.
		{[]string{"--hidden", "25", "-k", "1", "--train-size", "300", "--weight-decay", "0.001", "--momentum", "0.5", "--checkpoint-every", "7"}, map[string]string{
			golden.PureGo: "2bcce75e39dd81ef", golden.OpenBLASAMD: "9ed6c967b66e48b3"}},
	} {
		out := t.TempDir()
		args := append([]string{"train", "--epochs", "2", "--quiet", "--out", out, "--sample-rows", "0", "--filters-every", "0"}, tc.args...)
		if _, err := stdoutOf(func() error { return run(args) }); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		m, _, err := rbm.Load[float64](filepath.Join(out, "model.npz"))
		if err != nil {
			t.Fatal(err)
		}
		var arrays [][]float64
		for _, p := range m.Params() {
			arrays = append(arrays, p.Value.Data().([]float64))
		}
		golden.Check(t, fmt.Sprint(tc.args), golden.Hash(arrays...), tc.hashes)
	}
}
