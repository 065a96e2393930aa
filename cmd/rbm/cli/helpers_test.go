package cli

// Models and files the command's tests write into their folders.

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// binaryModel returns a model of nv binary visible and nh binary hidden
// units, its weights drawn by rbm.New from rng and then, when std > 0,
// redrawn from N(0, std²) by InitNormal.
func binaryModel[T rbm.Float](t *testing.T, nv, nh int, std float64, rng *rand.Rand) *rbm.RBM[T] {
	t.Helper()
	m := rbmtest.BinaryModel[T](t, nv, nh, rng)
	if std > 0 {
		if err := m.InitNormal(std, rng); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// saveModel writes m with the training settings extra to dir/name and
// returns the path.
func saveModel[T rbm.Float](t *testing.T, dir, name string, m *rbm.RBM[T], extra map[string]any) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := rbm.Save(path, m, extra); err != nil {
		t.Fatal(err)
	}
	return path
}

// seededModel writes a float32 binary model of nv×nh units, its weights
// drawn from seed, to dir/name and returns the path.
func seededModel(t *testing.T, dir, name string, nv, nh int, seed uint64, extra map[string]any) string {
	t.Helper()
	return saveModel(t, dir, name, rbmtest.BinaryModel[float32](t, nv, nh, rand.New(rand.NewPCG(seed, 0))), extra)
}

// writeFile writes text to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
