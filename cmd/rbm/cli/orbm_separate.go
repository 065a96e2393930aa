package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rbmgo/rbm/internal/atomicfile"
	"github.com/rbmgo/rbm/rbm/data"
	"github.com/rbmgo/rbm/rbm/mnist"
	"github.com/rbmgo/rbm/rbm/npz"
	"github.com/rbmgo/rbm/rbm/orbm"
	"github.com/rbmgo/rbm/rbm/picture"
)

type separateOptions struct {
	pairFlags
	models, classes        string
	input, method, compose string
	count, sweeps, picture int
	pictureCompose         string
	out                    string
}

func runORBMSeparate(args []string) error {
	var o separateOptions
	fs := orbmFlags("separate", "Separate pictures made of two causes with two binary RBMs A and B (model.npz files of\n\"rbm train\", e.g. one trained with --digits 3 and one with --digits 5).\n\nWithout --input, binarised MNIST test digits of A's and B's classes are composed\n(--compose), the ORBM separates them, and each cause's reconstruction is scored against\nthe true digit beside the baseline of each model alone explaining the composite:\ncross-entropy per image and the fraction of the digit's on-pixels recovered (p > 1/2).\nWith --models, every ordered pair of the --classes is run.\n\nWith --input (a .npy, .npz or .csv file of pictures in [0,1], N×nv or N×28×28), the pictures\nare separated and the reconstructions written to OUT/separated.npz.")
	o.pairFlags.register(fs)
	fs.StringVar(&o.models, "models", "", "model files by class, a pattern with %d (e.g. runs/digit%d/model.npz): run all ordered pairs of --classes")
	fs.StringVar(&o.classes, "classes", "0-9", "classes of --models")
	fs.StringVar(&o.input, "input", "", "separate the pictures of this .npy, .npz or .csv file instead of MNIST composites")
	fs.StringVar(&o.method, "method", "exact", "inference: "+strings.Join(orbm.MethodNames(), ", "))
	fs.StringVar(&o.compose, "compose", "both", "MNIST composites: or (pixelwise OR), sbn (drawn by the belief net from each model's hidden state of its digit), or both")
	fs.IntVar(&o.count, "count", 10, "composites per pair of classes")
	fs.IntVar(&o.sweeps, "sweeps", 100, "Gibbs sweeps per composite (reconstructions average the second half)")
	fs.IntVar(&o.picture, "picture", 8, "rows of the picture (one composite each)")
	fs.StringVar(&o.pictureCompose, "picture-compose", "or", "composites of the picture: or or sbn")
	fs.StringVar(&o.out, "out", "orbm_separate", "folder for separation.png, pairs.csv or separated.npz")
	if err := parseFlags("orbm separate", fs, args); err != nil {
		return err
	}
	method, err := parseMethod(o.method)
	if err != nil {
		return err
	}
	if err := firstError(
		refuse(o.compose != "or" && o.compose != "sbn" && o.compose != "both", "--compose must be or, sbn or both, not %q", o.compose),
		refuse(o.pictureCompose != "or" && o.pictureCompose != "sbn", "--picture-compose must be or or sbn, not %q", o.pictureCompose),
		refuse(o.compose != "both" && o.pictureCompose != o.compose, "--picture-compose %s needs --compose %s or both", o.pictureCompose, o.pictureCompose),
		atLeast("--count", o.count, 1),
		atLeast("--sweeps", o.sweeps, 1),
		atLeast("--picture", o.picture, 0),
		refuse(o.models == "" && (o.a == "" || o.b == ""), "give two models with --a and --b, or a pattern with --models"),
		refuse(o.models != "" && o.input != "", "--input needs one pair of models (--a and --b), not --models"),
		refuse(o.models != "" && !strings.Contains(o.models, "%d"), "--models %q has no %%d for the class", o.models),
		refuse(o.models != "" && strings.Count(strings.ReplaceAll(o.models, "%%", ""), "%") != 1,
			"--models %q: a %% other than the one %%d for the class (write %%%% for a %% sign)", o.models),
	); err != nil {
		return err
	}
	if o.input != "" {
		return separateFile(&o, method)
	}
	return separateMNIST(&o, method)
}

func separateFile(o *separateOptions, method orbm.Method) error {
	model, _, err := orbm.LoadClasses(o.a, o.b)
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
		p := filepath.Join(o.out, "separation.png")
		if err := writeSeparation(p, grid, rows, []string{"picture", "ORBM's A", "ORBM's B", "A alone", "B alone"}); err != nil {
			return err
		}
		fmt.Printf("picture (picture, ORBM's A, ORBM's B, A alone, B alone): %s\n", p)
	}
	return nil
}

// writeSeparation writes the separation picture: rows of 28×28 pictures,
// one column a label, twice their size, under the columns' labels.
func writeSeparation(path string, grid []float64, rows int, labels []string) error {
	const scale = 2
	img, err := picture.ColumnLabels(picture.Upscale(picture.Tile(grid, 28, 28, rows, len(labels), 1, false), scale), 28*scale, scale, labels)
	if err != nil {
		return err
	}
	return picture.WritePNG(path, img)
}

// readPictures reads a data file (data.ReadFile) as rows of nv values in
// [0, 1].
func readPictures(path string, nv int) ([]float64, error) {
	d, err := data.ReadFile[float64](path)
	if err != nil {
		return nil, err
	}
	if d.Dim != nv {
		return nil, fmt.Errorf("%s: rows of %d values are not pictures of %d", path, d.Dim, nv)
	}
	for i, x := range d.Rows {
		if !(x >= 0 && x <= 1) {
			return nil, fmt.Errorf("%s: value %v at index %d is outside [0, 1]", path, x, i)
		}
	}
	return d.Rows, nil
}

// separateMNIST runs the study of orbm.Study on MNIST test digits and
// writes its CSV, table and figure.
func separateMNIST(o *separateOptions, method orbm.Method) error {
	pairs, err := studyPairs(o)
	if err != nil {
		return err
	}
	_, test, err := orbmDigits(o.dataDir)
	if err != nil {
		return err
	}
	composes := []string{"or", "sbn"}
	if o.compose != "both" {
		composes = []string{o.compose}
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	// pairs.csv is written whole once the study is done, so that a study
	// that fails or is stopped leaves an earlier one's file as it was.
	var rows bytes.Buffer
	start := time.Now()
	res, err := orbm.Study(orbm.StudyConfig{Pairs: pairs, Test: *test, Compose: composes, Method: method,
		Count: o.count, Sweeps: o.sweeps, Picture: o.picture, PictureCompose: o.pictureCompose, Seed: o.seed, CSV: &rows})
	if err != nil {
		return err
	}
	fmt.Printf("%d ordered pairs of classes, %d composites each, %s chain, %d sweeps, seed %d (%s)\n\n", len(pairs), o.count, method, o.sweeps, o.seed, elapsed(start))
	fmt.Println("| composite | inference | cross-entropy per image (mean ± sd) | on-pixels recovered (mean ± sd) |\n|---|---|---|---|")
	for _, c := range composes {
		for _, who := range []string{"orbm", "alone"} {
			s := res.Scores[c+"/"+who]
			cm, cs := orbm.MeanSD(s.CrossEntropy)
			rm, rs := orbm.MeanSD(s.Recovered)
			name := "ORBM (" + method.String() + ")"
			if who == "alone" {
				name = "each RBM alone"
			}
			fmt.Printf("| %s | %s | %.1f ± %.1f | %.3f ± %.3f |\n", map[string]string{"or": "OR", "sbn": "belief net"}[c], name, cm, cs, rm, rs)
		}
	}
	if res.PictureRows > 0 {
		p := filepath.Join(o.out, "separation.png")
		labels := []string{"composite", "truth A", "truth B", "ORBM's A", "ORBM's B", "A alone", "B alone"}
		if err := writeSeparation(p, res.Grid, res.PictureRows, labels); err != nil {
			return err
		}
		fmt.Printf("\npicture (%s composite, truth A, truth B, ORBM's A, ORBM's B, A alone, B alone): %s\n", o.pictureCompose, p)
	}
	csvPath := filepath.Join(o.out, "pairs.csv")
	if err := atomicfile.Write(csvPath, func(w io.Writer) error { _, err := w.Write(rows.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Printf("per pair: %s\n", csvPath)
	return nil
}

// studyPairs loads the pairs of models of --a and --b or --models, with
// their classes; it checks the models before MNIST is read.
func studyPairs(o *separateOptions) ([]orbm.StudyPair, error) {
	type files struct {
		a, b   int
		pa, pb string
	}
	list := []files{{o.digitA, o.digitB, o.a, o.b}}
	if o.models != "" {
		ds, err := mnist.ParseDigits(o.classes)
		if err != nil {
			return nil, fmt.Errorf("--classes: %w", err)
		}
		list = nil
		for _, da := range ds {
			for _, db := range ds {
				if da != db {
					list = append(list, files{int(da), int(db), fmt.Sprintf(o.models, da), fmt.Sprintf(o.models, db)})
				}
			}
		}
		if len(list) == 0 {
			return nil, fmt.Errorf("--classes %q gives no pair of different classes", o.classes)
		}
	}
	var pairs []orbm.StudyPair
	for _, p := range list {
		m, classes, err := loadPair(p.pa, p.pb, p.a, p.b)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, orbm.StudyPair{A: classes[0], B: classes[1], Model: m})
	}
	return pairs, nil
}
