package cli

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/rbmgo/rbm/rbm"
)

func runSample(args []string) error {
	var o sampleOptions
	var modelPath, out, dataDir, dtype string
	var quiet bool
	var a anySampleOptions
	fs := newFlagSet("sample", "Draw the tutorial's samples figure from a saved model: chains started at\nrandom test digits, one row of visible means every --sample-steps Gibbs steps.")
	fs.StringVar(&modelPath, "model", "rbm_plots/model.npz", "model file written by 'rbm train'")
	fs.StringVar(&out, "out", "samples.png", "PNG file to write, or .npy: an array of chains × rows × visible units")
	mnistFlag(fs, &dataDir)
	dtypeFlag(fs, &dtype)
	o.register(fs)
	a.register(fs)
	seedFlag(fs, &o.seed)
	fs.Var(&o.maxMemory, "max-memory", maxMemoryUsage)
	registerMaxTime(fs, &o.maxTime)
	quietFlag(fs, &quiet)
	if err := parseFlags("sample", fs, args); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	if o.rows == 0 {
		return fmt.Errorf("--sample-rows must be at least 1")
	}
	return byDtype("sample", dtype,
		func() error { return sampleFrom[float32](modelPath, out, dataDir, o, a, quiet) },
		func() error { return sampleFrom[float64](modelPath, out, dataDir, o, a, quiet) })
}

func sampleFrom[T rbm.Float](modelPath, out, dataDir string, o sampleOptions, a anySampleOptions, quiet bool) error {
	if a.stack != "" {
		return sampleAny[T](modelPath, out, dataDir, o, a, quiet)
	}
	m, extra, err := rbm.Load[T](modelPath)
	if err != nil {
		return err
	}
	if a.applies(out, m.Visible.Len(), extra) {
		return sampleAny[T](modelPath, out, dataDir, o, a, quiet)
	}
	if m.Visible.Len() != 28*28 {
		return fmt.Errorf("sample: the model has %d visible units, MNIST digits have 784", m.Visible.Len())
	}
	var z T
	if err := checkSampling(o, m.Visible.Len(), m.Hidden.Len(), int(unsafe.Sizeof(z)), 28, 28, &o.maxMemory, o.maxTime, "--max-time"); err != nil {
		return err
	}
	_, test, err := loadMNIST[T](dataDir)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := drawSamples(out, m, test, 28, 28, o, quiet); err != nil {
		return err
	}
	fmt.Printf("samples in %s (%.1f s)\n", out, time.Since(start).Seconds())
	return nil
}
