package cli

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/budget"
)

func runGradcheck(args []string) error {
	var visible, hidden, modelPath string
	var nv, batch, k int
	var seed uint64
	var step, tol float64
	fs := newFlagSet("gradcheck", "Compare the autodiff gradient of the contrastive-divergence cost with central finite\ndifferences and, for layers with closed-form moments, with the moment-based gradient\n(data moments minus model moments of dE/dθ), parameter by parameter. Exits with\nstatus 1 when an error exceeds --tol. Runs in float64.")
	fs.StringVar(&visible, "visible", "binary", "visible unit type: TYPE or TYPE:SHAPE (e.g. potts:4x3)")
	fs.IntVar(&nv, "nv", 8, "visible units when --visible gives no shape")
	fs.StringVar(&hidden, "hidden", "drelu:5", "hidden units, as for train")
	fs.StringVar(&modelPath, "model", "", "check a saved model instead of a random one")
	fs.IntVar(&batch, "batch", 6, "rows of data and of chain end")
	fs.IntVarP(&k, "k", "k", 3, "Gibbs steps from the data to the chain end")
	fs.Uint64Var(&seed, "seed", 1, "random seed")
	fs.Float64Var(&step, "step", 1e-5, "finite-difference step (relative for values above 1)")
	fs.Float64Var(&tol, "tol", 1e-4, "largest acceptable scaled error |a-b|/max(1,|a|,|b|)")
	var maxMemory budget.Limit
	var maxTime time.Duration
	fs.Var(&maxMemory, "max-memory", maxMemoryUsage)
	registerMaxTime(fs, &maxTime)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gradcheck: unexpected arguments %q", fs.Args())
	}
	if batch < 1 || k < 0 {
		return fmt.Errorf("gradcheck: --batch must be at least 1 and --k not negative")
	}
	if !(step > 0) || math.IsInf(step, 0) {
		return fmt.Errorf("gradcheck: --step must be a positive finite number, not %g", step)
	}
	if !(tol >= 0) || math.IsInf(tol, 0) {
		return fmt.Errorf("gradcheck: --tol must be a finite number not below 0, not %g", tol)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	var m *rbm.RBM[float64]
	if modelPath != "" {
		var err error
		if m, _, err = rbm.Load[float64](modelPath); err != nil {
			return err
		}
	} else {
		vkind, vshape, err := parseUnitsOf("--visible", visible)
		if err != nil {
			return err
		}
		if !strings.Contains(visible, ":") {
			vshape = []int{nv}
		}
		hkind, hshape, err := parseUnits(hidden)
		if err != nil {
			return err
		}
		if err := gradcheckBudget(vshape, hshape, batch, &maxMemory); err != nil {
			return err
		}
		vis, err := rbm.NewLayer[float64](vkind, "v", vshape...)
		if err != nil {
			return err
		}
		hid, err := rbm.NewLayer[float64](hkind, "h", hshape...)
		if err != nil {
			return err
		}
		if m, err = rbm.New(vis, hid, rng); err != nil {
			return err
		}
	}
	if err := budget.CheckTime("gradcheck", gradcheckWork(m.Visible.Len(), m.Hidden.Len(), batch, k), maxTime, "--max-time"); err != nil {
		return err
	}
	// Data and chain end: visible samples of the model itself.
	c, err := rbm.NewChains(m, batch, seed, 1)
	if err != nil {
		return err
	}
	c.SampleVGivenH()
	vd := append([]float64(nil), c.V...)
	c.GibbsHVH(k)
	res, err := rbm.GradCheck(m, vd, c.V, step)
	if err != nil {
		return err
	}
	fmt.Printf("model %s%v / %s%v, %d data rows, chain end after %d Gibbs steps\n", m.Visible.Kind(), m.Visible.Shape(), m.Hidden.Kind(), m.Hidden.Shape(), batch, k)
	w := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "parameter\tsize\tvs finite differences: max abs\tmax rel\tvs moments: max abs\tmax rel")
	worst, pass := 0.0, true
	for _, r := range res {
		mom := "-\t-"
		if r.HasMoments {
			mom = fmt.Sprintf("%.2e\t%.2e", r.MaxAbsMoments, r.MaxRelMoments)
		}
		worst = max(worst, r.MaxRel()) // NaN stays NaN
		pass = pass && r.Passes(tol)
		fmt.Fprintf(w, "%s\t%d\t%.2e\t%.2e\t%s\n", r.Name, r.Size, r.MaxAbsFD, r.MaxRelFD, mom)
	}
	w.Flush()
	if len(res) > 0 && !res[0].HasMoments {
		fmt.Println("(no closed-form moments for this model: compared with finite differences only)")
	}
	if math.IsNaN(worst) || math.IsInf(worst, 0) {
		return fmt.Errorf("gradcheck: an error is %v (is --step %g too large or too small?)", worst, step)
	}
	if !pass {
		return fmt.Errorf("gradcheck: largest scaled error %.2e exceeds --tol %.2e", worst, tol)
	}
	fmt.Printf("ok: largest scaled error %.2e within --tol %.2e\n", worst, tol)
	return nil
}
