package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func idxImages(n, rows, cols int, extra int) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, []uint32{imagesMagic, uint32(n), uint32(rows), uint32(cols)})
	for i := 0; i < n*rows*cols+extra; i++ {
		b.WriteByte(byte(i))
	}
	return b.Bytes()
}

func idxLabels(n int) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, []uint32{labelsMagic, uint32(n)})
	for i := 0; i < n; i++ {
		b.WriteByte(byte(i % 10))
	}
	return b.Bytes()
}

func gz(x []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(x)
	w.Close()
	return b.Bytes()
}

func TestReadImagesPlainAndGzip(t *testing.T) {
	raw := idxImages(3, 2, 4, 0)
	for name, in := range map[string][]byte{"plain": raw, "gzip": gz(raw)} {
		im, err := ReadImages(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if im.N != 3 || im.Rows != 2 || im.Cols != 4 || len(im.Pixels) != 24 || im.Pixels[23] != 23 {
			t.Errorf("%s: read %+v", name, im)
		}
	}
	l, err := ReadLabels(bytes.NewReader(gz(idxLabels(12))))
	if err != nil || len(l) != 12 || l[11] != 1 {
		t.Errorf("labels %v, %v", l, err)
	}
}

func TestReadErrors(t *testing.T) {
	bad := idxImages(1, 1, 1, 0)
	bad[3] = 0x01
	huge := idxImages(0, 0, 0, 0)
	binary.BigEndian.PutUint32(huge[4:], 1<<30)
	binary.BigEndian.PutUint32(huge[8:], 1<<20)
	binary.BigEndian.PutUint32(huge[12:], 1<<20)
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "truncated image header"},
		{"magic", bad, "bad magic number 0x00000801 (want 0x00000803"},
		{"truncated", idxImages(4, 28, 28, 0)[:1000], "truncated image data: want 3136 bytes, got 984"},
		{"zero", idxImages(0, 28, 28, 0), "empty images"},
		{"huge", huge, "implausible size"},
		{"bad gzip", []byte{0x1f, 0x8b, 0, 0}, "bad gzip"},
	} {
		_, err := ReadImages(bytes.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := ReadLabels(bytes.NewReader(idxImages(1, 1, 1, 0))); err == nil || !strings.Contains(err.Error(), "bad magic") {
		t.Errorf("labels with image magic: %v", err)
	}
	if _, err := ReadLabels(bytes.NewReader(idxLabels(5)[:9])); err == nil || !strings.Contains(err.Error(), "truncated label data") {
		t.Errorf("truncated labels: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("train-images-idx3-ubyte.gz", gz(idxImages(5, 28, 28, 0)))
	write("train-labels-idx1-ubyte", idxLabels(5))
	write("t10k-images.idx3-ubyte", idxImages(2, 28, 28, 0))
	write("t10k-labels-idx1-ubyte.gz", gz(idxLabels(3)))
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte.gz: holds 3 labels but ") || !strings.Contains(err.Error(), "t10k-images.idx3-ubyte holds 2 images") {
		t.Fatalf("mismatched counts: %v", err)
	}
	write("t10k-labels-idx1-ubyte.gz", gz(idxLabels(2)))
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Train.Images.N != 5 || len(set.Test.Labels) != 2 {
		t.Errorf("loaded %+v", set)
	}
	os.Remove(filepath.Join(dir, "train-labels-idx1-ubyte"))
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "no train-labels-idx1-ubyte") {
		t.Errorf("missing file: %v", err)
	}
	write("train-labels-idx1-ubyte", []byte("garbage!garbage!"))
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "train-labels-idx1-ubyte")+": bad magic") {
		t.Errorf("corrupt file not named: %v", err)
	}
}

// Where MNIST is expected, idx files of other image sizes or labels above 9
// are refused, naming the file and the sizes; ReadImages still reads them.
func TestLoadRefusesOtherData(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rows, cols int
		labels     []byte
		want       string
	}{
		{"20x20", 20, 20, nil, "images of 20×20 pixels, MNIST digits are 28×28"},
		{"14x56", 14, 56, nil, "images of 14×56 pixels, MNIST digits are 28×28"},
		{"28x1", 28, 1, nil, "images of 28×1 pixels"},
		{"label 10", 28, 28, []byte{1, 10}, "label 10 at index 1"},
		{"too many", 28, 28, nil, "131073 images, more than the 131072"},
	} {
		dir := t.TempDir()
		write := func(name string, b []byte) {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		labels := idxLabels(2)
		if tc.labels != nil {
			copy(labels[8:], tc.labels)
		}
		images := gz(idxImages(2, tc.rows, tc.cols, 0))
		if tc.name == "too many" {
			// The header claims more images than MaxImages; the pixels need
			// not be there, since the claim is refused first.
			raw := idxImages(0, 28, 28, 0)
			binary.BigEndian.PutUint32(raw[4:], MaxImages+1)
			images = gz(raw)
		}
		write("train-images-idx3-ubyte.gz", images)
		write("train-labels-idx1-ubyte.gz", gz(labels))
		write("t10k-images-idx3-ubyte", idxImages(2, 28, 28, 0))
		write("t10k-labels-idx1-ubyte", idxLabels(2))
		_, err := Load(dir)
		if err == nil || !errors.Is(err, ErrNotMNIST) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), dir) {
			t.Errorf("%s: error %v, want ErrNotMNIST naming the file and containing %q", tc.name, err, tc.want)
		}
		if tc.labels == nil && tc.name != "too many" {
			im, err := OpenImages(filepath.Join(dir, "train-images-idx3-ubyte.gz"))
			if err != nil || im.Rows != tc.rows || im.Cols != tc.cols {
				t.Errorf("%s: OpenImages: %+v, %v", tc.name, im, err)
			}
		}
	}
}

// A gzipped file with a damaged byte, a damaged trailer, a cut or trailing
// bytes is refused with ErrCorrupt, however the damage shows (bad deflate
// data, CRC or length mismatch); so is a plain file with trailing bytes.
func TestCorruptFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	raw := idxImages(10, 28, 28, 0)
	for i := 16; i < len(raw); i++ {
		raw[i] = byte(rng.IntN(4)) // compressible, but not trivially
	}
	good := gz(raw)
	if _, err := ReadImages(bytes.NewReader(good)); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(b []byte) []byte) []byte {
		return f(append([]byte(nil), good...))
	}
	flip := func(i int) []byte { return edit(func(b []byte) []byte { b[i] ^= 0x10; return b }) }
	n := len(good)
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"flip quarter", flip(n / 4), "corrupt file"},
		{"flip middle", flip(n / 2), "corrupt file"},
		{"flip three quarters", flip(3 * n / 4), "corrupt file"},
		{"flip crc", flip(n - 6), "CRC-32 or length mismatch"},
		{"flip length", flip(n - 3), "CRC-32 or length mismatch"},
		{"cut trailer", good[:n-4], "truncated gzip stream"},
		{"cut data", good[:n/2], "corrupt file"},
		{"trailing garbage", append(edit(func(b []byte) []byte { return b }), "some garbage at the end"...), "trailing garbage"},
		{"trailing zeros", append(edit(func(b []byte) []byte { return b }), 0, 0, 0, 0), "corrupt file"},
		{"second member", append(edit(func(b []byte) []byte { return b }), gz([]byte{1})...), "trailing data"},
		{"plain trailing", idxImages(1, 28, 28, 1), "trailing data"},
		{"gzip extra pixel", gz(idxImages(1, 28, 28, 1)), "trailing data"},
	} {
		_, err := ReadImages(bytes.NewReader(tc.in))
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrCorrupt containing %q", tc.name, err, tc.want)
		}
	}
	labels := gz(idxLabels(100))
	labels[len(labels)/2] ^= 0x01
	if _, err := ReadLabels(bytes.NewReader(labels)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged labels: %v", err)
	}
	if _, err := ReadLabels(bytes.NewReader(append(idxLabels(3), 0))); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "trailing data") {
		t.Errorf("labels with a trailing byte: %v", err)
	}
}

func TestRealMNIST(t *testing.T) {
	dir, err := DefaultDir()
	if err != nil {
		t.Skip(err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Train.Images.N != 60000 || set.Test.Images.N != 10000 || set.Train.Images.Rows != 28 || set.Train.Images.Cols != 28 {
		t.Errorf("train %d test %d of %d×%d", set.Train.Images.N, set.Test.Images.N, set.Train.Images.Rows, set.Train.Images.Cols)
	}
	if set.Train.Labels[0] != 5 || set.Test.Labels[0] != 7 {
		t.Errorf("first labels %d, %d; want 5 and 7", set.Train.Labels[0], set.Test.Labels[0])
	}
	x := set.Train.Images.Floats32(10)
	if len(x) != 7840 {
		t.Errorf("10 images give %d values", len(x))
	}
	for _, v := range x {
		if !(v >= 0) || !(v <= 1) {
			t.Fatalf("intensity %g outside [0,1]", v)
		}
	}
}

func FuzzReadImages(f *testing.F) {
	f.Add(idxImages(2, 2, 2, 0))
	f.Add(gz(idxImages(1, 3, 3, 1)))
	f.Fuzz(func(t *testing.T, b []byte) {
		im, err := ReadImages(bytes.NewReader(b))
		if err == nil && len(im.Pixels) != im.N*im.Rows*im.Cols {
			t.Fatalf("%d pixels for %d×%d×%d", len(im.Pixels), im.N, im.Rows, im.Cols)
		}
	})
}

func FuzzReadLabels(f *testing.F) {
	f.Add(idxLabels(3))
	f.Add(gz(idxLabels(10)))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadLabels(bytes.NewReader(b))
	})
}
