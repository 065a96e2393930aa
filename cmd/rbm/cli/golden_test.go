package cli

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/internal/golden"

	"github.com/rbmgo/rbm/rbm"
)

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

// TestGoldenTrainCommand holds "rbm train" on MNIST digits to the model it
// gave when the hash was recorded: reading and binarising the data, building
// the model and the optimizer, and training must not change a bit unless a
// change of behaviour is meant (and then the hash is recorded anew).
func TestGoldenTrainCommand(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		hashes map[string]string // by golden.Platform
	}{
		{[]string{"--hidden", "30", "-k", "2", "--train-size", "400", "--binarize", "stochastic"}, map[string]string{
			pureGo: "bbedc25d747f1a49", openBLASIntel: "a26033f80a2f587a", openBLASAMD: "5754f0b07a575dd8"}},
		{[]string{"--hidden", "relu:20", "--cd", "-k", "1", "--train-size", "300", "--optimizer", "adam", "--lr", "0.001",
			"--bias-lr-factor", "0.1", "--init-std", "0.01", "--dtype", "float64"}, map[string]string{
			pureGo: "71a50f8cd4a55508", openBLASIntel: "71a50f8cd4a55508", openBLASAMD: "4e2ac412421a4c11"}},
		// Weight decay (a gradient transform) with momentum, checkpoints
		// inside epochs (a callback): recorded when the optimizers applied
		// the decay themselves.
		{[]string{"--hidden", "25", "-k", "1", "--train-size", "300", "--weight-decay", "0.001", "--momentum", "0.5", "--checkpoint-every", "7"}, map[string]string{
			pureGo: "2bcce75e39dd81ef", openBLASAMD: "9ed6c967b66e48b3"}},
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
		t.Logf("%v: %s", tc.args, got)
		want, ok := golden.Want(tc.hashes)
		if !ok {
			t.Logf("no hash recorded for %q; record %s if this platform's bits are right", golden.Platform(), got)
			continue
		}
		if got != want {
			t.Errorf("%v: model hash %s, recorded %s", tc.args, got, want)
		}
	}
}
