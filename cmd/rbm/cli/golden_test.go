package cli

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/internal/kernel"

	"github.com/rbmgo/rbm/rbm"
)

// TestGoldenTrainCommand holds "rbm train" on MNIST digits to the model it
// gave when the hash was recorded: reading and binarising the data, building
// the model and the optimizer, and training must not change a bit unless a
// change of behaviour is meant (and then the hash is recorded anew).
func TestGoldenTrainCommand(t *testing.T) {
	for _, tc := range []struct {
		args               []string
		want, wantOpenBLAS string
	}{
		{[]string{"--hidden", "30", "-k", "2", "--train-size", "400", "--binarize", "stochastic"}, "bbedc25d747f1a49", "a26033f80a2f587a"},
		{[]string{"--hidden", "relu:20", "--cd", "-k", "1", "--train-size", "300", "--optimizer", "adam", "--lr", "0.001",
			"--bias-lr-factor", "0.1", "--init-std", "0.01", "--dtype", "float64"}, "71a50f8cd4a55508", "71a50f8cd4a55508"},
		// Weight decay (a gradient transform) with momentum, checkpoints
		// inside epochs (a callback): recorded when the optimizers applied
		// the decay themselves, without OpenBLAS.
		{[]string{"--hidden", "25", "-k", "1", "--train-size", "300", "--weight-decay", "0.001", "--momentum", "0.5", "--checkpoint-every", "7"}, "2bcce75e39dd81ef", ""},
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
		h := sha256.New()
		var buf [8]byte
		for _, p := range m.Params() {
			for _, v := range p.Value.Data().([]float64) {
				binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
				h.Write(buf[:])
			}
		}
		got := hex.EncodeToString(h.Sum(nil))[:16]
		want := tc.want
		if openBLASBuild {
			// OpenBLAS's order of sums depends on the kernels it picks
			// for the processor.
			if kernel.SumRowsLanes() != 16 {
				t.Skip("the OpenBLAS build's hashes are those of processors with AVX-512")
			}
			want = tc.wantOpenBLAS
			if want == "" {
				continue // not recorded for OpenBLAS
			}
		}
		t.Logf("%v: %s", tc.args, got)
		if got != want {
			t.Errorf("%v: model hash %s, recorded %s", tc.args, got, want)
		}
	}
}
