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
//	checkpoints/abandoned-1/            checkpoints of a branch given up (see below)
//	.lock                               the lock of the run writing into the folder
//
// One run writes into a folder at a time: New and Resume take the
// folder's lock (package internal/runlock, an advisory lock the operating
// system drops when its process exits, however it exits) and a second run
// of a folder in use is refused with an error that wraps ErrBusy and names
// the process that holds it. Close releases the lock.
//
// A folder "holds a run" when it holds model.npz or a checkpoint; one left
// by a run that stopped before its first checkpoint is reused by the next.
// Overwriting removes only what a run writes. Temporary files a killed
// process left (.model.npz-*, checkpoints/.epoch_*.npz-*) are removed by
// the next run of the folder. A checkpoint that cannot be read is passed
// by and reported (Scan), not in the way of the whole ones.
//
// Resuming from a checkpoint earlier than the folder's latest begins a new
// branch of the run, as a version-control system's reset would: the later
// checkpoints, which the new branch will never reach, are moved (not
// deleted) into checkpoints/abandoned-N/, out of sight of Find, Best and
// Prune, so that the next resume continues the new branch and the best
// checkpoint is one of its own. Nothing is deleted: the branch given up
// stays on disk, as the commits a git reset leaves stay in its reflog.
//
// The data a run trains on is identified by a Source (its path, size and
// SHA-256), saved with every checkpoint; Resume refuses other data unless
// told the change is deliberate.
//
// Checkpoints are rbm.SaveCheckpoint files; their settings hold the
// caller's, the epochs and batches done, the time, and the monitors rows
// so far, so that resuming rewrites monitors.csv as it was.
package run
