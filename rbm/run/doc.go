// Package run gives training durable runs: a run folder that holds the
// monitors of every epoch (monitors.csv), the model after the last one
// (model.npz) and checkpoints of the model with its trainer's whole state
// (checkpoints/), from which an interrupted run continues bit for bit.
//
// A run is begun in a folder with New, which refuses a folder that already
// holds a run unless told to overwrite it, or continued from a checkpoint
// with Resume; Train then trains epoch after epoch until the run has its
// epochs or its context is done. The run hangs its work on the trainer's
// callbacks: a row of monitors.csv, model.npz and a checkpoint after every
// epoch, and a checkpoint every so many batches when asked.
//
// A run folder holds:
//
//	monitors.csv                        a header, then a row an epoch (0: before training)
//	model.npz                           the model after the last epoch completed
//	checkpoints/epoch_0003.npz          after 3 epochs
//	checkpoints/epoch_0003_batch_000200.npz   200 batches into epoch 4
//
// Checkpoints are rbm.SaveCheckpoint files; their settings hold the
// caller's, the epochs and batches done, the time, and the monitors rows
// so far, so that resuming rewrites monitors.csv as it was.
package run
