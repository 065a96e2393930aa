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
	seedFlag(fs, &seed)
	fs.Float64Var(&step, "step", 1e-5, "finite-difference step (relative for values above 1)")
	fs.Float64Var(&tol, "tol", 1e-4, "largest acceptable scaled error |a-b|/max(1,|a|,|b|)")
	var maxMemory budget.Limit
	var maxTime time.Duration
	fs.Var(&maxMemory, "max-memory", maxMemoryUsage)
	registerMaxTime(fs, &maxTime)
	if err := parseFlags("gradcheck", fs, args); err != nil {
		return err
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
	m, err := gradcheckModel(visible, hidden, nv, batch, modelPath, &maxMemory, rand.New(rand.NewPCG(seed, 0)))
	if err != nil {
		return err
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
	return reportGradcheck(m, res, batch, k, step, tol)
}

// reportGradcheck prints the errors of every parameter and fails when one
// exceeds tol.
func reportGradcheck(m *rbm.RBM[float64], res []rbm.GradCheckResult, batch, k int, step, tol float64) error {
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

// gradcheckModel loads the model at path or, when path is "", builds one of
// the --visible (with nv units when it gives no shape) and --hidden units.
func gradcheckModel(visible, hidden string, nv, batch int, path string, maxMemory *budget.Limit, rng *rand.Rand) (*rbm.RBM[float64], error) {
	if path != "" {
		m, _, err := rbm.Load[float64](path)
		return m, err
	}
	vkind, vshape, err := parseUnitsOf("--visible", visible)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(visible, ":") {
		vshape = []int{nv}
	}
	hkind, hshape, err := parseUnits(hidden)
	if err != nil {
		return nil, err
	}
	if err := gradcheckBudget(vshape, hshape, batch, maxMemory); err != nil {
		return nil, err
	}
	vis, err := rbm.NewLayer[float64](vkind, "v", vshape...)
	if err != nil {
		return nil, err
	}
	hid, err := rbm.NewLayer[float64](hkind, "h", hshape...)
	if err != nil {
		return nil, err
	}
	return rbm.New(vis, hid, rng)
}
