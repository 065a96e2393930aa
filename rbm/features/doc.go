// Package features uses what a trained RBM learnt: the hidden units' means
// (or draws) given rows of data, as features for another model or program
// (Transform, written to .npy, .npz or .csv files by WriteTable), the rows a
// model's training run saw, transformed as that run transformed them
// (ModelData), and stacks of RBMs trained one on the features of the one
// below, a deep belief net, with their lineage checked by SHA-256 (Lineage,
// LoadStack) and samples drawn from the top down (SampleStack).
package features
