package cli

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/mnist"
	"github.com/rbmgo/rbm/rbm/npz"
	"github.com/rbmgo/rbm/rbm/orbm"
	"github.com/rbmgo/rbm/rbm/picture"
)

type separateOptions struct {
	a, b, models, classes  string
	digitA, digitB         int
	input, method, compose string
	count, sweeps, picture int
	pictureCompose         string
	out, dataDir           string
	seed                   uint64
}

func runORBMSeparate(args []string) error {
	var o separateOptions
	fs := orbmFlags("separate", "Separate pictures made of two causes with two binary RBMs A and B (model.npz files of\n\"rbm train\", e.g. one trained with --digits 3 and one with --digits 5).\n\nWithout --input, binarised MNIST test digits of A's and B's classes are composed\n(--compose), the ORBM separates them, and each cause's reconstruction is scored against\nthe true digit beside the baseline of each model alone explaining the composite:\ncross-entropy per image and the fraction of the digit's on-pixels recovered (p > 1/2).\nWith --models, every ordered pair of the --classes is run.\n\nWith --input (a .npy or .npz array of pictures in [0,1], N×nv or N×28×28), the pictures\nare separated and the reconstructions written to OUT/separated.npz.")
	fs.StringVar(&o.a, "a", "", "model file of cause A")
	fs.StringVar(&o.b, "b", "", "model file of cause B")
	fs.StringVar(&o.models, "models", "", "model files by class, a pattern with %d (e.g. runs/digit%d/model.npz): run all ordered pairs of --classes")
	fs.StringVar(&o.classes, "classes", "0-9", "classes of --models")
	fs.IntVar(&o.digitA, "digit-a", -1, "class of A's MNIST digits (default: the --digits A was trained with)")
	fs.IntVar(&o.digitB, "digit-b", -1, "class of B's MNIST digits (default: the --digits B was trained with)")
	fs.StringVar(&o.input, "input", "", "separate the pictures of this .npy or .npz file instead of MNIST composites")
	fs.StringVar(&o.method, "method", "exact", "inference: "+strings.Join(orbm.MethodNames(), ", "))
	fs.StringVar(&o.compose, "compose", "both", "MNIST composites: or (pixelwise OR), sbn (drawn by the belief net from each model's hidden state of its digit), or both")
	fs.IntVar(&o.count, "count", 10, "composites per pair of classes")
	fs.IntVar(&o.sweeps, "sweeps", 100, "Gibbs sweeps per composite (reconstructions average the second half)")
	fs.IntVar(&o.picture, "picture", 8, "rows of the picture (one composite each)")
	fs.StringVar(&o.pictureCompose, "picture-compose", "or", "composites of the picture: or or sbn")
	fs.StringVar(&o.out, "out", "orbm_separate", "folder for separation.png, pairs.csv or separated.npz")
	fs.StringVar(&o.dataDir, "data", "", "folder with the MNIST idx files (default: the copy in the Go module cache)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("orbm separate: unexpected arguments %q", fs.Args())
	}
	method, err := parseMethod(o.method)
	if err != nil {
		return err
	}
	switch {
	case o.compose != "or" && o.compose != "sbn" && o.compose != "both":
		return fmt.Errorf("--compose must be or, sbn or both, not %q", o.compose)
	case o.pictureCompose != "or" && o.pictureCompose != "sbn":
		return fmt.Errorf("--picture-compose must be or or sbn, not %q", o.pictureCompose)
	case o.compose != "both" && o.pictureCompose != o.compose:
		return fmt.Errorf("--picture-compose %s needs --compose %s or both", o.pictureCompose, o.pictureCompose)
	case o.count < 1:
		return fmt.Errorf("--count must be at least 1, got %d", o.count)
	case o.sweeps < 1:
		return fmt.Errorf("--sweeps must be at least 1, got %d", o.sweeps)
	case o.picture < 0:
		return fmt.Errorf("--picture must not be negative, got %d", o.picture)
	case o.models == "" && (o.a == "" || o.b == ""):
		return fmt.Errorf("give two models with --a and --b, or a pattern with --models")
	case o.models != "" && o.input != "":
		return fmt.Errorf("--input needs one pair of models (--a and --b), not --models")
	case o.models != "" && !strings.Contains(o.models, "%d"):
		return fmt.Errorf("--models %q has no %%d for the class", o.models)
	case o.models != "" && strings.Count(strings.ReplaceAll(o.models, "%%", ""), "%") != 1:
		return fmt.Errorf("--models %q: a %% other than the one %%d for the class (write %%%% for a %% sign)", o.models)
	}
	if o.input != "" {
		return separateFile(&o, method)
	}
	return separateMNIST(&o, method)
}

// loadPair loads two models and their training classes (-1 when unknown).
func loadPair(pa, pb string) (*orbm.ORBM[float64], [2]int, error) {
	var classes [2]int
	var ms [2]*rbm.RBM[float64]
	for k, p := range []string{pa, pb} {
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
	o, err := orbm.New(ms[0], ms[1])
	if err != nil {
		return nil, classes, fmt.Errorf("%w (%s and %s)", err, pa, pb)
	}
	return o, classes, nil
}

func separateFile(o *separateOptions, method orbm.Method) error {
	model, _, err := loadPair(o.a, o.b)
	if err != nil {
		return err
	}
	v, err := readPictures(o.input, model.Visible())
	if err != nil {
		return err
	}
	start := time.Now()
	recA, recB, err := orbm.Separate(model, method, v, o.sweeps, o.seed)
	if err != nil {
		return err
	}
	aloneA, err := orbm.Alone(model.A, v, 20, o.seed)
	if err != nil {
		return err
	}
	aloneB, err := orbm.Alone(model.B, v, 20, o.seed+1)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	nv := model.Visible()
	n := len(v) / nv
	path := filepath.Join(o.out, "separated.npz")
	if err := npz.WriteFile(path, []npz.Array{
		{Name: "a", Shape: []int{n, nv}, Data: recA}, {Name: "b", Shape: []int{n, nv}, Data: recB},
		{Name: "alone_a", Shape: []int{n, nv}, Data: aloneA}, {Name: "alone_b", Shape: []int{n, nv}, Data: aloneB},
	}); err != nil {
		return err
	}
	fmt.Printf("%d pictures separated by the %s chain in %s: %s\n", n, method, elapsed(start), path)
	if nv == 28*28 && o.picture > 0 {
		rows := min(n, o.picture)
		var grid []float64
		for r := range rows {
			for _, x := range [][]float64{v, recA, recB, aloneA, aloneB} {
				grid = append(grid, x[r*nv:(r+1)*nv]...)
			}
		}
		img := picture.Upscale(picture.Tile(grid, 28, 28, rows, 5, 1, false), 2)
		p := filepath.Join(o.out, "separation.png")
		if err := picture.WritePNG(p, img); err != nil {
			return err
		}
		fmt.Printf("picture (picture, ORBM's A, ORBM's B, A alone, B alone): %s\n", p)
	}
	return nil
}

// readPictures reads the first array of a .npy or .npz file as rows of nv
// values in [0, 1].
func readPictures(path string, nv int) ([]float64, error) {
	var a npz.Array
	if strings.HasSuffix(path, ".npy") {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if a, err = npz.ReadNpy(f); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	} else {
		arrays, err := npz.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for _, x := range arrays {
			if _, ok := x.Data.(string); !ok {
				a = x
				break
			}
		}
	}
	var v []float64
	switch d := a.Data.(type) {
	case []float32:
		for _, x := range d {
			v = append(v, float64(x))
		}
	case []float64:
		v = d
	case []int64:
		for _, x := range d {
			v = append(v, float64(x))
		}
	default:
		return nil, fmt.Errorf("%s: no array of numbers", path)
	}
	if len(v) == 0 || len(v)%nv != 0 {
		return nil, fmt.Errorf("%s: array of shape %v is not pictures of %d values", path, a.Shape, nv)
	}
	for i, x := range v {
		if !(x >= 0 && x <= 1) {
			return nil, fmt.Errorf("%s: value %v at index %d is outside [0, 1]", path, x, i)
		}
	}
	return v, nil
}

// stats collects per-image scores.
type stats struct{ ce, rec []float64 }

func (s *stats) add(ce, rec []float64) {
	s.ce = append(s.ce, ce...)
	for _, r := range rec {
		if !math.IsNaN(r) {
			s.rec = append(s.rec, r)
		}
	}
}

func meanSD(x []float64) (float64, float64) {
	var m, q float64
	for _, e := range x {
		m += e / float64(len(x))
	}
	for _, e := range x {
		q += (e - m) * (e - m) / float64(max(len(x)-1, 1))
	}
	return m, math.Sqrt(q)
}

func separateMNIST(o *separateOptions, method orbm.Method) error {
	type pair struct {
		a, b   int
		pa, pb string
	}
	var pairs []pair
	if o.models != "" {
		ds, err := mnist.ParseDigits(o.classes)
		if err != nil {
			return fmt.Errorf("--classes: %w", err)
		}
		for _, da := range ds {
			for _, db := range ds {
				if da != db {
					pairs = append(pairs, pair{int(da), int(db), fmt.Sprintf(o.models, da), fmt.Sprintf(o.models, db)})
				}
			}
		}
		if len(pairs) == 0 {
			return fmt.Errorf("--classes %q gives no pair of different classes", o.classes)
		}
	} else {
		pairs = []pair{{o.digitA, o.digitB, o.a, o.b}}
	}
	// Check the models before reading MNIST.
	models := map[[2]string]*orbm.ORBM[float64]{}
	for k, p := range pairs {
		m, classes, err := loadPair(p.pa, p.pb)
		if err != nil {
			return err
		}
		if p.a < 0 {
			p.a = classes[0]
		}
		if p.b < 0 {
			p.b = classes[1]
		}
		if p.a < 0 || p.a > 9 || p.b < 0 || p.b > 9 {
			return fmt.Errorf("the classes of the models are unknown: give --digit-a and --digit-b (0-9)")
		}
		pairs[k] = p
		models[[2]string{p.pa, p.pb}] = m
	}
	dir := o.dataDir
	var err error
	if dir == "" {
		if dir, err = mnist.DefaultDir(); err != nil {
			return err
		}
	}
	set, err := mnist.Load(dir)
	if err != nil {
		return err
	}
	const nv = 28 * 28
	test := set.Test.Images.Floats64(0)
	mnist.Binarize(test, 0.5)
	byClass := make([][]int, 10)
	for r, l := range set.Test.Labels {
		byClass[l] = append(byClass[l], r)
	}
	composes := []string{"or", "sbn"}
	if o.compose != "both" {
		composes = []string{o.compose}
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(o.out, "pairs.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"compose", "class_a", "class_b", "orbm_cross_entropy", "alone_cross_entropy", "orbm_recovered", "alone_recovered"})
	all := map[string]*stats{}
	for _, c := range composes {
		all[c+"/orbm"], all[c+"/alone"] = &stats{}, &stats{}
	}
	var grid []float64
	rowsDrawn := 0
	start := time.Now()
	for k, p := range pairs {
		model := models[[2]string{p.pa, p.pb}]
		rng := rand.New(rand.NewPCG(o.seed, uint64(100*p.a+p.b)))
		ta, tb := make([]float64, 0, o.count*nv), make([]float64, 0, o.count*nv)
		for range o.count {
			ra := byClass[p.a][rng.IntN(len(byClass[p.a]))]
			rb := byClass[p.b][rng.IntN(len(byClass[p.b]))]
			ta = append(ta, test[ra*nv:(ra+1)*nv]...)
			tb = append(tb, test[rb*nv:(rb+1)*nv]...)
		}
		for _, c := range composes {
			var v []float64
			if c == "or" {
				v, err = orbm.ComposeOR(ta, tb)
			} else {
				v, err = orbm.ComposeSBN(model, ta, tb, o.seed+uint64(k))
			}
			if err != nil {
				return err
			}
			recA, recB, err := orbm.Separate(model, method, v, o.sweeps, o.seed+uint64(k))
			if err != nil {
				return err
			}
			aloneA, err := orbm.Alone(model.A, v, 20, o.seed+uint64(k))
			if err != nil {
				return err
			}
			aloneB, err := orbm.Alone(model.B, v, 20, o.seed+uint64(k)+1<<20)
			if err != nil {
				return err
			}
			var pairORBM, pairAlone stats
			for _, x := range []struct {
				rec, truth []float64
				s          *stats
			}{{recA, ta, &pairORBM}, {recB, tb, &pairORBM}, {aloneA, ta, &pairAlone}, {aloneB, tb, &pairAlone}} {
				ce, rec := orbm.Score(x.rec, x.truth, nv)
				x.s.add(ce, rec)
			}
			all[c+"/orbm"].add(pairORBM.ce, pairORBM.rec)
			all[c+"/alone"].add(pairAlone.ce, pairAlone.rec)
			oc, _ := meanSD(pairORBM.ce)
			ac, _ := meanSD(pairAlone.ce)
			or, _ := meanSD(pairORBM.rec)
			ar, _ := meanSD(pairAlone.rec)
			g := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
			w.Write([]string{c, strconv.Itoa(p.a), strconv.Itoa(p.b), g(oc), g(ac), g(or), g(ar)})
			if c == o.pictureCompose && rowsDrawn < o.picture && (len(pairs) == 1 || k%max(1, len(pairs)/o.picture) == 0) {
				for r := 0; r < o.count && rowsDrawn < o.picture; r++ {
					for _, x := range [][]float64{v, ta, tb, recA, recB, aloneA, aloneB} {
						grid = append(grid, x[r*nv:(r+1)*nv]...)
					}
					rowsDrawn++
					if len(pairs) > 1 {
						break
					}
				}
			}
		}
		w.Flush()
	}
	if err := w.Error(); err != nil {
		return err
	}
	fmt.Printf("%d ordered pairs of classes, %d composites each, %s chain, %d sweeps, seed %d (%s)\n\n", len(pairs), o.count, method, o.sweeps, o.seed, elapsed(start))
	fmt.Println("| composite | inference | cross-entropy per image (mean ± sd) | on-pixels recovered (mean ± sd) |\n|---|---|---|---|")
	for _, c := range composes {
		for _, who := range []string{"orbm", "alone"} {
			s := all[c+"/"+who]
			cm, cs := meanSD(s.ce)
			rm, rs := meanSD(s.rec)
			name := "ORBM (" + method.String() + ")"
			if who == "alone" {
				name = "each RBM alone"
			}
			fmt.Printf("| %s | %s | %.1f ± %.1f | %.3f ± %.3f |\n", map[string]string{"or": "OR", "sbn": "belief net"}[c], name, cm, cs, rm, rs)
		}
	}
	if rowsDrawn > 0 {
		img := picture.Upscale(picture.Tile(grid, 28, 28, rowsDrawn, 7, 1, false), 2)
		p := filepath.Join(o.out, "separation.png")
		if err := picture.WritePNG(p, img); err != nil {
			return err
		}
		fmt.Printf("\npicture (%s composite, truth A, truth B, ORBM's A, ORBM's B, A alone, B alone): %s\n", o.pictureCompose, p)
	}
	fmt.Printf("per pair: %s\n", filepath.Join(o.out, "pairs.csv"))
	return nil
}
