package cli

// The flags several commands share, their parsing and the checks of their
// values.

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/orbm"
	rbmrun "github.com/rbmgo/rbm/rbm/run"
	"github.com/spf13/pflag"
)

// newFlagSet returns a GNU-style flag set whose --help prints the command's
// summary and flags.
func newFlagSet(name, summary string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: rbm %s [flags]\n\n%s\n\nFlags:\n%s", name, summary, fs.FlagUsages())
	}
	return fs
}

// flagOptions is what the options of a subcommand do: declare their flags
// and check the values parsed into them.
type flagOptions interface {
	register(fs *pflag.FlagSet)
	validate() error
}

// parseOptions declares o's flags on the flag set of the command name,
// parses args into them (refusing positional arguments) and checks them:
// the opening of every subcommand whose flags are an options value.
func parseOptions(name, summary string, o flagOptions, args []string) error {
	fs := newFlagSet(name, summary)
	o.register(fs)
	if err := parseFlags(name, fs, args); err != nil {
		return err
	}
	return o.validate()
}

// runTyped parses and checks args into o (parseOptions) and runs f32 or f64
// with it, as the --dtype flag read into dtype says.
func runTyped[P flagOptions](name, summary string, o P, dtype *string, args []string, f32, f64 func(P) error) error {
	if err := parseOptions(name, summary, o, args); err != nil {
		return err
	}
	return byDtype(name, *dtype, func() error { return f32(o) }, func() error { return f64(o) })
}

// parseUnits reads --hidden: "500", "drelu", "drelu:500" or "drelu:2x2x2x2".
func parseUnits(s string) (kind string, shape []int, err error) {
	return parseUnitsOf("--hidden", s)
}

// parseUnitsOf reads the layer flag named flag, as parseUnits reads --hidden.
func parseUnitsOf(flag, s string) (kind string, shape []int, err error) {
	kind, dims, found := strings.Cut(s, ":")
	if !found {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			kind, dims = "binary", s
		} else {
			dims = "500"
		}
	}
	for _, d := range strings.Split(dims, "x") {
		n, err := strconv.Atoi(d)
		if errors.Is(err, strconv.ErrRange) || n > rbm.MaxUnits {
			return "", nil, fmt.Errorf("%s %q: %s units are more than the %d a layer may have", flag, s, d, rbm.MaxUnits)
		}
		if err != nil || n < 1 {
			return "", nil, fmt.Errorf("%s %q: %q is not a positive unit count", flag, s, d)
		}
		shape = append(shape, n)
	}
	return kind, shape, nil
}

func orbmFlags(name, summary string) *pflag.FlagSet { return newFlagSet("orbm "+name, summary) }

// parseMethod reads --method.
func parseMethod(s string) (orbm.Method, error) {
	m, err := orbm.ParseMethod(s)
	if err != nil {
		return 0, fmt.Errorf("--method: %w", err)
	}
	return m, nil
}

// parseFlags parses the arguments of the command name, which takes flags
// only.
func parseFlags(name string, fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q", name, fs.Args())
	}
	return nil
}

// byDtype runs f32 or f64 as --dtype says.
func byDtype(command, dtype string, f32, f64 func() error) error {
	switch dtype {
	case "float32":
		return f32()
	case "float64":
		return f64()
	}
	return fmt.Errorf("%s: --dtype must be float32 or float64, not %q", command, dtype)
}

// The flags several commands share, with one wording.

// mnistFlag registers --data, a folder with the MNIST idx files.
func mnistFlag(fs *pflag.FlagSet, p *string) {
	fs.StringVar(p, "data", "", "folder with the MNIST idx files (default: the copy in the Go module cache)")
}

// dtypeFlag registers --dtype.
func dtypeFlag(fs *pflag.FlagSet, p *string) {
	fs.StringVar(p, "dtype", "float32", "float32 or float64")
}

// seedFlag registers --seed, the random seed.
func seedFlag(fs *pflag.FlagSet, p *uint64) { fs.Uint64Var(p, "seed", 1, "random seed") }

// quietFlag registers --quiet (-q).
func quietFlag(fs *pflag.FlagSet, p *bool) { fs.BoolVarP(p, "quiet", "q", false, "no progress bar") }

// Checks of flag values, to list in firstError.

// firstError returns the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// atLeast reports a value v of flag below min.
func atLeast[N int | int64](flag string, v, min N) error {
	switch {
	case v >= min:
		return nil
	case min == 0:
		return fmt.Errorf("%s must not be negative, got %d", flag, v)
	}
	return fmt.Errorf("%s must be at least %d, got %d", flag, min, v)
}

// within reports a value v of flag outside [lo, hi].
func within[N int | int64](flag string, v, lo, hi N) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s must be in [%d, %d], got %d", flag, lo, hi, v)
	}
	return nil
}

// refuse returns the error of format when bad holds.
func refuse(bad bool, format string, args ...any) error {
	if bad {
		return fmt.Errorf(format, args...)
	}
	return nil
}

// criterion returns the monitors column --best-by names and whether larger
// is better.
func criterion(bestBy string) rbmrun.Criterion {
	col := strings.ReplaceAll(bestBy, "-", "_")
	if strings.HasSuffix(col, "reconstruction") {
		return rbmrun.Criterion{Column: col + "_cross_entropy"}
	}
	return rbmrun.Criterion{Column: col, Larger: true}
}
