package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/shellquote"
)

// writeWideCSV writes rows rows of cols zeros and ones.
func writeWideCSV(t *testing.T, path string, rows, cols int) {
	t.Helper()
	row := strings.Repeat("0,1,", cols/2)
	row = row[:len(row)-1] + "\n"
	if err := os.WriteFile(path, []byte(strings.Repeat(row, rows)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Runs whose memory or time has no bound are refused before they start,
// with one line naming the estimate and the flag that raises the bound;
// the messages of the other refusals name the right flag or file.
func TestBoundsAndMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("reads MNIST")
	}
	dir := t.TempDir()
	model := seededModel(t, dir, "model.npz", mnistPixels, 20, 1, nil)
	wide := filepath.Join(dir, "wide.csv")
	writeWideCSV(t, wide, 2, 5000000)
	folder := filepath.Join(dir, "a folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	out := func(name string) string { return filepath.Join(dir, name) }
	const huge = "9223372036854775807"
	for _, tc := range []struct {
		name string
		args []string
		want []string // every one in the error
		not  []string // none of these
	}{
		// Memory beyond any bound.
		{"batch × hidden", []string{"train", "--hidden", "300000", "--batch", "5000", "--out", out("m1")}, []string{"would allocate about", "GiB", "chains", "--max-memory"}, nil},
		{"hidden 342000", []string{"train", "--hidden", "342000", "--max-memory", "8GiB", "--out", out("m2")}, []string{"would allocate about", "parameters", "--max-memory 8.0 GiB"}, nil},
		{"5,000,000 columns", []string{"train", "--data", wide, "--hidden", "20", "--batch", "2", "--max-memory", "2GiB", "--out", out("m3")}, []string{"would allocate about", "--max-memory"}, nil},
		{"gradcheck drelu:16777216", []string{"gradcheck", "--nv", "4", "--hidden", "drelu:16777216", "--max-memory", "8GiB"}, []string{"gradcheck would allocate", "--max-memory"}, nil},
		{"dream rows", []string{"dream", "--model", model, "--steps", "1000000", "--rows", "1000000", "--from-test", "0:1000", "--max-memory", "1GiB", "--out", out("d.png")}, []string{"--rows 1000000 would allocate about", "--max-memory"}, nil},
		{"sample rows", []string{"sample", "--model", model, "--sample-rows", "100000000", "--out", out("s.png")}, []string{"would allocate about", "TiB", "--max-memory"}, nil},
		{"bad --max-memory", []string{"train", "--max-memory", "lots"}, []string{"--max-memory", "8GiB"}, nil},
		{"device as .npy", []string{"train", "--data", out("zero.npy"), "--out", out("m4")}, []string{"not a regular file"}, nil},
		// Work without bound.
		{"eval max-states", []string{"eval", "--model", model, "--max-states", "1099511627776"}, []string{"--max-states must be at most 17179869184"}, nil},
		{"eval exact time", []string{"eval", "--model", model, "--method", "exact", "--max-time", "1us", "--raise", "0"}, []string{"exact log Z would take", "--max-time"}, nil},
		{"dream steps", []string{"dream", "--model", model, "--steps", huge, "--out", out("d.png")}, []string{"--steps " + huge + " would take about", "years", "--max-time"}, nil},
		{"sample steps", []string{"sample", "--model", model, "--sample-steps", huge, "--out", out("s.png")}, []string{"would take about", "years", "--max-time"}, nil},
		{"train sample steps", []string{"train", "--sample-steps", huge, "--out", out("m5")}, []string{"would take about", "--sample-steps"}, nil},
		{"gradcheck time", []string{"gradcheck", "--nv", "4", "--hidden", "drelu:1000000", "--max-memory", "1TiB"}, []string{"gradcheck would take about", "--max-time"}, nil},
		// Messages.
		{"gradcheck --visible", []string{"gradcheck", "--visible", "potts:0x3"}, []string{`--visible "potts:0x3"`}, []string{"--hidden"}},
		{"missing data file", []string{"train", "--data", out("mydata.csv"), "--out", out("m6")}, []string{"mydata.csv", "no such file"}, []string{"train-images"}},
		{"models pattern", []string{"orbm", "separate", "--models", "x%s"}, []string{"no %d"}, []string{"%!"}},
		{"models two verbs", []string{"orbm", "separate", "--models", "x%d/%s"}, []string{"a % other than the one %d"}, []string{"%!"}},
		{"average into a folder", []string{"average", "--out", folder, model, model}, []string{"is a folder"}, []string{"closed", "rename"}},
		{"dream into a folder", []string{"dream", "--model", model, "--steps", "1", "--out", folder}, []string{"is a folder"}, []string{"closed", "rename"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.name, "device") {
				if err := os.Symlink("/dev/zero", out("zero.npy")); err != nil && !os.IsExist(err) {
					t.Skip(err)
				}
			}
			_, err := stdoutOf(func() error { return run(tc.args) })
			if err == nil {
				t.Fatalf("%v: no error", tc.args)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("%v: error of more than one line: %q", tc.args, msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%v: error %q, want it to contain %q", tc.args, msg, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(msg, w) {
					t.Errorf("%v: error %q contains %q", tc.args, msg, w)
				}
			}
		})
	}
}

// The program prints one error line for a folder given as the file to
// write, as for any other error.
func TestOneErrorLine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program")
	}
	dir := t.TempDir()
	model := seededModel(t, dir, "model.npz", mnistPixels, 20, 1, nil)
	for _, args := range [][]string{
		{"dream", "--model", model, "--steps", "1", "--out", dir},
		{"average", "--out", dir, model, model},
	} {
		code, stderr := runProgram(t, args...)
		if code != 1 || strings.Count(stderr, "rbm: ") != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, standard error %q; want status 1 and one line", args, code, stderr)
		}
	}
}

// A resumed run refused for a flag the run did not give (--digits) says what the run had, and a
// run folder that exists already is named as a shell reads it back.
func TestResumeMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("trains")
	}
	dir := filepath.Join(t.TempDir(), "my run")
	args := []string{"train", "--train-size", "100", "--hidden", "5", "-k", "1", "--epochs", "1", "--batch", "20",
		"--sample-rows", "0", "--histograms=false", "--filters-every", "0", "--quiet", "--out", dir}
	if _, err := stdoutOf(func() error { return run(args) }); err != nil {
		t.Fatal(err)
	}
	_, err := stdoutOf(func() error { return run(args) })
	if err == nil || !strings.Contains(err.Error(), "--resume "+shellquote.Quote(dir)+",") {
		t.Errorf("a second run into %q: %v, want the resume hint quoted", dir, err)
	}
	_, err = stdoutOf(func() error { return run([]string{"train", "--resume", dir, "--digits", "3"}) })
	if err == nil || !strings.Contains(err.Error(), "contradicts the run's default (the run gave no --digits)") {
		t.Errorf("--resume with --digits: %v", err)
	}
}
