package cli

// Saved models: what a derived model keeps of their settings, and loading
// parameters into a new model.

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rbmgo/rbm/rbm"
)

// modelSettings returns the settings saved with a model, less those that
// describe its training run's state (monitors, epochs done, time), which a
// model derived from it does not share.
func modelSettings(extra map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range extra {
		switch k {
		case "monitors", "epochs_completed", "batches_done", "time", "averaged_updates":
		default:
			out[k] = v
		}
	}
	return out
}

// samePath reports whether a and b name the same file, or the same path
// where neither exists yet.
func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

// initFrom copies the parameters of the model file path into m, whose
// layers must be of the same kinds and shapes.
func initFrom[T rbm.Float](path string, m *rbm.RBM[T]) error {
	from, _, err := rbm.Load[float64](path)
	if err != nil {
		return fmt.Errorf("--init-model: %w", err)
	}
	if from.Visible.Kind() != m.Visible.Kind() || from.Hidden.Kind() != m.Hidden.Kind() {
		return fmt.Errorf("--init-model %s: %s/%s units, the model being trained has %s/%s (give the same --visible and --hidden)",
			path, from.Visible.Kind(), from.Hidden.Kind(), m.Visible.Kind(), m.Hidden.Kind())
	}
	src, dst := from.Params(), m.Params()
	if len(src) != len(dst) {
		return fmt.Errorf("--init-model %s: %d parameters, the model being trained has %d", path, len(src), len(dst))
	}
	for i, p := range dst {
		q := src[i]
		if p.Name != q.Name || p.Value.Shape().TotalSize() != q.Value.Shape().TotalSize() {
			return fmt.Errorf("--init-model %s: parameter %s of %v values, the model being trained has %s of %v (give the same --visible and --hidden)",
				path, q.Name, q.Value.Shape().TotalSize(), p.Name, p.Value.Shape().TotalSize())
		}
		qv := q.Value.Data().([]float64)
		d := p.Value.Data().([]T)
		for j, x := range qv {
			d[j] = T(x)
		}
	}
	return nil
}
