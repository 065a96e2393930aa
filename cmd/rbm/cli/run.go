package cli

import (
	"strings"

	rbmrun "github.com/rbmgo/rbm/rbm/run"
)

// A run folder (package run) holds monitors.csv, model.npz and the
// checkpoints in checkpoints/; "rbm train" adds its pictures.

// runOutputs are the pictures "rbm train" writes into a run folder, removed
// with a run that --overwrite replaces.
var runOutputs = []string{"samples.png", "filters_at_epoch_*.png", "histograms_at_epoch_*.png"}

// criterion returns the monitors column --best-by names and whether larger
// is better.
func criterion(bestBy string) rbmrun.Criterion {
	col := strings.ReplaceAll(bestBy, "-", "_")
	if strings.HasSuffix(col, "reconstruction") {
		return rbmrun.Criterion{Column: col + "_cross_entropy"}
	}
	return rbmrun.Criterion{Column: col, Larger: true}
}
