package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

// bits is a unit type defined outside the library, as a program of its own
// would: binary units under another name.
type bits[T rbm.Float] struct{ *rbm.Binary[T] }

func (bits[T]) Kind() string { return "bits" }

func newBits[T rbm.Float](prefix string, shape ...int) (bits[T], error) {
	b, err := rbm.NewBinary[T](prefix, shape...)
	return bits[T]{b}, err
}

var registerBits = sync.OnceValue(func() error { return rbm.Register("bits", newBits[float32], newBits[float64]) })

// A unit type that the program registers is taken by --visible and --hidden
// of "rbm train", run through Run as a program's own main would, and read
// back from the model file.
func TestRunTrainsRegisteredKind(t *testing.T) {
	if err := registerBits(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name             string
		visible, hidden  string
		wantVis, wantHid string
	}{
		{"hidden", "binary", "bits:7", "binary", "bits"},
		{"visible and hidden", "bits", "bits:5", "bits", "bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"train", "--visible", tc.visible, "--hidden", tc.hidden, "--epochs", "1", "-k", "1", "--train-size", "60", "--quiet",
				"--out", out, "--sample-rows", "0", "--filters-every", "0"}
			if _, err := stdoutOf(func() error { return Run(args) }); err != nil {
				t.Fatal(err)
			}
			m, _, err := rbm.Load[float32](filepath.Join(out, "model.npz"))
			if err != nil {
				t.Fatal(err)
			}
			if m.Visible.Kind() != tc.wantVis || m.Hidden.Kind() != tc.wantHid || m.Visible.Len() != mnistPixels {
				t.Errorf("loaded %s/%s layers of %d/%d units, want %s/%s", m.Visible.Kind(), m.Hidden.Kind(), m.Visible.Len(), m.Hidden.Len(), tc.wantVis, tc.wantHid)
			}
		})
	}
}

// An unregistered type is refused, naming the known ones.
func TestRunRefusesUnknownKind(t *testing.T) {
	err := Run([]string{"train", "--visible", "qubits", "--data", "/nonexistent"})
	if err == nil || !strings.Contains(err.Error(), `--visible: unknown layer kind "qubits"`) {
		t.Errorf("error %v, want one naming the unknown kind", err)
	}
}

// A program of its own registers its unit types and then runs the whole
// command with them: "myrbm train --visible bits --hidden bits:500" trains
// a model of the new type, and every other command reads it. (Main is Run on
// os.Args with the exit statuses of the rbm command.)
func ExampleRun() {
	if err := rbm.Register("bits", newBits[float32], newBits[float64]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := Run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
