package cli

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTrainWritesRunPage trains a small run, resumes it for one more epoch
// and checks the run page: its path printed at the start, index.html and
// monitors.png in the folder, every picture it shows there, the
// checkpoints table with its best, and the epochs it says were done.
func TestTrainWritesRunPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"train", "--train-size", "200", "--hidden", "16", "--k", "1", "--batch", "20", "--epochs", "2",
		"--sample-rows", "1", "--sample-chains", "3", "--sample-steps", "2", "-q", "--out", out,
		"--eval-every", "2", "--eval-betas", "20", "--eval-runs", "4", "--binarize", "threshold"}
	stdout, err := stdoutOf(func() error { return run(args) })
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join(out, "index.html"))
	first := strings.Index(stdout, "run page (rewritten after every epoch): "+abs+"\n")
	if first < 0 || first > strings.Index(stdout, "epoch  1") {
		t.Errorf("the page's path is not printed before the first epoch:\n%s", stdout)
	}
	page := readPage(t, out, "Epochs: 2 of 2, done.")
	for _, want := range []string{`src="filters_at_epoch_2.png"`, `src="histograms_at_epoch_2.png"`, `src="samples.png"`,
		`data-name="test_log_likelihood_ais20x4"`, `data-name="pseudo_likelihood"`, `href="checkpoints/epoch_0002.npz"`, ">best<"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, "filters_at_epoch_1.png") {
		t.Error("the page shows an earlier epoch's filters")
	}

	if _, err := stdoutOf(func() error {
		return run([]string{"train", "--resume", out, "--epochs", "3", "-q", "--sample-rows", "0"})
	}); err != nil {
		t.Fatal(err)
	}
	readPage(t, out, "Epochs: 3 of 3, done.")
}

// readPage returns the run page of dir after checking that it says want,
// that every picture it shows is in dir and that monitors.png decodes.
func readPage(t *testing.T, dir, want string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if !strings.Contains(page, want) {
		t.Errorf("the page does not say %q", want)
	}
	for _, m := range regexp.MustCompile(`<img src="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if _, err := os.Stat(filepath.Join(dir, m[1])); err != nil {
			t.Errorf("the page shows %s: %v", m[1], err)
		}
	}
	f, err := os.Open(filepath.Join(dir, "monitors.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("monitors.png: %v", err)
	}
	return page
}
