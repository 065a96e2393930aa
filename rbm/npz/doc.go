// Package npz reads and writes NumPy's .npz archives (a zip of .npy arrays),
// so that models saved by this project load with numpy.load and back.
//
// Conventions: supported element types are little-endian float32 ('<f4'),
// float64 ('<f8'), int64 ('<i8') and 0-d unicode strings ('<U…'), in C order;
// an Array's Data is a []float32, []float64, []int64 or string that the
// caller owns. Files are written to a temporary file and renamed into place,
// so a reader never sees half a file.
//
// Files are read as hostile: a Reader decompresses only the arrays asked for,
// and refuses an array whose header claims more values than its caller
// expects before it allocates anything for them. Arrays that are not read,
// whatever their element type, are never decompressed.
package npz
