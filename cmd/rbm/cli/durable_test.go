package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/internal/testutil"
	"github.com/rbmgo/rbm/rbm/npz"
)

// writeRows writes a CSV of 60 rows of 6 binary values, the pattern
// shifted by shift.
func writeRows(t *testing.T, path string, shift int) {
	t.Helper()
	var b strings.Builder
	for i := range 60 {
		for j := range 6 {
			sep := ","
			if j == 5 {
				sep = "\n"
			}
			fmt.Fprintf(&b, "%d%s", (i+j+shift)%2, sep)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// csvRun are the flags of a small run on a data file.
func csvRun(data, out string, epochs int) []string {
	return []string{"train", "--data", data, "--hidden", "4", "-k", "1", "--epochs", strconv.Itoa(epochs), "--batch", "10",
		"--quiet", "--sample-rows", "0", "--filters-every", "0", "--histograms=false", "--out", out}
}

// csvTrained trains a run of csvRun for epochs in a new folder dir: on
// data, the rows of writeRows with no shift, into out.
func csvTrained(t *testing.T, epochs int) (dir, data, out string) {
	t.Helper()
	dir = t.TempDir()
	data, out = filepath.Join(dir, "rows.csv"), filepath.Join(dir, "run")
	writeRows(t, data, 0)
	runOK(t, csvRun(data, out, epochs)...)
	return dir, data, out
}

// runOK runs the command and returns its standard output, failing the
// test on an error.
func runOK(t *testing.T, args ...string) string {
	t.Helper()
	out, err := stdoutOf(func() error { return run(args) })
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out
}

// runErr runs the command and returns its error's text, failing the test
// when it succeeds or the text lacks want.
func runErr(t *testing.T, want string, args ...string) string {
	t.Helper()
	_, err := stdoutOf(func() error { return run(args) })
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("%v: error %v, want one containing %q", args, err, want)
	}
	return err.Error()
}

// While a run trains in its folder (in another process), a second
// --resume of it, or a new run that would --overwrite it, is refused
// naming the process; once that process is gone the folder is free.
func TestTrainOneWriterPerFolder(t *testing.T) {
	_, data, out := csvTrained(t, 1)
	cmd, stdout := testutil.StartChild(t, "RBM_TEST_RUN_MAIN=1", "train", "--resume", out, "--epochs", "100000", "--checkpoint-every", "1", "--keep", "1")
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "epoch") {
	}
	go func() {
		for lines.Scan() {
		}
	}()
	holder := fmt.Sprintf("process %d", cmd.Process.Pid)
	runErr(t, holder, "train", "--resume", out, "--epochs", "2")
	runErr(t, holder, append(csvRun(data, out, 1), "--overwrite")...)
	cmd.Process.Kill()
	cmd.Wait()
	runOK(t, append(csvRun(data, out, 1), "--overwrite")...)
}

// A run trained on a data file named by a relative path, resumed from
// another folder that holds another file of that name, goes on with its
// own file; a changed file is refused, unless --data names the data
// deliberately, and then the run says so and records it.
func TestResumeProvesItsData(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	writeRows(t, filepath.Join(a, "rows.csv"), 0)
	writeRows(t, filepath.Join(b, "rows.csv"), 1)
	out := filepath.Join(a, "run")
	t.Chdir(a)
	runOK(t, csvRun("rows.csv", out, 1)...)
	t.Chdir(b)
	runOK(t, "train", "--resume", out, "--epochs", "2")
	writeRows(t, filepath.Join(a, "rows.csv"), 1) // changed in place
	runErr(t, "the data differs from the data the run trained on", "train", "--resume", out, "--epochs", "3")
	if got := runOK(t, "train", "--resume", out, "--epochs", "3", "--data", "rows.csv"); !strings.Contains(got, "training on the data --data names") {
		t.Errorf("a deliberate --data: output\n%s", got)
	}
	runOK(t, "train", "--resume", out, "--epochs", "4") // the new data is the run's now
}

// A junk file named like a checkpoint does not stop "rbm checkpoints" or
// --resume, which report it; resuming from an earlier checkpoint moves the
// later ones aside, so that the next --resume continues the new branch.
func TestCheckpointsDamagedAndBranches(t *testing.T) {
	_, _, out := csvTrained(t, 3)
	ck := filepath.Join(out, "checkpoints")
	os.WriteFile(filepath.Join(ck, "epoch_0000.npz"), []byte("junk"), 0o644)
	os.WriteFile(filepath.Join(ck, ".epoch_0004.npz-123"), []byte("half"), 0o644) // a write a SIGKILL cut short
	if got := runOK(t, "checkpoints", out); !strings.Contains(got, "skipping") || !strings.Contains(got, "epoch_0003.npz") {
		t.Errorf("rbm checkpoints:\n%s", got)
	}
	got := runOK(t, "train", "--resume", filepath.Join(ck, "epoch_0001.npz"), "--epochs", "2")
	if !strings.Contains(got, "abandoned-1") {
		t.Errorf("resuming from epoch 1:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(ck, ".epoch_0004.npz-123")); !os.IsNotExist(err) {
		t.Errorf("the temporary file of a killed write is still there: %v", err)
	}
	if got := runOK(t, "checkpoints", out); strings.Contains(got, "epoch_0003.npz") {
		t.Errorf("rbm checkpoints lists the abandoned branch:\n%s", got)
	}
	if got := runOK(t, "train", "--resume", out, "--epochs", "3"); !strings.Contains(got, "epoch_0002.npz after 2 epochs") {
		t.Errorf("the next --resume:\n%s", got)
	}
}

// Every read of a model file checks its SHA-256.
func TestModelChecksumOnRead(t *testing.T) {
	dir, data, out := csvTrained(t, 1)
	model := filepath.Join(out, "model.npz")
	changed := filepath.Join(dir, "changed.npz")
	testutil.EditArray(t, model, changed, "hbias", func(a *npz.Array) { a.Data.([]float32)[0] += 1 })
	for _, args := range [][]string{
		{"average", "--out", filepath.Join(dir, "mean.npz"), changed, model},
		{"dream", "--model", changed, "--out", filepath.Join(dir, "dream.png")},
		{"sample", "--model", changed, "--out", filepath.Join(dir, "s.png")},
		append(csvRun(data, filepath.Join(dir, "run2"), 1), "--init-model", changed),
	} {
		runErr(t, "checksum mismatch", args...)
	}
}

// A folder that holds a run is refused before any data is read; --overwrite
// leaves files the run did not write; a folder whose run stopped before its
// first checkpoint is reused, with or without --resume.
func TestRunFolders(t *testing.T) {
	dir, data, out := csvTrained(t, 1)
	runErr(t, "already holds a run", csvRun(filepath.Join(dir, "missing.csv"), out, 1)...)
	notes := filepath.Join(out, "checkpoints", "notes.txt")
	os.WriteFile(notes, []byte("mine"), 0o644)
	runOK(t, append(csvRun(data, out, 1), "--overwrite")...)
	if _, err := os.Stat(notes); err != nil {
		t.Errorf("--overwrite removed a file the run did not write: %v", err)
	}

	failed := filepath.Join(dir, "failed")
	os.MkdirAll(filepath.Join(failed, "checkpoints"), 0o755)
	os.WriteFile(filepath.Join(failed, "monitors.csv"), []byte("epoch,pseudo_likelihood\n0,-4\n"), 0o644)
	runOK(t, csvRun(data, failed, 1)...)
	os.RemoveAll(failed)
	os.MkdirAll(filepath.Join(failed, "checkpoints"), 0o755)
	os.WriteFile(filepath.Join(failed, "monitors.csv"), []byte("epoch,pseudo_likelihood\n0,-4\n"), 0o644)
	got := runOK(t, append(csvRun(data, "", 1)[:len(csvRun(data, "", 1))-2], "--resume", failed)...)
	if !strings.Contains(got, "starting the run anew") {
		t.Errorf("--resume of a run that stopped before its first checkpoint:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(failed, "checkpoints", "epoch_0001.npz")); err != nil {
		t.Error(err)
	}
}
