package cli

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rbmgo/rbm/internal/runlock"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/mnist"
	"github.com/rbmgo/rbm/rbm/npz"
)

// runProgram runs the program (this test binary standing in for it) with
// args and returns its exit status and standard error.
func runProgram(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "RBM_TEST_RUN_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stderr.String()
	}
	t.Fatal(err)
	return 0, ""
}

// writeSettingsOnly writes a model file holding only a settings entry.
func writeSettingsOnly(t *testing.T, path, dtype, hidden string) {
	t.Helper()
	s := `{"format":"rbm-npz/1","dtype":"` + dtype + `","visible":{"kind":"binary","shape":[784]},"hidden":{"kind":"binary","shape":` + hidden + `}}`
	if err := npz.WriteFile(path, []npz.Array{{Name: "settings", Data: s}}); err != nil {
		t.Fatal(err)
	}
}

// writeIdx writes a gzipped idx file: magic, dimensions, then data.
func writeIdx(t *testing.T, path string, magic uint32, dims []uint32, data []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	binary.Write(zw, binary.BigEndian, magic)
	binary.Write(zw, binary.BigEndian, dims)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Hostile files and flags end in a one-line error and exit status 1: no
// panic, no out-of-memory, no training on garbage.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }

	writeSettingsOnly(t, path("huge.npz"), "float32", "[1000000000000000000]")
	writeSettingsOnly(t, path("overflow.npz"), "float32", "[4294967296, 4294967296]")
	writeSettingsOnly(t, path("billion.npz"), "float32", "[1000000000]")
	writeSettingsOnly(t, path("dtype.npz"), "float16", "[5]")
	// W claims 2^30 values in an archive of a few hundred bytes.
	{
		hdr := "{'descr': '<f4', 'fortran_order': False, 'shape': (32768, 32768), }"
		for (10+len(hdr)+1)%64 != 0 {
			hdr += " "
		}
		npy := append([]byte("\x93NUMPY\x01\x00"), byte(len(hdr)+1), 0)
		npy = append(append(npy, hdr...), '\n')
		var settings bytes.Buffer
		arrays := []npz.Array{{Name: "settings", Data: `{"format":"rbm-npz/1","dtype":"float32","visible":{"kind":"binary","shape":[784]},"hidden":{"kind":"binary","shape":[5]}}`}}
		if err := npz.Write(&settings, arrays); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(settings.Bytes()), int64(settings.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		if err := zw.Copy(zr.File[0]); err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create("W.npy")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(npy)
		zw.Close()
		if err := os.WriteFile(path("claims.npz"), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// MNIST with a damaged byte in the middle of the gzipped training images.
	src, err := mnist.DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	corrupt := filepath.Join(dir, "corrupt")
	small := filepath.Join(dir, "small")
	for _, d := range []string{corrupt, small} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "train-images-idx3-ubyte.gz" {
			b[len(b)/2] ^= 0x55
		}
		if err := os.WriteFile(filepath.Join(corrupt, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 20×20 images where MNIST has 28×28.
	for _, split := range []struct {
		prefix string
		n      uint32
	}{{"train", 30}, {"t10k", 30}} {
		writeIdx(t, filepath.Join(small, split.prefix+"-images-idx3-ubyte.gz"), 0x803, []uint32{split.n, 20, 20}, make([]byte, split.n*400))
		writeIdx(t, filepath.Join(small, split.prefix+"-labels-idx1-ubyte.gz"), 0x801, []uint32{split.n}, make([]byte, split.n))
	}
	quick := []string{"--quiet", "--sample-rows", "0", "--filters-every", "0", "--epochs", "1", "-k", "1", "--hidden", "10", "--out", path("run")}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"model claiming 10^18 hidden units", []string{"sample", "--model", path("huge.npz")}, "more than 16777216 units"},
		{"model claiming 2^32×2^32 hidden units", []string{"sample", "--model", path("overflow.npz")}, "more than 16777216 units"},
		{"model claiming 10^9 hidden units", []string{"sample", "--model", path("billion.npz")}, "more than 16777216 units"},
		{"model of dtype float16", []string{"sample", "--model", path("dtype.npz")}, `dtype "float16"`},
		{"not a zip", []string{"sample", "--model", os.Args[0]}, "not a valid model file"},
		{"W claiming 2^30 values", []string{"sample", "--model", path("claims.npz")}, `array "W" has shape [32768 32768], want [784 5]`},
		{"--hidden 10^18", []string{"train", "--hidden", "1000000000000000000"}, "more than the 16777216 a layer may have"},
		{"--hidden 2^32×2^32", []string{"train", "--hidden", "drelu:4294967296x4294967296"}, "more than the 16777216 a layer may have"},
		{"--hidden 10^9", []string{"train", "--hidden", "1000000000"}, "more than the 16777216 a layer may have"},
		{"gradcheck --hidden 10^18", []string{"gradcheck", "--hidden", "1000000000000000000"}, "16777216"},
		{"corrupt gzipped MNIST", append([]string{"train", "--data", corrupt}, quick...), "mnist"},
		{"20×20 images", append([]string{"train", "--data", small}, quick...), "28×28"},
		{"gradcheck --step 1e300", []string{"gradcheck", "--step", "1e300"}, "NaN"},
		{"gradcheck --tol NaN", []string{"gradcheck", "--tol", "NaN"}, "--tol"},
		{"gradcheck stray argument", []string{"gradcheck", "stray"}, "unexpected"},
		{"bench stray argument", []string{"bench", "stray"}, "unexpected arguments"},
		{"--lr 1e38 diverges", append([]string{"train", "--lr", "1e38", "--train-size", "200"}, quick...), "training stopped"},
		{"unwritable run folder", append([]string{"train", "--train-size", "200", "--out", "/proc/rbm-run"}, quick[:len(quick)-2]...), "/proc/rbm-run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := runProgram(t, tc.args...)
			stderr = strings.TrimRight(stderr, "\n")
			if code != 1 {
				t.Errorf("exit status %d, want 1; standard error %q", code, stderr)
			}
			if strings.Contains(stderr, "\n") || !strings.HasPrefix(stderr, "rbm: ") || !strings.Contains(stderr, tc.want) {
				t.Errorf("standard error %q, want one line starting \"rbm: \" and naming %q", stderr, tc.want)
			}
		})
	}
}

// A run stopped by a signal at any moment, gracefully (one interrupt) or at
// once (two), leaves only whole files: every file in its folder loads, and
// no temporary file remains.
func TestInterruptLeavesWholeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program several times")
	}
	for i, delay := range []time.Duration{300 * time.Millisecond, 700 * time.Millisecond, 1100 * time.Millisecond, 1600 * time.Millisecond} {
		out := filepath.Join(t.TempDir(), "run")
		cmd := exec.Command(os.Args[0], "train", "--train-size", "400", "--epochs", "1000", "-k", "1", "--hidden", "20",
			"--quiet", "--sample-rows", "0", "--checkpoint-every", "3", "--out", out, "--seed", strconv.Itoa(i+1))
		cmd.Env = append(os.Environ(), "RBM_TEST_RUN_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(os.Interrupt)
		if i%2 == 1 {
			// A second interrupt stops at once, whatever is being written.
			time.Sleep(time.Duration(i) * 20 * time.Millisecond)
			cmd.Process.Signal(os.Interrupt)
		}
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 130 {
			t.Errorf("after %v: %v (standard error %q), want exit status 130", delay, err, stderr.String())
		}
		entries, _ := os.ReadDir(out)
		more, _ := os.ReadDir(filepath.Join(out, "checkpoints"))
		for _, e := range more {
			entries = append(entries, checkpointFile{e})
		}
		for _, e := range entries {
			p := filepath.Join(out, e.Name())
			switch {
			case e.Name() == runlock.Name: // the run folder's lock file stays, unlocked
				continue
			case strings.HasPrefix(filepath.Base(e.Name()), "."):
				t.Errorf("after %v: temporary file %s left behind", delay, e.Name())
			case e.IsDir():
				continue
			case strings.HasSuffix(e.Name(), ".npz"):
				if _, _, err := rbm.Load[float32](p); err != nil {
					t.Errorf("after %v: %v", delay, err)
				}
			case strings.HasSuffix(e.Name(), ".png"):
				f, _ := os.Open(p)
				if _, err := png.Decode(f); err != nil {
					t.Errorf("after %v: %s: %v", delay, e.Name(), err)
				}
				f.Close()
			case strings.HasSuffix(e.Name(), ".csv"):
				f, _ := os.Open(p)
				rows, err := csv.NewReader(f).ReadAll()
				if err != nil || len(rows) < 2 || len(rows[0]) < len(monitorColumns) {
					t.Errorf("after %v: monitors.csv: %d rows, %v", delay, len(rows), err)
				}
				f.Close()
			}
		}
	}
}

// checkpointFile is a directory entry of the checkpoints folder, named by
// its path in the run folder.
type checkpointFile struct{ os.DirEntry }

func (c checkpointFile) Name() string { return filepath.Join("checkpoints", c.DirEntry.Name()) }
