package cli

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/rbm/bench"
)

func TestParseUnits(t *testing.T) {
	for _, tc := range []struct {
		in    string
		kind  string
		shape []int
		err   string
	}{
		{"500", "binary", []int{500}, ""},
		{"drelu", "drelu", []int{500}, ""},
		{"relu:200", "relu", []int{200}, ""},
		{"drelu:2x2x2x2", "drelu", []int{2, 2, 2, 2}, ""},
		{"drelu:0", "", nil, "not a positive unit count"},
		{"potts:3xq", "", nil, `"q" is not a positive unit count`},
	} {
		kind, shape, err := parseUnits(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || kind != tc.kind || !reflect.DeepEqual(shape, tc.shape) {
			t.Errorf("%q: %q %v %v, want %q %v", tc.in, kind, shape, err, tc.kind, tc.shape)
		}
	}
}

// Impossible flags are refused with a message naming them.
func TestRefusedFlags(t *testing.T) {
	checkRefusals(t, nil, []refusal{
		{[]string{"fly"}, `unknown command "fly"`},
		{[]string{"train", "--data", "/nonexistent"}, "/nonexistent: no such file"},
		{[]string{"train", "extra"}, "unexpected arguments"},
		{[]string{"sample", "--model", "/nonexistent.npz"}, "no such file"},
		{[]string{"plot", "sine"}, "name one figure: drelu"},
		{[]string{"gradcheck", "--batch", "0"}, "--batch must be at least 1"},
		{[]string{"bench", "--batches", "0"}, "--batches must be at least 1"},
		{[]string{"bench", "--rounds", "0"}, "--rounds must be at least 1"},
		{[]string{"bench", "--peer", "/nonexistent.py"}, "peer script"},
		{[]string{"bench", "stray"}, "unexpected arguments"},
		{[]string{"bench", "--peer", "", "--data", "/nonexistent", "--cpuprofile", "/nonexistent/cpu.prof"}, "--cpuprofile"},
	})
}

// Every flag of "rbm train" is checked before any data is read: with a data
// folder that does not exist, a bad flag is what the error names.
func TestTrainFlagsCheckedBeforeData(t *testing.T) {
	checkRefusals(t, []string{"train", "--data", "/nonexistent"}, []refusal{
		{[]string{"--visible", "tanh"}, `--visible: unknown layer kind "tanh"`},
		{[]string{"--hidden", "tanh:5"}, `unknown layer kind "tanh"`},
		{[]string{"--hidden", "relu:0"}, `"0" is not a positive unit count`},
		{[]string{"--hidden", "1000000000000000000"}, "more than the 16777216 a layer may have"},
		{[]string{"--hidden", "99999999999999999999"}, "more than the 16777216 a layer may have"},
		{[]string{"--hidden", "drelu:4294967296x4294967296"}, "more than the 16777216 a layer may have"},
		{[]string{"--hidden", "drelu:65536x65536"}, "has more than 16777216 units"},
		{[]string{"--hidden", "1000000"}, "weight matrix of more than the 268435456 elements"},
		{[]string{"--k", "0"}, "k must be at least 1"},
		{[]string{"--init-std", "-0.1"}, "--init-std must be a finite number"},
		{[]string{"--init-std", "NaN"}, "--init-std must be a finite number"},
		{[]string{"--optimizer", "rmsprop"}, "--optimizer must be sgd or adam"},
		{[]string{"--optimizer", "adam", "--momentum", "0.5"}, "--momentum is for sgd"},
		{[]string{"--lr", "NaN"}, "learning rate"},
		{[]string{"--lr", "-1"}, "learning rate"},
		{[]string{"--bias-lr-factor", "-1"}, "learning rate"},
		{[]string{"--momentum", "1"}, "momentum"},
		{[]string{"--weight-decay", "-1"}, "weight decay"},
		{[]string{"--batch", "0"}, "batch size must be at least 1"},
		{[]string{"--epochs", "0"}, "--epochs must be at least 1"},
		{[]string{"--seed", "-1"}, "invalid argument"},
		{[]string{"--dtype", "float16"}, "--dtype must be float32 or float64"},
		{[]string{"--out", ""}, "--out must name a folder"},
		{[]string{"--train-size", "-1"}, "--train-size must not be negative"},
		{[]string{"--binarize", "maybe"}, "--binarize must be none, threshold or stochastic"},
		{[]string{"--binarize", "threshold", "--threshold", "1"}, "--threshold must be in (0,1)"},
		{[]string{"--binarize", "threshold", "--threshold", "NaN"}, "--threshold must be in (0,1)"},
		{[]string{"--standardize", "--binarize", "threshold"}, "--standardize and --binarize exclude each other"},
		{[]string{"--rebinarize"}, `--rebinarize draws --binarize stochastic anew every epoch: it needs --binarize stochastic, not "none"`},
		{[]string{"--rebinarize", "--binarize", "threshold"}, `it needs --binarize stochastic, not "threshold"`},
		{[]string{"--rebinarize", "--binarize", "stochastic", "--epochs", "2147483648"}, "--rebinarize draws at most 2147483647 epochs"},
		{[]string{"--filters-every", "-1"}, "--filters-every must not be negative"},
		{[]string{"--exact-pl", "-1"}, "--exact-pl must not be negative"},
		{[]string{"--exact-pl", "5", "--visible", "gaussian"}, "--exact-pl needs two-state visible units"},
		{[]string{"--sample-rows", "-1"}, "--sample-rows must not be negative"},
		{[]string{"--sample-chains", "0"}, "--sample-chains must be at least 1"},
		{[]string{"--sample-steps", "0"}, "--sample-steps must be at least 1"},
		{[]string{"--quiet=maybe"}, "invalid argument"},
		{[]string{"--cd=maybe"}, "invalid argument"},
		{[]string{"--average-from", "-1"}, "--average-from must not be negative"},
	})
}

// A run whose flags fail against the data writes nothing into its folder.
func TestFailedRunWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	err := run([]string{"train", "--out", out, "--train-size", "10", "--batch", "20", "--quiet"})
	if err == nil || !strings.Contains(err.Error(), "--batch 20 exceeds the 10 training rows") {
		t.Fatalf("error %v, want one about --batch", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the failed run created %s (%v)", out, err)
	}
}

func TestGradcheckCommand(t *testing.T) {
	for _, args := range [][]string{
		{"gradcheck"},
		{"gradcheck", "--visible", "potts:3x3", "--hidden", "xrelu:3"},
		{"gradcheck", "--visible", "spin", "--hidden", "gaussian:4"},
	} {
		if err := run(args); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// The bench alternates between this program and the peer, and refuses a peer
// that prints no time. The peer here is a shell script standing in for Python.
func TestBenchRoundsWithPeer(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.sh")
	bad := filepath.Join(dir, "bad.sh")
	if err := os.WriteFile(good, []byte("echo peer=fake seconds_per_epoch=42.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("echo nothing to see\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { bench.MinTime = d }(bench.MinTime)
	bench.MinTime = time.Millisecond // the floor is not what this test checks
	quick := []string{"--batches", "2", "--k", "1", "--hidden", "10", "--python", "/bin/sh"}
	out, err := stdoutOf(func() error { return run(append([]string{"bench", "--rounds", "3", "--peer", good}, quick...)) })
	if err != nil {
		t.Errorf("bench with a peer: %v", err)
	}
	for _, want := range []string{"round 3/3: rbm ", "peer 42.5 s an epoch", "the median of 3 rounds"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench printed %q, want a line with %q", out, want)
		}
	}
	_, err = stdoutOf(func() error { return run(append([]string{"bench", "--rounds", "1", "--peer", bad}, quick...)) })
	if err == nil || !strings.Contains(err.Error(), "printed no seconds_per_epoch") {
		t.Errorf("bench with a silent peer: error %v", err)
	}
}

// Without a peer the bench describes the machine and the BLAS, times the
// dense floor and prints each round's ratio to it.
func TestBenchMachineAndFloor(t *testing.T) {
	out, err := stdoutOf(func() error { return run([]string{"bench", "--peer", "", "--rounds", "1", "--batches", "5"}) })
	if err != nil {
		t.Fatalf("bench: %v", err)
	}
	for _, want := range []string{
		"\nmachine " + bench.Current().String() + "\n",
		fmt.Sprintf("\nBLAS    %s, %s\n", blasName, bench.Plural(graph.BLASThreads(), "thread")),
		"floor   17 × 20×784·784×500 ",
		"\nround 1/1: rbm ",
		"\n5 batches of 20 a round, monitors included; BLAS: " + blasName + "\n",
		"\nfloor   rbm/floor = ",
	} {
		if !strings.Contains("\n"+out, want) {
			t.Errorf("bench printed\n%s\nwant a line with %q", out, want)
		}
	}
	m := regexp.MustCompile(`(?m)^dense floor: 37 products of 20×784·784×500 a batch at .* GFLOP/s \(sgemm, ` + blasName + `, 1 thread\): (\S+) s an epoch$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("bench printed\n%s\nwant a dense floor line", out)
	}
	if f, err := strconv.ParseFloat(m[1], 64); err != nil || !(f > 0) || math.IsInf(f, 0) {
		t.Errorf("the dense floor is %q s an epoch, want a positive finite number", m[1])
	}
	if r := regexp.MustCompile(`(?m)^round 1/1: rbm [0-9.]+ s an epoch, rbm/floor ([0-9.]+)$`).FindStringSubmatch(out); r == nil {
		t.Errorf("bench printed\n%s\nwant a round line with rbm/floor", out)
	} else if f, err := strconv.ParseFloat(r[1], 64); err != nil || !(f > 0) {
		t.Errorf("rbm/floor is %q, want a positive number", r[1])
	}
}

// stdoutOf runs f and returns what it printed on standard output.
func stdoutOf(f func() error) (string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	saved := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	err = f()
	os.Stdout = saved
	w.Close()
	return <-done, err
}
