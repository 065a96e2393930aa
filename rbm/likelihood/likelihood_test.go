package likelihood

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/rbmtest"
)

// model returns a model of the given kinds and shapes with weights of
// standard deviation wstd and discrete layers' fields of standard deviation
// fstd, drawn from seed.
func model(t testing.TB, vkind string, vshape []int, hkind string, hshape []int, wstd, fstd float64, seed uint64) *rbm.RBM[float64] {
	t.Helper()
	vis, visErr := rbm.NewLayer[float64](vkind, "v", vshape...)
	hid, hidErr := rbm.NewLayer[float64](hkind, "h", hshape...)
	rng := rand.New(rand.NewPCG(seed, 1))
	m := rbmtest.NewModel(t, vis, hid, rng, visErr, hidErr)
	if err := m.InitNormal(wstd, rng); err != nil {
		t.Fatal(err)
	}
	for _, l := range []rbm.Layer[float64]{vis, hid} {
		if lin, ok := rbm.As[rbm.Linear](l); ok {
			f := lin.LinearField().Value.Data().([]float64)
			for i := range f {
				f[i] = fstd * rng.NormFloat64()
			}
		}
	}
	return m
}

// states lists every state of a discrete layer.
func states(t testing.TB, l rbm.Layer[float64]) [][]float64 {
	t.Helper()
	e, ok := enumerate(l, 1<<20)
	if !ok {
		t.Fatalf("cannot list the states of %s-%v", l.Kind(), l.Shape())
	}
	var out [][]float64
	for idx := range e.states {
		x := make([]float64, l.Len())
		d := make([]float64, e.unitsPer)
		for digit, rest := 0, idx; digit < e.digits; digit++ {
			e.set(x, digit, int(rest%int64(e.radix)), d)
			rest /= int64(e.radix)
		}
		out = append(out, x)
	}
	return out
}

// bruteLogZ sums exp(-E(v,h)) over every joint state, from the joint energy
// alone.
func bruteLogZ(t testing.TB, m *rbm.RBM[float64]) float64 {
	acc := newLogSumAcc()
	for _, v := range states(t, m.Visible) {
		for _, h := range states(t, m.Hidden) {
			acc.add(-m.Energy(v, h))
		}
	}
	return acc.value()
}

func flat(x [][]float64) []float64 {
	var out []float64
	for _, r := range x {
		out = append(out, r...)
	}
	return out
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func TestExactLogZMatchesJointSum(t *testing.T) {
	for _, tc := range []struct {
		name         string
		vkind, hkind string
		vshape       []int
		hshape       []int
	}{
		{"binary-binary, hidden listed", "binary", "binary", []int{7}, []int{4}},
		{"binary-binary, visible listed", "binary", "binary", []int{3}, []int{6}},
		{"spin-binary", "spin", "binary", []int{5}, []int{4}},
		{"binary-spin", "binary", "spin", []int{6}, []int{3}},
		{"potts visible", "potts", "binary", []int{2, 3}, []int{5}},
		{"potts hidden", "binary", "potts", []int{6}, []int{3, 3}},
		{"more states than one block", "binary", "binary", []int{14}, []int{15}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model(t, tc.vkind, tc.vshape, tc.hkind, tc.hshape, 0.8, 0.5, 3)
			got, err := ExactLogZ(m, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !finite(got.LogZ) || got.Method != "exact" || got.Low != got.LogZ || got.High != got.LogZ {
				t.Fatalf("estimate %+v", got)
			}
			if m.Visible.Len()+m.Hidden.Len() > 22 {
				// Too many joint states to sum: sum exp(-F(v)) instead.
				acc := newLogSumAcc()
				for _, f := range m.FreeEnergy(flat(states(t, m.Visible))) {
					acc.add(-f)
				}
				if want := acc.value(); math.Abs(got.LogZ-want) > 1e-9 {
					t.Fatalf("log Z %v, sum over the visible states %v", got.LogZ, want)
				}
				return
			}
			want := bruteLogZ(t, m)
			if math.Abs(got.LogZ-want) > 1e-10 {
				t.Fatalf("log Z %v, joint sum %v", got.LogZ, want)
			}
		})
	}
}

func TestExactProbabilitiesSumToOne(t *testing.T) {
	for _, hkind := range []string{"binary", "gaussian", "relu", "drelu"} {
		t.Run(hkind, func(t *testing.T) {
			m := model(t, "binary", []int{6}, hkind, []int{4}, 0.5, 0.5, 7)
			z, err := ExactLogZ(m, 0)
			if err != nil {
				t.Fatal(err)
			}
			all := flat(states(t, m.Visible))
			ll, _, err := LogLikelihood(m, all, z.LogZ)
			if err != nil {
				t.Fatal(err)
			}
			// Σ_v p(v) = 1 ⇔ log mean p(v) = -log(number of states).
			f := m.FreeEnergy(all)
			acc := newLogSumAcc()
			for _, fv := range f {
				acc.add(-fv - z.LogZ)
			}
			if s := acc.value(); !finite(ll) || math.Abs(s) > 1e-10 {
				t.Fatalf("log Σ p(v) = %v (mean log p %v)", s, ll)
			}
		})
	}
}

func TestExactRefusesLargeOrContinuousLayers(t *testing.T) {
	for _, tc := range []struct {
		name         string
		vkind, hkind string
		n            int
		max          int64
		want         string
	}{
		{"too many states", "binary", "binary", 12, 1000, "at most 1000 states"},
		{"continuous layers", "gaussian", "relu", 3, 0, "finite list of states (rbm.Finite); gaussian and relu units have none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model(t, tc.vkind, []int{tc.n}, tc.hkind, []int{tc.n}, 0.1, 0.1, 1)
			if _, err := ExactLogZ(m, tc.max); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := ExactLogZ[float64](nil, 0); err == nil {
		t.Fatal("no error for a nil model")
	}
}

func TestSchedule(t *testing.T) {
	b, err := Schedule(DefaultBetas)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != DefaultBetas+1 || b[0] != 0 || b[len(b)-1] != 1 {
		t.Fatalf("%d values from %v to %v", len(b), b[0], b[len(b)-1])
	}
	for _, tc := range []struct {
		at   int
		step float64
	}{{1, 1e-3}, {500, 1e-3}, {501, 1e-4}, {4500, 1e-4}, {4501, 1e-5}, {14500, 1e-5}} {
		if d := b[tc.at] - b[tc.at-1]; math.Abs(d-tc.step) > 1e-12 {
			t.Errorf("step %d is %v, want %v", tc.at, d, tc.step)
		}
	}
	for _, n := range []int{1, 2, 3, 10, 1000} {
		b, err := Schedule(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != n+1 || b[0] != 0 || b[n] != 1 {
			t.Fatalf("Schedule(%d) = %v", n, b)
		}
		for i := 1; i < len(b); i++ {
			if !(b[i] >= b[i-1]) {
				t.Fatalf("Schedule(%d) decreases at %d: %v", n, i, b)
			}
		}
	}
	for _, n := range []int{0, -1, MaxBetas + 1} {
		if _, err := Schedule(n); err == nil {
			t.Errorf("Schedule(%d): no error", n)
		}
	}
}

// trained returns a 12×8 binary model trained by PCD on noisy copies of three
// prototypes, and that data.
func trained(t testing.TB) (*rbm.RBM[float64], []float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 11))
	protos := [][]float64{
		{1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0},
		{0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1},
		{1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0},
	}
	var x []float64
	for i := range 300 {
		for _, v := range protos[i%3] {
			if rng.Float64() < 0.05 {
				v = 1 - v
			}
			x = append(x, v)
		}
	}
	m := model(t, "binary", []int{12}, "binary", []int{8}, 0.01, 0, 2)
	opt, err := optim.NewSGD[float64](optim.SGDConfig{Groups: optim.Groups(0.1, 1), Momentum: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := rbm.NewTrainer(m, opt, rbm.TrainConfig{K: 1, Persistent: true, BatchSize: 20, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	for range 40 {
		if _, err := tr.Epoch(x, nil); err != nil {
			t.Fatal(err)
		}
	}
	return m, x
}

func TestAISAgreesWithExact(t *testing.T) {
	type tc struct {
		name string
		m    *rbm.RBM[float64]
		data []float64 // for the base-rate model; nil: the model's fields
	}
	tm, tx := trained(t)
	cases := []tc{
		{"trained binary", tm, tx},
		{"trained binary, model's fields as base", tm, nil},
		{"random binary", model(t, "binary", []int{10}, "binary", []int{6}, 1, 0.5, 5), nil},
		{"spin visible", model(t, "spin", []int{8}, "binary", []int{5}, 0.6, 0.3, 6), nil},
		{"potts visible", model(t, "potts", []int{3, 3}, "binary", []int{4}, 0.8, 0.5, 7), nil},
		{"gaussian hidden", model(t, "binary", []int{10}, "gaussian", []int{4}, 0.3, 0.5, 8), nil},
		{"relu hidden", model(t, "binary", []int{10}, "relu", []int{4}, 0.5, 0.5, 9), nil},
		{"drelu hidden", model(t, "binary", []int{10}, "drelu", []int{4}, 0.5, 0.5, 10), nil},
		{"spin hidden", model(t, "binary", []int{10}, "spin", []int{5}, 0.5, 0.5, 12), nil},
	}
	for _, path := range []Path{PathWeights, PathFields} {
		for _, c := range cases {
			t.Run(string(path)+"/"+c.name, func(t *testing.T) {
				aisAgrees(t, c.m, c.data, path)
			})
		}
	}
}

func aisAgrees(t *testing.T, m *rbm.RBM[float64], data []float64, path Path) {
	want, err := ExactLogZ(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Betas: 2000, Runs: 100, Seed: 1, Path: path}
	if data != nil {
		if cfg.Base, err = BaseRate(m, data); err != nil {
			t.Fatal(err)
		}
	}
	got, err := AIS(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !finite(got.LogZ) || !finite(got.Low) || !finite(got.High) || got.Method != "ais" || got.Runs != 100 || got.Betas != 2000 {
		t.Fatalf("estimate %+v", got)
	}
	t.Logf("exact %.5f, AIS %.5f [%.5f, %.5f]", want.LogZ, got.LogZ, got.Low, got.High)
	if !(got.Low <= want.LogZ && want.LogZ <= got.High) {
		t.Fatalf("exact log Z %.5f outside the AIS band [%.5f, %.5f] (AIS %.5f)", want.LogZ, got.Low, got.High, got.LogZ)
	}
	if w := got.High - got.Low; w > 0.5 || math.Abs(got.LogZ-want.LogZ) > 0.1 {
		t.Fatalf("AIS %.5f ± band of width %.3f against exact %.5f: too far", got.LogZ, w, want.LogZ)
	}
	if got.Path != path {
		t.Fatalf("estimate of path %q, want %q", got.Path, path)
	}
}

func TestAISIsUnbiasedInZ(t *testing.T) {
	for _, path := range []Path{PathWeights, PathFields} {
		t.Run(string(path), func(t *testing.T) { unbiased(t, path) })
	}
}

func unbiased(t *testing.T, path Path) {
	// Few steps make the weights spread over orders of magnitude: the mean
	// of log Ẑ is then visibly below log Z while the mean of Ẑ is not.
	m := model(t, "binary", []int{10}, "binary", []int{6}, 1, 0.5, 21)
	exact, err := ExactLogZ(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ratios []float64
	var meanLog float64
	const seeds = 40
	for seed := range uint64(seeds) {
		logZ0, logw, err := LogWeights(m, Config{Betas: 8, Runs: 250, Seed: seed, Path: path})
		if err != nil {
			t.Fatal(err)
		}
		for _, lw := range logw {
			ratios = append(ratios, math.Exp(logZ0+lw-exact.LogZ))
			meanLog += (logZ0 + lw - exact.LogZ) / float64(len(logw)*seeds)
		}
	}
	mean, sd := meanSD(ratios)
	se := sd / math.Sqrt(float64(len(ratios)))
	t.Logf("mean of Ẑ/Z %.4f ± %.4f over %d runs; mean log(Ẑ/Z) per run %.4f", mean, se, len(ratios), meanLog)
	if !finite(mean) || math.Abs(mean-1) > 4*se || se > 0.05 {
		t.Fatalf("mean of Ẑ/Z = %.4f ± %.4f, want 1", mean, se)
	}
	if meanLog > -0.05 {
		t.Fatalf("mean of log(Ẑ/Z) per run = %.4f: the test's annealing is too easy to show anything", meanLog)
	}
}

func TestRAISEIsConservativeAndClose(t *testing.T) {
	m, x := trained(t)
	exact, err := ExactLogZ(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	test := x[:60*12]
	want, _, err := LogLikelihood(m, test, exact.LogZ)
	if err != nil {
		t.Fatal(err)
	}
	base, err := BaseRate(m, x)
	if err != nil {
		t.Fatal(err)
	}
	r, err := RAISE(m, test, Config{Betas: 300, Runs: 5, Seed: 2, Base: base})
	if err != nil {
		t.Fatal(err)
	}
	if r.Rows != 60 || r.Runs != 5 || !finite(r.LogLikelihood) || !finite(r.LogZ) || !finite(r.StdErr) {
		t.Fatalf("result %+v", r)
	}
	t.Logf("exact mean log-likelihood %.5f, RAISE %.5f ± %.5f", want, r.LogLikelihood, r.StdErr)
	if r.LogLikelihood > want+0.05 || r.LogLikelihood < want-0.3 {
		t.Fatalf("RAISE mean log-likelihood %.4f, exact %.4f", r.LogLikelihood, want)
	}
	if r.LogZ < exact.LogZ-0.05 {
		t.Fatalf("RAISE log Z %.4f below exact %.4f", r.LogZ, exact.LogZ)
	}
}

func TestBaseRate(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		shape []int
		data  []float64
		want  []float64 // means of the base-rate units
	}{
		{"binary", []int{3}, []float64{1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0}, []float64{4.5 / 5, 0.5 / 5, 2.5 / 5}},
		{"spin", []int{2}, []float64{1, -1, 1, -1, -1, -1}, []float64{2*(2.5/4) - 1, 2*(0.5/4) - 1}},
		{"potts", []int{1, 3}, []float64{1, 0, 0, 1, 0, 0, 0, 0, 1}, []float64{2.5 / 4.5, 0.5 / 4.5, 1.5 / 4.5}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			m := model(t, tc.kind, tc.shape, "binary", []int{2}, 0.1, 0.1, 1)
			// checkMeans holds the means of the model's visible layer at
			// the base's input to the wanted ones.
			checkMeans := func(base string, input []float64, tol float64) {
				got := make([]float64, len(input))
				m.Visible.Mean(input, got)
				for i := range got {
					if !(math.Abs(got[i]-tc.want[i]) < tol) {
						t.Fatalf("%s means %v, want %v", base, got, tc.want)
					}
				}
			}
			f, err := BaseRate(m, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			checkMeans("base", f, 1e-12)
			// The fit for units of any energy finds the closed form's
			// input.
			fin, _ := rbm.As[rbm.Finite](m.Visible)
			fit, err := fittedBaseRate(m.Visible, fin, tc.data, len(tc.data)/m.Visible.Len())
			if err != nil {
				t.Fatal(err)
			}
			checkMeans("fitted base", fit, 1e-9)
		})
	}
}

func TestErrors(t *testing.T) {
	bin := model(t, "binary", []int{4}, "binary", []int{3}, 0.1, 0.1, 1)
	gauss := model(t, "gaussian", []int{4}, "binary", []int{3}, 0.1, 0.1, 1)
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"AIS on gaussian visible units", func() error { _, err := AIS(gauss, Config{Betas: 10}); return err }, "visible units"},
		{"AIS with an unknown path", func() error { _, err := AIS(bin, Config{Betas: 5, Path: "straight"}); return err }, "unknown annealing path"},
		{"AIS with negative steps", func() error { _, err := AIS(bin, Config{Betas: -3}); return err }, "annealing steps"},
		{"AIS with too many runs", func() error { _, err := AIS(bin, Config{Runs: MaxRuns + 1}); return err }, "runs"},
		{"AIS with a short base", func() error { _, err := AIS(bin, Config{Betas: 5, Base: []float64{1}}); return err }, "fields"},
		{"AIS with a NaN base", func() error {
			_, err := AIS(bin, Config{Betas: 5, Base: []float64{0, math.NaN(), 0, 0}})
			return err
		}, "NaN"},
		{"AIS with chains too large for memory", func() error {
			big := model(t, "binary", []int{1000}, "binary", []int{1000}, 0.01, 0.1, 1)
			_, err := AIS(big, Config{Betas: 5, Runs: MaxRuns})
			return err
		}, "fewer runs"},
		{"AIS on no model", func() error { _, err := AIS[float64](nil, Config{}); return err }, "no model"},
		{"log-likelihood of no rows", func() error { _, _, err := LogLikelihood(bin, nil, 1); return err }, "non-empty"},
		{"log-likelihood of a partial row", func() error { _, _, err := LogLikelihood(bin, []float64{1, 0}, 1); return err }, "rows"},
		{"log-likelihood of intensities", func() error {
			_, _, err := LogLikelihood(bin, []float64{0.5, 0, 1, 1}, 1)
			return err
		}, "binarise"},
		{"log-likelihood with NaN data", func() error {
			_, _, err := LogLikelihood(bin, []float64{math.NaN(), 0, 1, 1}, 1)
			return err
		}, "NaN"},
		{"log-likelihood with infinite log Z", func() error {
			_, _, err := LogLikelihood(bin, []float64{0, 0, 1, 1}, math.Inf(1))
			return err
		}, "log Z"},
		{"base rate of empty data", func() error { _, err := BaseRate(bin, nil); return err }, "non-empty"},
		{"RAISE of intensities", func() error {
			_, err := RAISE(bin, []float64{0.5, 0, 1, 1}, Config{Betas: 5})
			return err
		}, "binarise"},
		{"RAISE with too many chains", func() error {
			_, err := RAISE(bin, make([]float64, 4*10), Config{Betas: 5, Runs: MaxRuns})
			return err
		}, "exceed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestAISDoesNotDependOnCores(t *testing.T) {
	m := model(t, "binary", []int{9}, "binary", []int{5}, 0.7, 0.3, 31)
	a, err := AIS(m, Config{Betas: 50, Runs: 17, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	_, logw, err := LogWeights(m, Config{Betas: 50, Runs: 17, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	lme, _, _ := logMeanExp(logw)
	if a.LogZ != a.LogZBase+lme {
		t.Fatalf("two runs with one seed differ: %v and %v", a.LogZ, a.LogZBase+lme)
	}
}
