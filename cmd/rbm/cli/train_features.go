package cli

import (
	"fmt"
	"slices"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/features"
)

// featureData returns the training set of --on-features-of: the hidden
// means of the lower model's training rows, transformed as its run
// transformed them, then as this run's --binarize asks; and records the
// lower model's lineage for the settings.
func featureData[T rbm.Float](o *trainOptions) (*trainingSet[T], error) {
	switch {
	case o.dataGiven || o.digits != "" || o.validation > 0 || o.shape != "" || o.standardize:
		return nil, fmt.Errorf("--on-features-of trains on the lower model's training rows: --data, --digits, --validation, --shape and --standardize do not apply")
	}
	lower, extra, err := rbm.Load[T](o.onFeaturesOf)
	if err != nil {
		return nil, fmt.Errorf("--on-features-of: %w", err)
	}
	lin, err := features.NewLineage(o.onFeaturesOf)
	if err != nil {
		return nil, err
	}
	parts, err := features.ModelData(lower, extra, features.SavedSpec(extra).Path, features.Train)
	if err != nil {
		return nil, fmt.Errorf("--on-features-of %s: %w", o.onFeaturesOf, err)
	}
	x := parts[0].Rows
	if o.trainSize > 0 {
		if o.trainSize > parts[0].N {
			return nil, fmt.Errorf("--train-size %d exceeds the %d rows %s trained on", o.trainSize, parts[0].N, o.onFeaturesOf)
		}
		x = x[:o.trainSize*parts[0].Dim]
	}
	f, err := features.Of(lower, x, features.Options{})
	if err != nil {
		return nil, err
	}
	set := &trainingSet[T]{train: f, test: f, nv: lower.Hidden.Len()}
	if o.rebinarize {
		set.intensities = slices.Clone(f)
	}
	data.Apply(o.dataSpec().Transform, lower.Hidden.Len(), f)
	if n := len(f) / lower.Hidden.Len(); o.batch > n {
		return nil, fmt.Errorf("--batch %d exceeds the %d training rows", o.batch, n)
	}
	o.lineage = lin.Settings()
	return set, nil
}
