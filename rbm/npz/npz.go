package npz

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rbmgo/rbm/internal/atomicfile"
)

// Array is one named array of an archive. Data is []float32, []float64,
// []int64, or a string for a 0-d unicode array (Shape empty).
type Array struct {
	Name  string
	Shape []int
	Data  any
}

// MaxElements bounds the total number of values (elements, and characters of
// strings) that Read, ReadFile and ReadNpy accept from one archive or array.
// A Reader reads with the bound its caller gives for each array instead.
const MaxElements = 1 << 28

// Write writes the arrays as an .npz archive to w.
func Write(w io.Writer, arrays []Array) error {
	zw := zip.NewWriter(w)
	seen := map[string]bool{}
	for _, a := range arrays {
		if a.Name == "" || seen[a.Name] {
			return fmt.Errorf("npz: array name %q is empty or repeated", a.Name)
		}
		seen[a.Name] = true
		f, err := zw.CreateHeader(&zip.FileHeader{Name: a.Name + ".npy", Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("npz: %s: %w", a.Name, err)
		}
		if err := writeNpy(f, a); err != nil {
			return fmt.Errorf("npz: %s: %w", a.Name, err)
		}
	}
	return zw.Close()
}

// WriteFile writes the archive to path through a temporary file in the same
// directory, synced and renamed, so that a failure never leaves a partial
// file at path.
func WriteFile(path string, arrays []Array) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { return Write(w, arrays) }); err != nil {
		return fmt.Errorf("npz: %w", err)
	}
	return nil
}

// WriteNpyFile writes one array as an .npy file to path, as WriteFile
// writes an archive: whole or not at all. The array's name is not written.
func WriteNpyFile(path string, a Array) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { return writeNpy(w, a) }); err != nil {
		return fmt.Errorf("npz: %w", err)
	}
	return nil
}

func writeNpy(w io.Writer, a Array) error {
	var descr string
	var n int
	switch d := a.Data.(type) {
	case []float32:
		descr, n = "<f4", len(d)
	case []float64:
		descr, n = "<f8", len(d)
	case []int64:
		descr, n = "<i8", len(d)
	case string:
		if len(a.Shape) != 0 {
			return errors.New("a string must be a 0-d array")
		}
		descr, n = fmt.Sprintf("<U%d", max(1, utf8.RuneCountInString(d))), 1
	default:
		return fmt.Errorf("unsupported data type %T", a.Data)
	}
	for _, s := range a.Shape {
		if s < 0 {
			return fmt.Errorf("negative dimension in shape %v", a.Shape)
		}
	}
	total, err := elements(a.Shape) // overflow-safe: a wrapped product could match len(data)
	if err != nil {
		return err
	}
	if total != n {
		return fmt.Errorf("shape %v holds %d elements, data has %d", a.Shape, total, n)
	}
	if err := WriteHeader(w, descr, a.Shape); err != nil {
		return err
	}
	if s, ok := a.Data.(string); ok {
		runes := []rune(s)
		if len(runes) == 0 {
			runes = []rune{0}
		}
		return binary.Write(w, binary.LittleEndian, runesToUint32(runes))
	}
	return binary.Write(w, binary.LittleEndian, a.Data)
}

func runesToUint32(r []rune) []uint32 {
	out := make([]uint32, len(r))
	for i, c := range r {
		out[i] = uint32(c)
	}
	return out
}

// WriteHeader writes the header of an .npy array of type descr ("<f4",
// "<f8", "<i8") and shape, padded as numpy pads it; the values, little
// endian and in C order, follow it. A writer that streams an array's rows
// writes this first.
func WriteHeader(w io.Writer, descr string, shape []int) error {
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shapeString(shape))
	// Pad so that magic (6) + version (2) + length (2) + header is a multiple of 64.
	pad := 64 - (10+len(header)+1)%64
	header += strings.Repeat(" ", pad%64) + "\n"
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(len(header)))
	buf.WriteString(header)
	_, err := w.Write(buf.Bytes())
	return err
}
