package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/rbmgo/rbm/internal/shellquote"
	"github.com/rbmgo/rbm/rbm/mnist"
	rbmrun "github.com/rbmgo/rbm/rbm/run"
)

// A run folder (package run) holds monitors.csv, model.npz and the
// checkpoints in checkpoints/; "rbm train" adds its pictures.

// runOutputs are the pictures "rbm train" writes into a run folder, removed
// with a run that --overwrite replaces.
var runOutputs = append([]string{"samples.png", "filters_at_epoch_*.png", "histograms_at_epoch_*.png"}, pageOutputs...)

// dataSource fingerprints the data --data names (package run's Source): a
// data file, or the files of an MNIST folder; nil for the MNIST copy in the
// module cache, whose bytes the module's checksum pins.
func dataSource(dataDir string) (*rbmrun.Source, error) {
	if dataDir == "" {
		return nil, nil
	}
	st, err := os.Stat(dataDir)
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	if !st.IsDir() {
		return rbmrun.Fingerprint(dataDir)
	}
	files, err := mnist.Files(dataDir)
	if err != nil {
		return nil, err
	}
	return rbmrun.Fingerprint(dataDir, files...)
}

// existsHint adds to the error of a folder that already holds a run what
// to do about it.
func existsHint(err error, dir string) error {
	if errors.Is(err, rbmrun.ErrExists) {
		return fmt.Errorf("%w: continue it with --resume %s, or replace it with --overwrite", err, shellquote.Quote(dir))
	}
	return err
}
