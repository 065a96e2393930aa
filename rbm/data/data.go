package data

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/rbmgo/rbm/rbm/mnist"
	"github.com/rbmgo/rbm/rbm/npz"
)

// MaxValues bounds the values a data file may hold (2 GiB of float64).
const MaxValues = 1 << 28

// ErrData is wrapped by the errors of a file that is not a table of finite
// numbers this package can read.
var ErrData = errors.New("bad data file")

// Set is a table of samples: N rows of Dim values, and for pictures the
// height and width of an image (Height·Width = Dim), or zeros. Labels, when
// known (MNIST), are the class of each row.
type Set[T float32 | float64] struct {
	Rows          []T
	N, Dim        int
	Height, Width int
	Labels        []uint8
}

// Row returns sample i.
func (s *Set[T]) Row(i int) []T { return s.Rows[i*s.Dim : (i+1)*s.Dim] }

// SetShape gives the samples the picture shape height×width, which must have
// Dim pixels.
func (s *Set[T]) SetShape(height, width int) error {
	if height < 1 || width < 1 || height > s.Dim || width > s.Dim || height*width != s.Dim {
		return fmt.Errorf("data: a %d×%d picture does not have the %d values of a row", height, width, s.Dim)
	}
	s.Height, s.Width = height, width
	return nil
}

// Split moves a fraction of the rows, chosen by a shuffle drawn from rng,
// into a second set, and returns both; the first keeps the rest, in their
// order. Each part must keep at least one row.
func (s *Set[T]) Split(fraction float64, rng *rand.Rand) (rest, part *Set[T], err error) {
	k := int(math.Round(fraction * float64(s.N)))
	if !(fraction > 0 && fraction < 1) || k < 1 || k >= s.N {
		return nil, nil, fmt.Errorf("data: a fraction %g of %d rows leaves a part empty", fraction, s.N)
	}
	chosen := make([]bool, s.N)
	for _, i := range rng.Perm(s.N)[:k] {
		chosen[i] = true
	}
	rest = &Set[T]{N: s.N - k, Dim: s.Dim, Height: s.Height, Width: s.Width, Rows: make([]T, 0, (s.N-k)*s.Dim)}
	part = &Set[T]{N: k, Dim: s.Dim, Height: s.Height, Width: s.Width, Rows: make([]T, 0, k*s.Dim)}
	for i := range s.N {
		to := rest
		if chosen[i] {
			to = part
		}
		to.Rows = append(to.Rows, s.Row(i)...)
		if s.Labels != nil {
			to.Labels = append(to.Labels, s.Labels[i])
		}
	}
	return rest, part, nil
}

// ReadFile reads a data file by its extension: .npy (an array of n×d, or
// n×h×w pictures), .npz (its only array, or the one named "data" or "x"),
// or .csv (one sample a row, values separated by commas; a first row that
// is not all numbers is a header); a file whose name holds "idx" is an idx
// image file of package mnist, gzipped or not, pixels scaled to [0,1]. It is
// the one place that tells the formats apart.
func ReadFile[T float32 | float64](path string) (*Set[T], error) {
	return ReadFileRows[T](path, 0)
}

// ReadFileRows reads a data file as ReadFile does, but a CSV file only as
// far as its first maxRows rows when maxRows > 0 (the arrays of .npy and
// .npz files are read whole). Only regular files are read: a device, a
// pipe or a folder is refused before a byte is read.
func ReadFileRows[T float32 | float64](path string, maxRows int) (*Set[T], error) {
	var s *Set[T]
	var err error
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("data: %w", err)
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("data: %s: %w: not a regular file (%v)", path, ErrData, st.Mode().Type())
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy":
		s, err = readNpy[T](path)
	case ".npz":
		s, err = readNpz[T](path)
	case ".csv":
		s, err = readCSV[T](path, maxRows)
	default:
		if !strings.Contains(strings.ToLower(filepath.Base(path)), "idx") {
			return nil, fmt.Errorf("data: %s: unknown kind of file (want .npy, .npz, .csv or an idx file)", path)
		}
		s, err = readIdx[T](path)
	}
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return s, nil
}

func readIdx[T float32 | float64](path string) (*Set[T], error) {
	im, err := mnist.OpenImages(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	return fromImages[T](im), nil
}

// fromImages returns images as rows of intensities in [0,1], pixel/255.
func fromImages[T float32 | float64](im *mnist.Images) *Set[T] {
	s := &Set[T]{N: im.N, Dim: im.Rows * im.Cols, Height: im.Rows, Width: im.Cols}
	var z T
	if _, ok := any(z).(float32); ok {
		s.Rows = any(im.Floats32(0)).([]T)
	} else {
		s.Rows = any(im.Floats64(0)).([]T)
	}
	return s
}

func readNpy[T float32 | float64](path string) (*Set[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h, err := npz.ReadHeader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	if err := checkShape(h.Shape); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	a, err := npz.ReadNpy(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	return fromArray[T](a)
}

func readNpz[T float32 | float64](path string) (*Set[T], error) {
	r, err := npz.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	defer r.Close()
	var names []string
	for _, e := range r.Entries {
		names = append(names, e.Name)
	}
	name := ""
	switch {
	case len(names) == 1:
		name = names[0]
	case r.Lookup("data") != nil:
		name = "data"
	case r.Lookup("x") != nil:
		name = "x"
	default:
		return nil, fmt.Errorf("%w: holds %d arrays (%s); name the samples' array \"data\" or \"x\"", ErrData, len(names), strings.Join(names, ", "))
	}
	h, err := r.Header(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	if err := checkShape(h.Shape); err != nil {
		return nil, fmt.Errorf("array %q: %w", name, err)
	}
	a, err := r.Read(name, MaxValues)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	return fromArray[T](a)
}

// checkShape accepts n×d and n×h×w arrays of at most MaxValues values.
func checkShape(shape []int) error {
	if len(shape) != 2 && len(shape) != 3 {
		return fmt.Errorf("%w: an array of shape %v: want n×d samples or n×h×w pictures", ErrData, shape)
	}
	total := 1
	for _, d := range shape {
		if d < 1 {
			return fmt.Errorf("%w: an array of shape %v is empty", ErrData, shape)
		}
		if d > MaxValues/total {
			return fmt.Errorf("%w: an array of shape %v holds more than %d values", ErrData, shape, MaxValues)
		}
		total *= d
	}
	return nil
}

func fromArray[T float32 | float64](a npz.Array) (*Set[T], error) {
	if err := checkShape(a.Shape); err != nil {
		return nil, err
	}
	s := &Set[T]{N: a.Shape[0], Dim: 1}
	for _, d := range a.Shape[1:] {
		s.Dim *= d
	}
	if len(a.Shape) == 3 {
		s.Height, s.Width = a.Shape[1], a.Shape[2]
	}
	s.Rows = make([]T, s.N*s.Dim)
	switch d := a.Data.(type) {
	case []float32:
		for i, v := range d {
			s.Rows[i] = T(v)
		}
	case []float64:
		for i, v := range d {
			s.Rows[i] = T(v)
		}
	case []int64:
		for i, v := range d {
			s.Rows[i] = T(v)
		}
	default:
		return nil, fmt.Errorf("%w: the array holds %T, not numbers", ErrData, a.Data)
	}
	for i, v := range s.Rows {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%w: row %d, column %d is %v", ErrData, i/s.Dim+1, i%s.Dim+1, f)
		}
	}
	return s, nil
}
