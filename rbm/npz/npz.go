package npz

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Array is one named array of an archive. Data is []float32, []float64,
// []int64, or a string for a 0-d unicode array (Shape empty).
type Array struct {
	Name  string
	Shape []int
	Data  any
}

// maxElements bounds the size of an array read from a file.
const maxElements = 1 << 30

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
// directory, so that a failure never leaves a partial file at path.
func WriteFile(path string, arrays []Array) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".npz-*")
	if err != nil {
		return fmt.Errorf("npz: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = Write(tmp, arrays); err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("npz: %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("npz: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
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
	total := 1
	for _, s := range a.Shape {
		if s < 0 {
			return fmt.Errorf("negative dimension in shape %v", a.Shape)
		}
		total *= s
	}
	if total != n {
		return fmt.Errorf("shape %v holds %d elements, data has %d", a.Shape, total, n)
	}
	dims := make([]string, len(a.Shape))
	for i, s := range a.Shape {
		dims[i] = strconv.Itoa(s)
	}
	shape := "(" + strings.Join(dims, ", ")
	if len(dims) == 1 {
		shape += ","
	}
	shape += ")"
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape)
	// Pad so that magic (6) + version (2) + length (2) + header is a multiple of 64.
	pad := 64 - (10+len(header)+1)%64
	header += strings.Repeat(" ", pad%64) + "\n"
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(len(header)))
	buf.WriteString(header)
	if _, err := w.Write(buf.Bytes()); err != nil {
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

// ReadFile reads every array of the .npz archive at path; errors name the path.
func ReadFile(path string) ([]Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	arrays, err := Read(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return arrays, nil
}

// Read reads every array of an .npz archive of the given size.
func Read(r io.ReaderAt, size int64) ([]Array, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("npz: not a zip archive: %w", err)
	}
	var out []Array
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("npz: %s: %w", f.Name, err)
		}
		a, err := ReadNpy(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("npz: %s: %w", f.Name, err)
		}
		a.Name = name
		out = append(out, a)
	}
	return out, nil
}

var (
	descrRE   = regexp.MustCompile(`'descr'\s*:\s*'([^']*)'`)
	fortranRE = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	shapeRE   = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

// ReadNpy reads one array in the .npy format (versions 1 to 3).
func ReadNpy(r io.Reader) (Array, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return Array{}, fmt.Errorf("truncated header: %w", err)
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return Array{}, errors.New("not an .npy array (bad magic)")
	}
	var hlen int
	switch pre[6] {
	case 1:
		var l uint16
		if err := binary.Read(r, binary.LittleEndian, &l); err != nil {
			return Array{}, fmt.Errorf("truncated header: %w", err)
		}
		hlen = int(l)
	case 2, 3:
		var l uint32
		if err := binary.Read(r, binary.LittleEndian, &l); err != nil {
			return Array{}, fmt.Errorf("truncated header: %w", err)
		}
		if l > 1<<20 {
			return Array{}, fmt.Errorf("header length %d is implausible", l)
		}
		hlen = int(l)
	default:
		return Array{}, fmt.Errorf("unsupported .npy version %d.%d", pre[6], pre[7])
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return Array{}, fmt.Errorf("truncated header: %w", err)
	}
	h := string(hb)
	dm, fm, sm := descrRE.FindStringSubmatch(h), fortranRE.FindStringSubmatch(h), shapeRE.FindStringSubmatch(h)
	if dm == nil || fm == nil || sm == nil {
		return Array{}, fmt.Errorf("malformed header %q", strings.TrimSpace(h))
	}
	if fm[1] == "True" {
		return Array{}, errors.New("fortran-order arrays are not supported")
	}
	var a Array
	total := 1
	for _, f := range strings.Split(sm[1], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		s, err := strconv.Atoi(f)
		if err != nil || s < 0 {
			return Array{}, fmt.Errorf("bad dimension %q in shape", f)
		}
		if s > 0 && total > maxElements/s {
			return Array{}, fmt.Errorf("shape (%s) is too large", sm[1])
		}
		total *= s
		a.Shape = append(a.Shape, s)
	}
	switch descr := dm[1]; {
	case descr == "<f4":
		d, err := readSlice[float32](r, total)
		a.Data = d
		return a, err
	case descr == "<f8":
		d, err := readSlice[float64](r, total)
		a.Data = d
		return a, err
	case descr == "<i8":
		d, err := readSlice[int64](r, total)
		a.Data = d
		return a, err
	case strings.HasPrefix(descr, "<U"):
		n, err := strconv.Atoi(descr[2:])
		if err != nil || n < 1 || n > 1<<24 || total != 1 || len(a.Shape) != 0 {
			return Array{}, fmt.Errorf("only 0-d unicode arrays are supported, got %s of shape %v", descr, a.Shape)
		}
		u := make([]uint32, n)
		if err := readData(r, u); err != nil {
			return Array{}, err
		}
		var sb strings.Builder
		for _, c := range u {
			if c == 0 {
				break
			}
			if c > utf8.MaxRune {
				return Array{}, fmt.Errorf("invalid code point %#x in string", c)
			}
			sb.WriteRune(rune(c))
		}
		a.Data = sb.String()
		return a, nil
	default:
		return Array{}, fmt.Errorf("unsupported dtype %q", descr)
	}
}

// readData fills data from r. The bytes are read before data is decoded, so
// a header that claims more than the file holds fails on the short read
// rather than after allocating for its claim.
func readData(r io.Reader, data any) error {
	want := int64(binary.Size(data))
	var buf bytes.Buffer
	if n, err := io.CopyN(&buf, r, want); err != nil {
		return fmt.Errorf("truncated data: want %d bytes, got %d", want, n)
	}
	return binary.Read(&buf, binary.LittleEndian, data)
}

// Finite reports the first NaN or Inf of a float array, naming it.
func (a Array) Finite() error {
	switch d := a.Data.(type) {
	case []float32:
		for i, x := range d {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("npz: array %q holds %v at index %d", a.Name, x, i)
			}
		}
	case []float64:
		for i, x := range d {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("npz: array %q holds %v at index %d", a.Name, x, i)
			}
		}
	}
	return nil
}

// readSlice reads n little-endian values, growing its buffer only as bytes
// arrive.
func readSlice[E float32 | float64 | int64](r io.Reader, n int) ([]E, error) {
	var z E
	want := int64(n) * int64(binary.Size(z))
	var buf bytes.Buffer
	if got, err := io.CopyN(&buf, r, want); err != nil {
		return nil, fmt.Errorf("truncated data: want %d bytes, got %d", want, got)
	}
	d := make([]E, n)
	return d, binary.Read(&buf, binary.LittleEndian, d)
}
