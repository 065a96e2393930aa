package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/orbm"
)

type orbmTrainOptions struct {
	pairFlags
	out, method, optimizer         string
	epochs, count, batch, eval     int
	wakeSweeps, sleepSteps, sweeps int
	lr, biasFactor                 float64
}

func runORBMTrain(args []string) error {
	var o orbmTrainOptions
	fs := orbmFlags("train", "Fine-tune two binary RBMs as an ORBM by wake/sleep learning on composites (pixelwise OR)\nof binarised MNIST training digits of A's and B's classes. The wake phase draws both\nmodels' hidden states given each composite with the ORBM's chain; the sleep phase runs\neach model's own persistent chain; gorgonia derives the gradient of the log-joint.\nWrites OUT/a.npz and OUT/b.npz and prints the separation cross-entropy on test\ncomposites before and after.")
	o.pairFlags.register(fs)
	fs.StringVar(&o.out, "out", "orbm_train", "folder for a.npz and b.npz")
	fs.IntVar(&o.epochs, "epochs", 1, "passes over the composites")
	fs.IntVar(&o.count, "count", 2000, "training composites")
	fs.IntVar(&o.batch, "batch", 20, "composites a step (also the sleep chains of each model)")
	fs.StringVar(&o.method, "method", "exact", "wake chain: "+fmt.Sprint(orbm.MethodNames()))
	fs.IntVar(&o.wakeSweeps, "wake-sweeps", 10, "sweeps of the wake chain a step")
	fs.IntVar(&o.sleepSteps, "sleep-steps", 5, "Gibbs steps of each sleep chain a step")
	fs.StringVar(&o.optimizer, "optimizer", "adam", "sgd or adam")
	fs.Float64Var(&o.lr, "lr", 1e-4, "learning rate of the weights")
	fs.Float64Var(&o.biasFactor, "bias-lr-factor", 0.1, "learning rate of the biases as a factor of --lr")
	fs.IntVar(&o.eval, "eval", 100, "test composites scored before and after")
	fs.IntVar(&o.sweeps, "sweeps", 50, "sweeps of the chain when scoring")
	if err := parseFlags("orbm train", fs, args); err != nil {
		return err
	}
	method, err := parseMethod(o.method)
	if err != nil {
		return err
	}
	opt, err := newOptimizer[float64](o.optimizer, o.lr, o.biasFactor, 0)
	if err != nil {
		return err
	}
	cfg := orbm.TrainConfig{BatchSize: o.batch, WakeSweeps: o.wakeSweeps, SleepSteps: o.sleepSteps, Method: method, Seed: o.seed}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := firstError(
		refuse(o.a == "" || o.b == "", "give two models with --a and --b"),
		atLeast("--epochs", o.epochs, 1),
		refuse(o.count < o.batch, "--count %d must be at least one batch (%d)", o.count, o.batch),
		atLeast("--eval", o.eval, 0),
		atLeast("--sweeps", o.sweeps, 1),
	); err != nil {
		return err
	}
	return fineTune(&o, method, opt, cfg)
}

// fineTune trains the models of o as an ORBM on composites of their classes
// and writes them.
func fineTune(o *orbmTrainOptions, method orbm.Method, opt optim.Optimizer[float64], cfg orbm.TrainConfig) error {
	model, classes, err := loadPair(o.a, o.b, o.digitA, o.digitB)
	if err != nil {
		return err
	}
	trainDigits, testDigits, err := orbmDigits(o.dataDir)
	if err != nil {
		return err
	}
	compose := func(d *orbm.Digits, n int, stream uint64) (v, ta, tb []float64, err error) {
		if ta, tb, err = d.Draw(classes[0], classes[1], n, rand.New(rand.NewPCG(o.seed, stream))); err != nil {
			return nil, nil, nil, err
		}
		v, err = orbm.ComposeOR(ta, tb)
		return v, ta, tb, err
	}
	train, _, _, err := compose(trainDigits, o.count, 1)
	if err != nil {
		return err
	}
	evalV, evalA, evalB, err := compose(testDigits, max(o.eval, 1), 2)
	if err != nil {
		return err
	}
	score := func() (float64, error) {
		if o.eval == 0 {
			return 0, nil
		}
		ra, rb, err := orbm.Separate(model, method, evalV, o.sweeps, o.seed)
		if err != nil {
			return 0, err
		}
		var s orbm.Scores
		s.Add(ra, evalA, mnistPixels)
		s.Add(rb, evalB, mnistPixels)
		m, _ := orbm.MeanSD(s.CrossEntropy)
		return m, nil
	}
	fmt.Printf("wake/sleep training of classes %d and %d on %d composites: %s wake chain (%d sweeps), %s lr %g, batch %d, %d epochs\n",
		classes[0], classes[1], o.count, method, o.wakeSweeps, o.optimizer, o.lr, o.batch, o.epochs)
	if err := wakeSleep(o, model, opt, cfg, train, score); err != nil {
		return err
	}
	return savePair(o, model, classes, method)
}

// wakeSleep runs the epochs, printing the separation cross-entropy score
// gives before and after each.
func wakeSleep(o *orbmTrainOptions, model *orbm.ORBM[float64], opt optim.Optimizer[float64], cfg orbm.TrainConfig, train []float64, score func() (float64, error)) error {
	before, err := score()
	if err != nil {
		return err
	}
	fmt.Printf("before: separation cross-entropy %.2f per image on %d test composites\n", before, o.eval)
	tr, err := orbm.NewTrainer(model, opt, cfg)
	if err != nil {
		return err
	}
	for e := 1; e <= o.epochs; e++ {
		start := time.Now()
		ca, cb, err := tr.Epoch(train)
		if err != nil {
			return err
		}
		after, err := score()
		if err != nil {
			return err
		}
		fmt.Printf("epoch %d: wake/sleep cost A %.3f, B %.3f; separation cross-entropy %.2f (%s)\n", e, ca, cb, after, elapsed(start))
	}
	return nil
}

// savePair writes the fine-tuned models to OUT/a.npz and OUT/b.npz.
func savePair(o *orbmTrainOptions, model *orbm.ORBM[float64], classes [2]int, method orbm.Method) error {
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	for k, m := range []*rbm.RBM[float64]{model.A, model.B} {
		name := []string{"a.npz", "b.npz"}[k]
		extra := map[string]any{"digits": strconv.Itoa(classes[k]), "orbm_fine_tuned": true, "orbm_method": method.String(), "lr": o.lr, "epochs": o.epochs}
		if err := rbm.Save(filepath.Join(o.out, name), m, extra); err != nil {
			return err
		}
	}
	fmt.Printf("models in %s and %s\n", filepath.Join(o.out, "a.npz"), filepath.Join(o.out, "b.npz"))
	return nil
}
