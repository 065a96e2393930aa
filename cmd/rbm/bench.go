package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"runtime/pprof"
	"strconv"

	"github.com/rbmgo/rbm/rbm"
)

func runBench(args []string) error {
	var o trainOptions
	var batches int
	var peer, python string
	var peerThreads int
	fs := newFlagSet("bench", "Time training batches of the tutorial's configuration (PCD-15, batch 20, 500 hidden)\nand, in the same run, the PyTorch peer on the same settings; print seconds per\n60000-digit epoch for both and their ratio.")
	fs.IntVar(&batches, "batches", 300, "batches to time")
	fs.IntVarP(&o.k, "k", "k", 15, "Gibbs steps per update")
	fs.BoolVar(&o.cd, "cd", false, "CD-k instead of PCD-k")
	fs.IntVar(&o.batch, "batch", 20, "mini-batch size")
	fs.StringVar(&o.hidden, "hidden", "500", "hidden units (as for train)")
	fs.StringVar(&o.dtype, "dtype", "float32", "float32 or float64")
	fs.StringVar(&o.dataDir, "data", "", "folder with the MNIST idx files (default: the copy in the Go module cache)")
	fs.StringVar(&peer, "peer", "../shared/peers/torch_pcd.py", "PyTorch peer script (empty: no peer)")
	fs.StringVar(&python, "python", "/usr/bin/python3", "Python to run the peer with")
	fs.IntVar(&peerThreads, "peer-threads", 1, "threads the peer may use")
	var profile string
	fs.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the timed training to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
	}
	if batches < 1 {
		return fmt.Errorf("--batches must be at least 1, got %d", batches)
	}
	var own float64
	var err error
	switch o.dtype {
	case "float32":
		own, err = benchTrain[float32](&o, batches)
	case "float64":
		own, err = benchTrain[float64](&o, batches)
	default:
		return fmt.Errorf("bench: --dtype must be float32 or float64, not %q", o.dtype)
	}
	pprof.StopCPUProfile()
	if err != nil {
		return err
	}
	fmt.Printf("rbm     seconds_per_epoch=%.1f (%d batches timed, monitors included)\n", own, batches)
	if peer == "" {
		return nil
	}
	if _, err := os.Stat(peer); err != nil {
		return fmt.Errorf("bench: peer script: %w (give --peer \"\" to skip the peer)", err)
	}
	pargs := []string{peer, "--k", strconv.Itoa(o.k), "--batch", strconv.Itoa(o.batch), "--batches", strconv.Itoa(batches),
		"--dtype", o.dtype, "--threads", strconv.Itoa(peerThreads)}
	if _, shape, err := parseUnits(o.hidden); err == nil && len(shape) == 1 {
		pargs = append(pargs, "--hidden", strconv.Itoa(shape[0]))
	}
	if o.cd {
		pargs = append(pargs, "--cd")
	}
	var out bytes.Buffer
	cmd := exec.Command(python, pargs...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench: peer %s: %w (its setup is ../shared/peers/setup.sh)", peer, err)
	}
	m := regexp.MustCompile(`seconds_per_epoch=([0-9.]+)`).FindSubmatch(out.Bytes())
	if m == nil {
		return fmt.Errorf("bench: peer printed no seconds_per_epoch: %q", out.String())
	}
	theirs, _ := strconv.ParseFloat(string(m[1]), 64)
	fmt.Printf("peer    %s", out.String())
	fmt.Printf("ratio   peer/rbm = %.2f (above 1: rbm is faster)\n", theirs/own)
	return nil
}

// benchTrain trains batches batches of the configuration and returns the
// seconds a 60000-digit epoch would take at that rate.
func benchTrain[T rbm.Float](o *trainOptions, batches int) (float64, error) {
	kind, shape, err := parseUnits(o.hidden)
	if err != nil {
		return 0, err
	}
	x, _, err := loadMNIST[T](o.dataDir)
	if err != nil {
		return 0, err
	}
	const nv = 784
	if need := batches * o.batch * nv; need <= len(x) {
		x = x[:need]
	} else {
		return 0, fmt.Errorf("bench: %d batches of %d exceed the %d training digits", batches, o.batch, len(x)/nv)
	}
	vis, err := rbm.NewBinary[T]("v", nv)
	if err != nil {
		return 0, err
	}
	hid, err := rbm.NewLayer[T](kind, "h", shape...)
	if err != nil {
		return 0, err
	}
	m, err := rbm.New(vis, hid, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		return 0, err
	}
	opt, err := newOptimizer[T]("sgd", 0.1, 1, 0, 0)
	if err != nil {
		return 0, err
	}
	tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: o.k, Persistent: !o.cd, BatchSize: o.batch, Seed: 1})
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
}
