// Package data is the one pipeline from files to the rows a model trains on:
// it reads NumPy arrays (.npy, or .npz archives), CSV files and idx image
// files (ReadFile), and MNIST from the Go module cache or a folder (MNIST),
// each as a Set of rows of float values with, for pictures, the height and
// width of an image; and it applies the typed transforms (Transform:
// binarise with a threshold or stochastically from a seed, or standardise;
// Redraw draws a stochastic binarisation anew for each epoch of a run).
// A Spec names the data and its transform; Load reads and transforms it,
// Spec.Settings is what a model file saves and SavedSpec reads it back.
//
// Conventions: rows are row-major []T (float32 or float64), one row a
// sample of Dim values; sizes read from a file are checked against MaxValues
// before anything is allocated for them; a value that is not a finite number
// is refused with its row and column (counted from 1, as a spreadsheet
// shows them). The transforms work in place.
package data
