package cli

import (
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/rbm"
)

// bits is a unit type defined outside the library: binary units under
// another name.
type bits[T rbm.Float] struct{ *rbm.Binary[T] }

func (bits[T]) Kind() string { return "bits" }

func newBits[T rbm.Float](prefix string, shape ...int) (bits[T], error) {
	b, err := rbm.NewBinary[T](prefix, shape...)
	return bits[T]{b}, err
}

// A registered unit type is taken by --hidden and read back from the model
// file.
func TestTrainRegisteredKind(t *testing.T) {
	if err := rbm.Register("bits", newBits[float32], newBits[float64]); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	args := []string{"train", "--hidden", "bits:7", "--epochs", "1", "-k", "1", "--train-size", "60", "--quiet",
		"--out", out, "--sample-rows", "0", "--filters-every", "0"}
	if _, err := stdoutOf(func() error { return run(args) }); err != nil {
		t.Fatal(err)
	}
	m, _, err := rbm.Load[float32](filepath.Join(out, "model.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Hidden.Kind() != "bits" || m.Hidden.Len() != 7 {
		t.Errorf("loaded hidden layer %s of %d units, want bits of 7", m.Hidden.Kind(), m.Hidden.Len())
	}
}
