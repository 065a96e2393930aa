package cli

// A run folder (package run) holds monitors.csv, model.npz and the
// checkpoints in checkpoints/; "rbm train" adds its pictures.

// runOutputs are the pictures "rbm train" writes into a run folder, removed
// with a run that --overwrite replaces.
var runOutputs = []string{"samples.png", "filters_at_epoch_*.png", "histograms_at_epoch_*.png"}
