package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime/pprof"
	"strconv"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/bench"
	"github.com/spf13/pflag"
)

// benchOptions are the flags of "rbm bench".
type benchOptions struct {
	trainOptions
	batches, roundCount int
	peer, python        string
	peerThreads         int
	profile             string
}

func runBench(args []string) error {
	var o benchOptions
	fs := newFlagSet("bench", `Time training batches of the tutorial's configuration (PCD-15, batch 20, 500 hidden)
and the PyTorch peer on the same settings, alternating over several rounds so that
both see the same machine; print seconds per 60000-digit epoch for both, the
ratio of every round and the median ratio.

First it describes the machine (processor, logical CPUs, GOMAXPROCS, caches)
and the BLAS with its threads, and times the dense floor: the seconds an epoch
would take if each matrix product of a batch were a dense GEMM of the BLAS in
use on one core (the products of each shape timed here, best of 3). Every
round then prints this program's seconds over that floor (rbm/floor, below 1:
faster than dense single-threaded products alone), and the summary its median.
The pure Go build's floor uses gonum's GEMM, slower than OpenBLAS's: figures
quoted in the README use the floor of the openblas build.`)
	o.trainOptions.register(pflag.NewFlagSet("defaults", pflag.ContinueOnError)) // train's defaults
	fs.IntVar(&o.batches, "batches", 300, "batches to time in each round, starting from a new model")
	fs.IntVar(&o.roundCount, "rounds", 5, "rounds, each timing this program and then the peer")
	fs.IntVarP(&o.k, "k", "k", 15, "Gibbs steps per update")
	fs.BoolVar(&o.cd, "cd", false, "CD-k instead of PCD-k")
	fs.IntVar(&o.batch, "batch", 20, "mini-batch size")
	fs.StringVar(&o.hidden, "hidden", "500", "hidden units (as for train)")
	dtypeFlag(fs, &o.dtype)
	mnistFlag(fs, &o.dataDir)
	fs.StringVar(&o.peer, "peer", "../shared/peers/torch_pcd.py", "PyTorch peer script (empty: no peer)")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python to run the peer with")
	fs.IntVar(&o.peerThreads, "peer-threads", 1, "threads the peer may use")
	fs.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of the timed training to this file")
	if err := parseFlags("bench", fs, args); err != nil {
		return err
	}
	if err := firstError(atLeast("--batches", o.batches, 1), atLeast("--rounds", o.roundCount, 1)); err != nil {
		return err
	}
	// The tutorial's model and optimizer; the flags above may change the
	// sampler and the sizes.
	o.visible, o.optimizer, o.lr, o.biasFactor, o.seed, o.out = "binary", "sgd", 0.1, 1, 1, "-"
	o.epochs, o.sample.rows = 1, 0
	if err := o.validate(); err != nil {
		return err
	}
	if o.peer != "" {
		if _, err := os.Stat(o.peer); err != nil {
			return fmt.Errorf("bench: peer script: %w (give --peer \"\" to skip the peer)", err)
		}
	}
	return benchmark(&o)
}

// benchmark describes the machine and the BLAS, times the floor, then runs
// the rounds and reports them (bench.Summary).
func benchmark(o *benchOptions) error {
	nh, err := rbm.Units(o.hidShape...)
	if err != nil {
		return fmt.Errorf("bench: --hidden %q: %w", o.hidden, err)
	}
	var profile *os.File
	if o.profile != "" {
		if profile, err = os.Create(o.profile); err != nil {
			return fmt.Errorf("bench: --cpuprofile: %w", err)
		}
		defer profile.Close()
	}
	var own func() (float64, error)
	measure := bench.MeasureFloor[float32]
	if o.dtype == "float64" {
		own, err = benchTrainer[float64](&o.trainOptions, o.batches)
		measure = bench.MeasureFloor[float64]
	} else {
		own, err = benchTrainer[float32](&o.trainOptions, o.batches)
	}
	if err != nil {
		return err
	}
	fmt.Printf("machine %s\n", bench.Current())
	fmt.Printf("BLAS    %s, %s\n", blasName, bench.Plural(graph.BLASThreads(), "thread"))
	sum := bench.Summary{Floor: measure(o.batch, mnistPixels, nh, o.k)}
	sum.Floor.Report(os.Stdout, blasName, graph.BLASThreads())
	if profile != nil {
		if err := pprof.StartCPUProfile(profile); err != nil {
			return fmt.Errorf("bench: --cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if err := o.rounds(own, &sum); err != nil {
		return err
	}
	fmt.Printf("%d batches of %d a round, monitors included; BLAS: %s\n", o.batches, o.batch, blasName)
	sum.Report(os.Stdout)
	return nil
}

// rounds times this program and then the peer, --rounds times.
func (o *benchOptions) rounds(own func() (float64, error), sum *bench.Summary) error {
	if o.peer != "" {
		sum.Peer, sum.PeerThreads = o.peer, o.peerThreads
	}
	for r := 1; r <= o.roundCount; r++ {
		ours, err := own()
		if err != nil {
			return err
		}
		line := fmt.Sprintf("round %d/%d: rbm %.1f s an epoch", r, o.roundCount, ours)
		if o.peer != "" {
			theirs, err := o.runPeer()
			if err != nil {
				return err
			}
			sum.Ratios = append(sum.Ratios, theirs/ours)
			line += fmt.Sprintf(", peer %.1f s an epoch, peer/rbm %.2f", theirs, theirs/ours)
		}
		sum.OverFloor = append(sum.OverFloor, ours/sum.Floor.EpochSec)
		fmt.Printf("%s, rbm/floor %.2f\n", line, ours/sum.Floor.EpochSec)
	}
	return nil
}

// peerSeconds finds the time in the line a peer script prints.
var peerSeconds = regexp.MustCompile(`seconds_per_epoch=([0-9.]+)`)

// runPeer runs the peer script once on the same settings and returns the
// seconds per epoch it prints.
func (o *benchOptions) runPeer() (float64, error) {
	args := []string{o.peer, "--k", strconv.Itoa(o.k), "--batch", strconv.Itoa(o.batch), "--batches", strconv.Itoa(o.batches),
		"--dtype", o.dtype, "--threads", strconv.Itoa(o.peerThreads)}
	if _, shape, err := parseUnits(o.hidden); err == nil && len(shape) == 1 {
		args = append(args, "--hidden", strconv.Itoa(shape[0]))
	}
	if o.cd {
		args = append(args, "--cd")
	}
	var out bytes.Buffer
	cmd := exec.Command(o.python, args...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("bench: peer %s: %w (its setup is ../shared/peers/setup.sh)", o.peer, err)
	}
	m := peerSeconds.FindSubmatch(out.Bytes())
	if m == nil {
		return 0, fmt.Errorf("bench: peer printed no seconds_per_epoch: %q", out.String())
	}
	s, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil || !(s > 0) {
		return 0, fmt.Errorf("bench: peer printed seconds_per_epoch=%s, not a positive number", m[1])
	}
	return s, nil
}

// benchTrainer loads the digits of batches batches of the configuration and
// returns a function that trains a new model on them and returns the seconds a
// 60000-digit epoch would take at that rate.
func benchTrainer[T rbm.Float](o *trainOptions, batches int) (func() (float64, error), error) {
	x, _, err := loadMNIST[T](o.dataDir)
	if err != nil {
		return nil, err
	}
	need := batches * o.batch * mnistPixels
	if need > len(x) {
		return nil, fmt.Errorf("bench: %d batches of %d exceed the %d training digits", batches, o.batch, len(x)/mnistPixels)
	}
	x = x[:need]
	return func() (float64, error) {
		_, tr, _, err := newTrainer[T](o, mnistPixels)
		if err != nil {
			return 0, err
		}
		bar := newBar(false, batches, "rbm")
		st, err := tr.Epoch(x, func(done, _ int) { bar.Set(done) })
		bar.Finish()
		if err != nil {
			return 0, err
		}
		return st.Seconds * 60000 / float64(batches*o.batch), nil
	}, nil
}
