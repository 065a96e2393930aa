package cli_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/cmd/rbm/cli"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// A user's program registers its own unit type before it calls cli.Run;
// rbmtest.Ternary is one that says only what rbm.UnitType asks, as a type
// written outside the library does (rbm's Example_newLayerType shows how to
// write one).
func init() {
	if err := rbm.Register("ternary", rbmtest.NewTernary[float32], rbmtest.NewTernary[float64]); err != nil {
		panic(err)
	}
}

// stdout runs f with standard output captured.
func stdout(t *testing.T, f func() error) string {
	t.Helper()
	out, err := cli.StdoutOf(f)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return out
}

// A unit type defined outside the library, registered by the program, is
// trained by "rbm train", saved and loaded, passes the conformance check, and
// "rbm eval" gives its model an exact log Z and an AIS estimate that agree:
// the whole command run from the program's own main (cli.Run).
func TestUserUnitTypeThroughTheCommand(t *testing.T) {
	rbmtest.CheckLayer(t, must(rbm.NewLayer[float64]("ternary", "v", 5)))
	rbmtest.CheckLayer(t, must(rbm.NewLayer[float32]("ternary", "h", 3)))

	dir := t.TempDir()
	csv := filepath.Join(dir, "rows.csv")
	var b strings.Builder
	rng := rand.New(rand.NewPCG(3, 5))
	for range 400 {
		for i := range 8 { // the first half mostly +1, the second mostly -1
			v := 1 - 2*(i/4)
			if rng.Float64() < 0.3 {
				v = rng.IntN(3) - 1
			}
			fmt.Fprintf(&b, "%d%s", v, map[bool]string{true: "\n", false: ","}[i == 7])
		}
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "run")
	stdout(t, func() error {
		return cli.Run([]string{"train", "--visible", "ternary", "--hidden", "ternary:4", "--data", csv, "--epochs", "5",
			"--cd", "-k", "1", "--lr", "0.05", "--init-std", "0.01", "--sample-rows", "0", "--filters-every", "0", "--quiet", "--out", out})
	})
	model := filepath.Join(out, "model.npz")
	m, _, err := rbm.Load[float64](model)
	if err != nil {
		t.Fatal(err)
	}
	if m.Visible.Kind() != "ternary" || m.Hidden.Kind() != "ternary" || m.Visible.Len() != 8 {
		t.Fatalf("loaded %s/%s of %d visible units", m.Visible.Kind(), m.Hidden.Kind(), m.Visible.Len())
	}
	eval := func(method string, extra ...string) map[string]any {
		args := append([]string{"eval", "--model", model, "--data", csv, "--method", method, "--json", "--quiet",
			"--raise", "0", "--pl-rows", "0", "--dtype", "float64"}, extra...)
		var r map[string]any
		if err := json.Unmarshal([]byte(stdout(t, func() error { return cli.Run(args) })), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	exact := eval("exact")
	logZ := exact["log_z"].(float64)
	for _, ais := range []map[string]any{
		eval("ais", "--betas", "2000", "--runs", "100", "--base-data", csv), // a base-rate model of the rows
		eval("ais", "--betas", "2000", "--runs", "100"),                     // the model's own visible fields
	} {
		low, high := ais["log_z_low"].(float64), ais["log_z_high"].(float64)
		t.Logf("exact log Z %.4f; AIS (%s) %.4f in [%.4f, %.4f]", logZ, ais["base_rate"], ais["log_z"], low, high)
		if math.IsNaN(logZ) || math.IsInf(logZ, 0) || !(low <= logZ && logZ <= high) || !(high-low < 1) {
			t.Errorf("exact log Z %v outside AIS's band [%v, %v]", logZ, low, high)
		}
	}
	if ll := exact["test_log_likelihood"].(float64); !(ll < 0) || ll < -8*math.Log(3) {
		t.Errorf("test log-likelihood %v: a trained model should beat the uniform %v", ll, -8*math.Log(3))
	}
}

func must[L any](l L, err error) L {
	if err != nil {
		panic(err)
	}
	return l
}

// The command asks the library what a registered type can do, as it asks of
// the built-in ones: ternary units are Finite but not Linear, so their fields
// cannot start from the data's means, and the refusal says what they lack.
func TestUserUnitTypeAskedForCapabilities(t *testing.T) {
	err := cli.Run([]string{"train", "--visible", "ternary", "--init-visible-fields", "data", "--quiet", "--out", t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "ternary units are not Linear") {
		t.Errorf("got %v, want a refusal naming the missing capability", err)
	}
}
