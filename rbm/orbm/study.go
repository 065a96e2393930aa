package orbm

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/rbmgo/rbm/rbm"
)

// Digits are binary pictures of Dim pixels with a class each: the material
// of the separation study and of wake/sleep training on composites.
type Digits struct {
	Rows   []float64
	Dim    int
	Labels []uint8
}

// Draw picks n pictures of class a and n of class b, in turn, from rng, and
// returns them as two sets of rows.
func (d *Digits) Draw(a, b, n int, rng *rand.Rand) (ta, tb []float64, err error) {
	byClass := make(map[int][]int)
	for r, l := range d.Labels {
		byClass[int(l)] = append(byClass[int(l)], r)
	}
	for _, c := range []int{a, b} {
		if len(byClass[c]) == 0 {
			return nil, nil, fmt.Errorf("orbm: no pictures of class %d", c)
		}
	}
	ta, tb = make([]float64, 0, n*d.Dim), make([]float64, 0, n*d.Dim)
	for range n {
		ra := byClass[a][rng.IntN(len(byClass[a]))]
		rb := byClass[b][rng.IntN(len(byClass[b]))]
		ta = append(ta, d.Rows[ra*d.Dim:(ra+1)*d.Dim]...)
		tb = append(tb, d.Rows[rb*d.Dim:(rb+1)*d.Dim]...)
	}
	return ta, tb, nil
}

// LoadClasses loads two model files as Load does, and the class each was
// trained on (the "digits" setting of "rbm train --digits N"), -1 where the
// file does not name one class.
func LoadClasses(pathA, pathB string) (*ORBM[float64], [2]int, error) {
	var classes [2]int
	var ms [2]*rbm.RBM[float64]
	for k, p := range []string{pathA, pathB} {
		m, extra, err := rbm.Load[float64](p)
		if err != nil {
			return nil, classes, err
		}
		ms[k] = m
		classes[k] = -1
		if d, ok := extra["digits"].(string); ok {
			if n, err := strconv.Atoi(d); err == nil {
				classes[k] = n
			}
		}
	}
	o, err := New(ms[0], ms[1])
	if err != nil {
		return nil, classes, fmt.Errorf("%w (%s and %s)", err, pathA, pathB)
	}
	return o, classes, nil
}

// MeanSD returns the mean and the sample standard deviation of x.
func MeanSD(x []float64) (mean, sd float64) {
	var q float64
	for _, e := range x {
		mean += e / float64(len(x))
	}
	for _, e := range x {
		q += (e - mean) * (e - mean) / float64(max(len(x)-1, 1))
	}
	return mean, math.Sqrt(q)
}

// Scores collects per-picture cross-entropies and fractions of on-pixels
// recovered (Score), leaving out the NaN fractions of blank pictures.
type Scores struct{ CrossEntropy, Recovered []float64 }

// Add appends the scores of reconstructions p of the truth t, nv values a
// picture.
func (s *Scores) Add(p, t []float64, nv int) {
	ce, rec := Score(p, t, nv)
	s.CrossEntropy = append(s.CrossEntropy, ce...)
	for _, r := range rec {
		if !math.IsNaN(r) {
			s.Recovered = append(s.Recovered, r)
		}
	}
}

// StudyPair is a pair of models and the classes of their digits.
type StudyPair struct {
	A, B  int
	Model *ORBM[float64]
}

// StudyConfig sets the separation study: for every pair, Count composites
// of test digits of its classes, composed each way of Compose ("or": the
// pixelwise OR, "sbn": drawn by the ORBM's belief net from each model's
// hidden state of its digit), are separated by the ORBM's chain (Method,
// Sweeps) and by each model alone, and the reconstructions scored against
// the digits.
type StudyConfig struct {
	Pairs         []StudyPair
	Test          Digits
	Compose       []string
	Method        Method
	Count, Sweeps int
	// Picture rows of the composites of PictureCompose are kept for a
	// figure: composite, truth A, truth B, ORBM's A, ORBM's B, A alone, B
	// alone.
	Picture        int
	PictureCompose string
	Seed           uint64
	// CSV, if not nil, receives a row a pair and composite as they are
	// done (StudyColumns).
	CSV io.Writer
}

// StudyColumns are the columns of the study's CSV rows.
var StudyColumns = []string{"compose", "class_a", "class_b", "orbm_cross_entropy", "alone_cross_entropy", "orbm_recovered", "alone_recovered"}

// StudyResult is the scores of a study by composite ("or", "sbn") and
// inference ("orbm", "alone"), and the pictures of its figure.
type StudyResult struct {
	Scores      map[string]*Scores // by "or/orbm", "or/alone", …
	Grid        []float64          // PictureRows rows of 7 pictures
	PictureRows int
}

// Study runs the separation study.
func Study(cfg StudyConfig) (*StudyResult, error) {
	res := &StudyResult{Scores: map[string]*Scores{}}
	for _, c := range cfg.Compose {
		if c != "or" && c != "sbn" {
			return nil, fmt.Errorf("orbm: composites %q: want or or sbn", c)
		}
		res.Scores[c+"/orbm"], res.Scores[c+"/alone"] = &Scores{}, &Scores{}
	}
	var w *csv.Writer
	if cfg.CSV != nil {
		w = csv.NewWriter(cfg.CSV)
		w.Write(StudyColumns)
	}
	for k, p := range cfg.Pairs {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(100*p.A+p.B)))
		ta, tb, err := cfg.Test.Draw(p.A, p.B, cfg.Count, rng)
		if err != nil {
			return nil, err
		}
		for _, c := range cfg.Compose {
			if err := res.pair(&cfg, k, c, ta, tb, w); err != nil {
				return nil, err
			}
		}
		if w != nil {
			w.Flush()
			if err := w.Error(); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// pair separates the composites of pair k made the way c says.
func (res *StudyResult) pair(cfg *StudyConfig, k int, c string, ta, tb []float64, w *csv.Writer) error {
	p, nv, seed := cfg.Pairs[k], cfg.Test.Dim, cfg.Seed+uint64(k)
	v, err := ComposeOR(ta, tb)
	if c == "sbn" {
		v, err = ComposeSBN(p.Model, ta, tb, seed)
	}
	if err != nil {
		return err
	}
	recA, recB, err := Separate(p.Model, cfg.Method, v, cfg.Sweeps, seed)
	if err != nil {
		return err
	}
	aloneA, err := Alone(p.Model.A, v, 20, seed)
	if err != nil {
		return err
	}
	aloneB, err := Alone(p.Model.B, v, 20, seed+1<<20)
	if err != nil {
		return err
	}
	var orbm, alone Scores
	orbm.Add(recA, ta, nv)
	orbm.Add(recB, tb, nv)
	alone.Add(aloneA, ta, nv)
	alone.Add(aloneB, tb, nv)
	for key, s := range map[string]*Scores{"/orbm": &orbm, "/alone": &alone} {
		all := res.Scores[c+key]
		all.CrossEntropy = append(all.CrossEntropy, s.CrossEntropy...)
		all.Recovered = append(all.Recovered, s.Recovered...)
	}
	if w != nil {
		oc, _ := MeanSD(orbm.CrossEntropy)
		ac, _ := MeanSD(alone.CrossEntropy)
		or, _ := MeanSD(orbm.Recovered)
		ar, _ := MeanSD(alone.Recovered)
		g := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
		w.Write([]string{c, strconv.Itoa(p.A), strconv.Itoa(p.B), g(oc), g(ac), g(or), g(ar)})
	}
	n := len(cfg.Pairs)
	if c == cfg.PictureCompose && res.PictureRows < cfg.Picture && (n == 1 || k%max(1, n/cfg.Picture) == 0) {
		for r := 0; r < cfg.Count && res.PictureRows < cfg.Picture; r++ {
			for _, x := range [][]float64{v, ta, tb, recA, recB, aloneA, aloneB} {
				res.Grid = append(res.Grid, x[r*nv:(r+1)*nv]...)
			}
			res.PictureRows++
			if n > 1 {
				break
			}
		}
	}
	return nil
}
