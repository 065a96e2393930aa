package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"

	"github.com/rbmgo/rbm/rbm"

	"github.com/rbmgo/rbm/internal/atomicfile"

	"github.com/rbmgo/rbm/graph"
	"github.com/spf13/pflag"
	_ "go4.org/unsafe/assume-no-moving-gc"
)

// blasName names the BLAS that graph.SelectBLAS chose.
var blasName string

// command is one subcommand of the program.
type command struct {
	name, summary string
	run           func(args []string) error
}

func commands() []command {
	return []command{
		{"train", "train a model on MNIST (defaults: the deeplearning.net tutorial)", runTrain},
		{"sample", "draw samples from a saved model, as the tutorial's figure", runSample},
		{"gradcheck", "compare autodiff gradients with finite differences and moments", runGradcheck},
		{"plot", "draw a figure (drelu: sample histograms over exact densities)", runPlot},
		{"bench", "time training epochs beside the PyTorch peer and a dense GEMM floor, print the ratios", runBench},
		{"checkpoints", "list the checkpoints of a run folder", runCheckpoints},
		{"dream", "let a model dream from test digits, as the TensorFlow 2 article does", runDream},
		{"orbm", "two RBMs explaining one picture: separate, plot, train, xor", runORBM},
		{"revive", "redraw the idle hidden units of a saved model as detectors of single digits", runRevive},
		{"average", "write the mean of several saved models (runs from one model with other seeds)", runAverage},
		{"transform", "write the hidden units' means given rows of data (features) to .npy, .npz or .csv", runTransform},
		{"complete", "fill in the hidden part of rows (the bottom of digits) by clamped Gibbs sampling", runComplete},
		{"probe", "test accuracy of a softmax classifier on a model's hidden means, beside one on the raw rows", runProbe},
		{"eval", "log Z, test log-likelihood (exact or AIS, with RAISE) and pseudo-likelihood of a saved model", runEval},
	}
}

// Main runs the command on os.Args and exits: with status 0 on success, 130
// when interrupted, 1 on any other error, which it prints to standard error.
// It selects the BLAS (graph.SelectBLAS) first, so call it before building
// any graph.
func Main() {
	if os.Getenv("GOGC") == "" {
		// The data sets are a large live heap of plain numbers, cheap to
		// mark, while the compiled graphs allocate their outputs on every
		// run. Collecting after 10% growth reuses that memory while it is
		// still in cache, instead of first growing the heap by the size of
		// the data sets.
		debug.SetGCPercent(10)
	}
	go exitOnSignal()
	if err := Run(os.Args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			os.Exit(0)
		}
		code := 1
		if errors.Is(err, rbm.ErrInterrupted) {
			code = 130
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "rbm: ") {
			msg = "rbm: " + msg
		}
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(code)
	}
}

// Run runs the command on args (os.Args without the program's name, e.g.
// "train", "--hidden", "500") and returns its error; pflag.ErrHelp after
// --help. It prints to standard output and standard error as the command
// does, and selects the BLAS (graph.SelectBLAS) the first time it is called.
// A program of its own registers its unit types (rbm.Register) before
// calling Run or Main, and the commands take them by name.
func Run(args []string) error {
	selectBLAS.Do(func() { blasName = graph.SelectBLAS() })
	return run(args)
}

// selectBLAS selects the BLAS once.
var selectBLAS sync.Once

func run(args []string) error {
	return dispatch(args, commands(), usage, errors.New("no command given"), "unknown command %q")
}

// dispatch runs the command of cmds that args[0] names on the rest of args.
// No arguments, or a first one asking for help, print usage (and return
// none when there are no arguments); an unknown name prints usage and
// returns the error of the format unknown.
func dispatch(args []string, cmds []command, usage func(), none error, unknown string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		if len(args) == 0 {
			return none
		}
		return nil
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return c.run(args[1:])
		}
	}
	usage()
	return fmt.Errorf(unknown, args[0])
}

func usage() {
	fmt.Fprintln(os.Stderr, "Usage: rbm COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'rbm COMMAND --help' for the flags of a command.")
}

// interrupt holds the cancel function of the work that a first SIGINT or
// SIGTERM stops gracefully (training, which then finishes its batch and
// writes a checkpoint), if any is under way.
var interrupt struct {
	sync.Mutex
	cancel context.CancelFunc
}

// interruptible returns a context that the first SIGINT or SIGTERM cancels,
// and a function to call when the work it governs is done.
func interruptible() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	interrupt.Lock()
	interrupt.cancel = cancel
	interrupt.Unlock()
	return ctx, func() {
		interrupt.Lock()
		interrupt.cancel = nil
		interrupt.Unlock()
		cancel()
	}
}

// exitOnSignal waits for SIGINT or SIGTERM. The first one cancels the
// interruptible work under way, if any, which then ends the program; with
// none, or at a second signal, it removes the temporary files of the writes
// under way, so that the run folder holds only whole files, and exits with
// status 130.
func exitOnSignal() {
	c := make(chan os.Signal, 2)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	s := <-c
	interrupt.Lock()
	cancel := interrupt.cancel
	interrupt.Unlock()
	if cancel != nil {
		fmt.Fprintf(os.Stderr, "\nrbm: %v: finishing the batch under way, then writing a checkpoint (interrupt again to stop at once)\n", s)
		cancel()
		s = <-c
	}
	atomicfile.RemovePending()
	fmt.Fprintf(os.Stderr, "\nrbm: stopped by %v; every file written so far is whole\n", s)
	os.Exit(130)
}
