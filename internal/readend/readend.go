// Package readend checks that a reader has nothing left: reading a
// compressed member or stream to its end is what makes the decompressor
// verify its checksum, and data past the end is a damaged file.
package readend

import "io"

// Check reads one byte past the data: it returns nil at io.EOF (the stream's
// checksum, if any, has then been verified), trailing if there is more data,
// and the reader's own error otherwise.
func Check(r io.Reader, trailing error) error {
	var b [1]byte
	n, err := io.ReadFull(r, b[:])
	switch {
	case n > 0:
		return trailing
	case err == io.EOF:
		return nil
	default:
		return err
	}
}
