// Package data reads the rows a model trains on from files a user brings:
// NumPy arrays (.npy, or .npz archives) and CSV files, each as a Set of rows
// of float values with, for pictures, the height and width of an image.
// MNIST, the default data, comes from package mnist.
//
// Conventions: rows are row-major []T (float32 or float64), one row a
// sample of Dim values; sizes read from a file are checked against MaxValues
// before anything is allocated for them; a value that is not a finite number
// is refused with its row and column (counted from 1, as a spreadsheet
// shows them).
package data
