package data

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fakeMNIST writes a folder of MNIST files: n training and m test digits,
// digit i of class i%10 with every pixel 25·(i%10), so that a pixel tells
// its row's class.
func fakeMNIST(t *testing.T, n, m int) string {
	t.Helper()
	dir := t.TempDir()
	for _, part := range []struct {
		prefix string
		n      int
	}{{"train", n}, {"t10k", m}} {
		var im, lb bytes.Buffer
		binary.Write(&im, binary.BigEndian, []uint32{0x803, uint32(part.n), 28, 28})
		binary.Write(&lb, binary.BigEndian, []uint32{0x801, uint32(part.n)})
		for i := range part.n {
			im.Write(bytes.Repeat([]byte{byte(25 * (i % 10))}, 28*28))
			lb.WriteByte(byte(i % 10))
		}
		for name, b := range map[string][]byte{"-images-idx3-ubyte": im.Bytes(), "-labels-idx1-ubyte": lb.Bytes()} {
			if err := os.WriteFile(filepath.Join(dir, part.prefix+name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// Load keeps the digits of the Digits classes with their labels, then the
// first TrainSize of them, holds out a part with its labels, and binarises
// training, test and held-out rows alike.
func TestLoadMNIST(t *testing.T) {
	dir := fakeMNIST(t, 40, 10)
	src, err := Load[float64](Spec{Path: dir, TrainSize: 6, Digits: "3,7", Validation: 0.5,
		Transform: Transform{Binarize: Threshold, Threshold: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if !src.MNIST || src.Train.Dim != 784 || src.Train.Height != 28 || src.Test.N != 10 {
		t.Fatalf("source %+v", src)
	}
	// The first 6 of the 8 digits of classes 3 and 7; half are held out.
	if src.Train.N != 3 || src.Validation.N != 3 || len(src.Train.Labels) != 3 || len(src.Validation.Labels) != 3 {
		t.Fatalf("%d training and %d held-out rows, labels %v and %v", src.Train.N, src.Validation.N, src.Train.Labels, src.Validation.Labels)
	}
	for _, s := range []*Set[float64]{src.Train, src.Validation, src.Test} {
		for r := range s.N {
			want := 0.0
			if 25.0*float64(s.Labels[r])/255 >= 0.5 { // classes 6 to 9
				want = 1
			}
			if row := s.Row(r); !slices.Equal(row, slices.Repeat([]float64{want}, 784)) {
				t.Fatalf("row %d of class %d binarised to %v…, want %v", r, s.Labels[r], row[:3], want)
			}
		}
	}
	if _, err := Load[float32](Spec{Path: dir, Digits: "3", TrainSize: 5}); err == nil {
		t.Error("--train-size 5 of the 4 digits of class 3 was accepted")
	}
}
