package npz

import (
	"archive/zip"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rbmgo/rbm/internal/readend"
)

// Errors a caller may need to tell apart; they are wrapped, so match them
// with errors.Is. (A block of sentinel errors, alike in shape to package
// rbm's: one documented errors.New each.)
var (
	// ErrFormat means the file is not a well-formed .npz archive or .npy
	// array: bad magic, a malformed header, truncated or trailing data, a
	// checksum that does not match.
	ErrFormat = errors.New("not a valid npz or npy file")

	// ErrTooLarge means an array's header claims more values than the
	// caller's limit (or than an int can count). It is returned before
	// anything is allocated for the values.
	ErrTooLarge = errors.New("array too large")

	// ErrUnsupported means a well-formed array of an element type or order
	// this package does not read (big-endian, Fortran order, structured
	// types, unicode arrays of more than one string...).
	ErrUnsupported = errors.New("unsupported")

	// ErrShape means an array's shape differs from the one ReadShape
	// expects.
	ErrShape = errors.New("unexpected shape")

	// ErrNotFound means the archive has no array of the requested name.
	ErrNotFound = errors.New("no such array")
)

// A Reader reads the arrays of an .npz archive on demand: opening it reads
// only the zip directory, Header reads only an array's .npy header, and Read
// decompresses only the array asked for.
type Reader struct {
	// Entries are the archive's arrays (its members named *.npy), in
	// archive order. Other members are ignored.
	Entries []*Entry

	byName map[string]*Entry
	where  string // prefix of error messages
}

// An Entry is one array of an archive, not yet read.
type Entry struct {
	// Name is the member's name without ".npy", the key numpy.load uses.
	Name string

	file  *zip.File
	where string
}

// ReadCloser is a Reader on a file that Close closes.
type ReadCloser struct {
	Reader
	f *os.File
}

// Open opens the .npz archive at path and reads its directory; errors of the
// reader and its entries name the path. Close the result when done.
func Open(path string) (*ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("npz: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("npz: %w", err)
	}
	r, err := newReader(f, st.Size(), "npz: "+path+": ")
	if err != nil {
		f.Close()
		return nil, err
	}
	return &ReadCloser{Reader: *r, f: f}, nil
}

// Close closes the archive's file.
func (rc *ReadCloser) Close() error { return rc.f.Close() }

// NewReader reads the directory of the .npz archive of the given size in r.
// An archive with two arrays of the same name is refused with ErrFormat.
func NewReader(r io.ReaderAt, size int64) (*Reader, error) {
	return newReader(r, size, "npz: ")
}

func newReader(r io.ReaderAt, size int64, where string) (*Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%snot a zip archive: %w: %w", where, ErrFormat, err)
	}
	rd := &Reader{byName: map[string]*Entry{}, where: where}
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			continue
		}
		if rd.byName[name] != nil {
			return nil, fmt.Errorf("%s%w: two arrays named %q", where, ErrFormat, name)
		}
		e := &Entry{Name: name, file: f, where: where + name + ": "}
		rd.Entries = append(rd.Entries, e)
		rd.byName[name] = e
	}
	return rd, nil
}

// Lookup returns the entry of the named array, or nil if there is none.
func (r *Reader) Lookup(name string) *Entry { return r.byName[name] }

func (r *Reader) entry(name string) (*Entry, error) {
	e := r.byName[name]
	if e == nil {
		return nil, fmt.Errorf("%s%w %q", r.where, ErrNotFound, name)
	}
	return e, nil
}

// Header reads the header of the named array, not its data.
func (r *Reader) Header(name string) (Header, error) {
	e, err := r.entry(name)
	if err != nil {
		return Header{}, err
	}
	return e.Header()
}

// Read reads the named array if it holds at most limit values (elements, or
// characters for a string); see Entry.Read.
func (r *Reader) Read(name string, limit int) (Array, error) {
	e, err := r.entry(name)
	if err != nil {
		return Array{}, err
	}
	return e.Read(limit)
}

// ReadShape reads the named numeric array ('<f4', '<f8' or '<i8'), which must
// have exactly the given shape: another shape is refused with ErrShape before
// any data is read, so the shape bounds what is allocated.
func (r *Reader) ReadShape(name string, shape ...int) (Array, error) {
	e, err := r.entry(name)
	if err != nil {
		return Array{}, err
	}
	n, err := elements(shape)
	if err != nil {
		return Array{}, fmt.Errorf("%sexpected shape: %w", e.where, err)
	}
	return e.read(n, func(h Header) error {
		if strings.HasPrefix(h.Dtype, "<U") {
			return fmt.Errorf("%w: dtype %s where numbers of shape %s are expected", ErrUnsupported, h.Dtype, shapeString(shape))
		}
		if !slices.Equal(h.Shape, shape) {
			return fmt.Errorf("%w: shape %s, want %s", ErrShape, shapeString(h.Shape), shapeString(shape))
		}
		return nil
	})
}

// ReadString reads the named 0-d unicode array as a string of at most
// maxLen characters.
func (r *Reader) ReadString(name string, maxLen int) (string, error) {
	e, err := r.entry(name)
	if err != nil {
		return "", err
	}
	a, err := e.read(maxLen, func(h Header) error {
		if !strings.HasPrefix(h.Dtype, "<U") {
			return fmt.Errorf("%w: dtype %s where a string is expected", ErrUnsupported, h.Dtype)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return a.Data.(string), nil
}

// Header reads the entry's .npy header, decompressing no more than the
// header itself.
func (e *Entry) Header() (Header, error) {
	rc, err := e.file.Open()
	if err != nil {
		return Header{}, fmt.Errorf("%s%w", e.where, zipErr(err))
	}
	defer rc.Close()
	h, err := ReadHeader(rc)
	if err != nil {
		return Header{}, fmt.Errorf("%s%w", e.where, zipErr(err))
	}
	h.Name = e.Name
	return h, nil
}

// Read reads the entry's array if it holds at most limit values: elements of
// a numeric array, characters of a string. An array that claims more is
// refused with ErrTooLarge before anything is allocated for it, and the
// memory used grows only as the data actually arrives. The member is read to
// its end, so that its checksum is verified; bytes after the data are an
// error.
func (e *Entry) Read(limit int) (Array, error) {
	return e.read(limit, nil)
}

// read is Read that also calls check, if not nil, with the header before
// anything else.
func (e *Entry) read(limit int, check func(Header) error) (Array, error) {
	rc, err := e.file.Open()
	if err != nil {
		return Array{}, fmt.Errorf("%s%w", e.where, zipErr(err))
	}
	defer rc.Close()
	a, err := readNpy(rc, limit, check)
	if err != nil {
		return Array{}, fmt.Errorf("%s%w", e.where, zipErr(err))
	}
	if err := atEOF(rc); err != nil {
		return Array{}, fmt.Errorf("%s%w", e.where, zipErr(err))
	}
	a.Name = e.Name
	return a, nil
}

// zipErr marks the errors of a damaged zip member as ErrFormat.
func zipErr(err error) error {
	if errors.Is(err, ErrFormat) {
		return err
	}
	if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if errors.Is(err, zip.ErrAlgorithm) {
		return fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	var ce flate.CorruptInputError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: damaged compressed data: %w", ErrFormat, err)
	}
	return err
}

// atEOF reads on past the data to the end, so that the checksum of the
// compressed data is verified, and fails if there is more.
func atEOF(r io.Reader) error {
	return readend.Check(r, fmt.Errorf("%w: bytes after the array's data", ErrFormat))
}

// ReadFile reads every array of the .npz archive at path, at most
// MaxElements values in all, skipping arrays of element types this package
// does not read; errors name the path. To read only some arrays, or with a
// tighter bound, use Open.
func ReadFile(path string) ([]Array, error) {
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.readAll()
}

// Read reads every array of an .npz archive of the given size as ReadFile
// does.
func Read(r io.ReaderAt, size int64) ([]Array, error) {
	rd, err := NewReader(r, size)
	if err != nil {
		return nil, err
	}
	return rd.readAll()
}

func (r *Reader) readAll() ([]Array, error) {
	var out []Array
	left := MaxElements
	for _, e := range r.Entries {
		a, err := e.Read(left)
		if errors.Is(err, ErrUnsupported) {
			continue
		}
		if err != nil {
			return nil, err
		}
		left -= a.Values()
		out = append(out, a)
	}
	return out, nil
}

// Values returns the number of values of a, as the reader's bounds count
// them: elements, or characters of a string (at least 1).
func (a Array) Values() int {
	switch d := a.Data.(type) {
	case []float32:
		return len(d)
	case []float64:
		return len(d)
	case []int64:
		return len(d)
	case string:
		return max(1, utf8.RuneCountInString(d))
	}
	return 0
}

// ReadNpy reads one array in the .npy format (versions 1 to 3) of at most
// MaxElements values. It reads no further than the array's data.
func ReadNpy(r io.Reader) (Array, error) {
	return readNpy(r, MaxElements, nil)
}

// readNpy reads the header, calls check with it, and reads the data if the
// array holds at most limit values.
func readNpy(r io.Reader, limit int, check func(Header) error) (Array, error) {
	h, err := ReadHeader(r)
	if err != nil {
		return Array{}, err
	}
	if check != nil {
		if err := check(h); err != nil {
			return Array{}, err
		}
	}
	if h.Fortran {
		return Array{}, fmt.Errorf("%w: fortran-order arrays are not supported", ErrUnsupported)
	}
	a := Array{Shape: h.Shape}
	tooLarge := func(n int, what string) error {
		return fmt.Errorf("%w: %s %s claims %d %s, more than the %d expected", ErrTooLarge, h.Dtype, shapeString(h.Shape), n, what, max(limit, 0))
	}
	switch descr := h.Dtype; {
	case descr == "<f4" || descr == "<f8" || descr == "<i8":
		if h.Elements > limit {
			return Array{}, tooLarge(h.Elements, "elements")
		}
		switch descr {
		case "<f4":
			a.Data, err = readValues(r, h.Elements, 4, func(b []byte) float32 {
				return math.Float32frombits(binary.LittleEndian.Uint32(b))
			})
		case "<f8":
			a.Data, err = readValues(r, h.Elements, 8, func(b []byte) float64 {
				return math.Float64frombits(binary.LittleEndian.Uint64(b))
			})
		default:
			a.Data, err = readValues(r, h.Elements, 8, func(b []byte) int64 {
				return int64(binary.LittleEndian.Uint64(b))
			})
		}
		if err != nil {
			return Array{}, err
		}
		return a, nil
	case strings.HasPrefix(descr, "<U"):
		n, err := strconv.Atoi(descr[2:])
		if err != nil || n < 1 || h.Elements != 1 || len(h.Shape) != 0 {
			return Array{}, fmt.Errorf("%w: only 0-d unicode arrays are supported, got %s of shape %s", ErrUnsupported, descr, shapeString(h.Shape))
		}
		if n > limit {
			return Array{}, tooLarge(n, "characters")
		}
		u, err := readValues(r, n, 4, binary.LittleEndian.Uint32)
		if err != nil {
			return Array{}, err
		}
		var sb strings.Builder
		for _, c := range u {
			if c == 0 {
				break
			}
			if c > utf8.MaxRune {
				return Array{}, fmt.Errorf("%w: invalid code point %#x in string", ErrFormat, c)
			}
			sb.WriteRune(rune(c))
		}
		a.Data = sb.String()
		return a, nil
	default:
		return Array{}, fmt.Errorf("%w: dtype %q", ErrUnsupported, descr)
	}
}

// readChunk is the number of values readValues decodes at a time.
const readChunk = 1 << 14

// readValues reads n little-endian values of size bytes each. Its slice
// grows only as the bytes arrive, so a header that claims more than the
// stream holds fails on the short read, not on a large allocation.
func readValues[E any](r io.Reader, n, size int, decode func([]byte) E) ([]E, error) {
	out := make([]E, 0, min(n, readChunk))
	buf := make([]byte, min(n, readChunk)*size)
	for len(out) < n {
		k := min(n-len(out), readChunk)
		b := buf[:k*size]
		if got, err := io.ReadFull(r, b); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, fmt.Errorf("%w: truncated data: want %d bytes, got %d", ErrFormat, int64(n)*int64(size), int64(len(out))*int64(size)+int64(got))
			}
			return nil, err
		}
		if len(out)+k > cap(out) {
			grown := make([]E, len(out), min(n, 2*cap(out)+k))
			copy(grown, out)
			out = grown
		}
		for i := 0; i < k; i++ {
			out = append(out, decode(b[i*size:(i+1)*size]))
		}
	}
	return out, nil
}
