package page_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	_ "image/png"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmgo/rbm/rbm/picture"
	"github.com/rbmgo/rbm/rbm/run"
	"github.com/rbmgo/rbm/rbm/run/page"
)

// parsed is what a test reads from a page.
type parsed struct {
	images, links []string // src of <img>, href of <a>
	curves        []string // data-name of figure.curve
	svgs          int      // <svg> elements
	text          string
}

// parse reads a page as XML (the page is well-formed XML as well as HTML,
// so a strict XML parser refuses a page a browser would mend).
func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	var p parsed
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var text strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range el.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch el.Name.Local {
			case "img":
				p.images = append(p.images, attr["src"])
			case "a":
				p.links = append(p.links, attr["href"])
			case "figure":
				if attr["class"] == "curve" {
					p.curves = append(p.curves, attr["data-name"])
				}
			case "svg":
				p.svgs++
			}
		case xml.CharData:
			text.Write(el)
		}
	}
	p.text = text.String()
	return p
}

// exists fails the test unless the relative URL names a file of dir.
func exists(t *testing.T, dir, ref string) {
	t.Helper()
	u, err := url.Parse(ref)
	if err != nil || u.IsAbs() || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		t.Errorf("%q is not a relative reference (%v)", ref, err)
		return
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(u.Path))); err != nil {
		t.Errorf("the page refers to %q: %v", ref, err)
	}
}

func writePNG(t *testing.T, path string) {
	t.Helper()
	if err := picture.WritePNG(path, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
}

func TestWrite(t *testing.T) {
	header := "epoch,pseudo_likelihood,exact_pseudo_likelihood,reconstruction_cross_entropy,test_log_likelihood_ais100x10,swap_rate_0_1\n"
	cases := []struct {
		name     string
		csv      string
		pictures []string
		damaged  bool
		curves   []string // the panels drawn
		empty    []string // the columns named as without a value
		shown    []string // the pictures shown
		undrawn  bool     // a curve is named as not drawn
	}{
		{
			name:     "gaps and an empty column",
			csv:      header + "0,-0.6,NaN,0.5,NaN,NaN\n1,-0.4,NaN,0.4,-90.5,0.3\n2,NaN,NaN,0.35,NaN,0.31\n3,-0.3,NaN,0.3,-85.1,0.33\n",
			pictures: []string{"filters_at_epoch_1.png", "filters_at_epoch_3.png", "filters_at_epoch_10.png", "samples.png", "histograms_at_epoch_2.png"},
			curves:   []string{"pseudo_likelihood", "reconstruction_cross_entropy", "test_log_likelihood_ais100x10", "swap_rate_0_1"},
			empty:    []string{"exact_pseudo_likelihood"},
			shown:    []string{"filters_at_epoch_10.png", "histograms_at_epoch_2.png", "samples.png"},
		},
		{
			name:    "rows shorter than the header, a damaged checkpoint",
			csv:     "epoch,pseudo_likelihood,cost\n0,-0.7\n1,-0.5,0.1\n2\n",
			damaged: true,
			curves:  []string{"pseudo_likelihood", "cost"},
		},
		{
			name:   "before the first epoch",
			csv:    "epoch,pseudo_likelihood,seconds\n0,-0.69,0\n",
			curves: []string{"pseudo_likelihood", "seconds"},
		},
		{
			name:   "one epoch",
			csv:    "epoch,pseudo_likelihood\n0,-0.69\n1,-0.5\n",
			curves: []string{"pseudo_likelihood"},
		},
		{
			name:    "values too large to draw",
			csv:     "epoch,a,b\n0,1e308,1\n1,-1e308,2\n",
			curves:  []string{"b"},
			undrawn: true,
		},
		{
			name:  "no values at all",
			csv:   "epoch,pseudo_likelihood\n0,NaN\n1,+Inf\n",
			empty: []string{"pseudo_likelihood"},
		},
		{
			name:   "no epoch column, not numbers",
			csv:    "a,b\n1,x\n2,3\n-Inf,4\n",
			curves: []string{"a", "b"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, run.MonitorsFile), []byte(c.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, p := range c.pictures {
				writePNG(t, filepath.Join(dir, p))
			}
			if c.damaged {
				os.MkdirAll(filepath.Join(dir, run.CheckpointsDir), 0o755)
				os.WriteFile(filepath.Join(dir, run.CheckpointsDir, "epoch_0001.npz"), []byte("not a checkpoint"), 0o644)
			}
			if err := page.Write(dir, page.Config{Notes: []string{"rbm train --epochs 3 <&>"}, Best: run.Criterion{Column: "pseudo_likelihood", Larger: true}}); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(dir, page.File))
			if err != nil {
				t.Fatal(err)
			}
			p := parse(t, data)
			if strings.Join(p.curves, ",") != strings.Join(c.curves, ",") || p.svgs != len(c.curves) {
				t.Errorf("curves %q (%d svg), want %q", p.curves, p.svgs, c.curves)
			}
			if strings.Join(p.images, ",") != strings.Join(c.shown, ",") {
				t.Errorf("pictures %q, want %q", p.images, c.shown)
			}
			for _, ref := range append(p.images, p.links...) {
				exists(t, dir, ref)
			}
			for _, e := range c.empty {
				if !strings.Contains(p.text, "Columns without a value: ") || !strings.Contains(p.text, e) {
					t.Errorf("the page does not name %s as without a value", e)
				}
			}
			if c.undrawn != strings.Contains(p.text, "could not be drawn") {
				t.Errorf("a curve named as not drawn: %v, want %v", !c.undrawn, c.undrawn)
			}
			if c.damaged != strings.Contains(p.text, "cannot be read") {
				t.Errorf("damaged checkpoint listed: %v, want %v", !c.damaged, c.damaged)
			}
			if !strings.Contains(p.text, "rbm train --epochs 3 <&>") {
				t.Error("the note is not on the page")
			}
			f, err := os.Open(filepath.Join(dir, page.CurvesFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, _, err := image.Decode(f)
			if err != nil {
				t.Fatalf("%s: %v", page.CurvesFile, err)
			}
			if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
				t.Errorf("%s is %v", page.CurvesFile, b)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %q", left)
			}
		})
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := page.Write(dir, page.Config{}); err == nil {
		t.Error("a folder without monitors.csv was accepted")
	}
	if err := page.Write(dir, page.Config{Rows: [][]string{}}); err == nil {
		t.Error("monitors without a header were accepted")
	}
	os.WriteFile(filepath.Join(dir, run.MonitorsFile), []byte("a,\"b\n"), 0o644)
	if err := page.Write(dir, page.Config{}); err == nil {
		t.Error("a broken monitors.csv was accepted")
	}
}

func TestParseMonitors(t *testing.T) {
	s, err := page.ParseMonitors([][]string{{"x", "epoch"}, {"1.5", "3"}, {"", "4"}, {"2"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 1 || s[0].Name != "x" {
		t.Fatalf("series %+v", s)
	}
	wantX, wantY := []float64{3, 4, 2}, []float64{1.5, math.NaN(), 2}
	for i := range wantX {
		if s[0].X[i] != wantX[i] || !(s[0].Y[i] == wantY[i] || math.IsNaN(s[0].Y[i]) && math.IsNaN(wantY[i])) {
			t.Errorf("point %d: (%g, %g), want (%g, %g)", i, s[0].X[i], s[0].Y[i], wantX[i], wantY[i])
		}
	}
	if n := s[0].Finite(); n != 2 {
		t.Errorf("%d finite values, want 2", n)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 41_000_000: "41.0 MB", 3e15: "3000.0 TB"} {
		if got := page.Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzWrite writes the page of a folder whose monitors.csv holds the fuzzed
// bytes: Write returns an error or writes a page that parses, whatever the
// cells hold (huge, tiny, NaN, ±Inf, not numbers, ragged rows).
func FuzzWrite(f *testing.F) {
	f.Add("epoch,a,b\n0,1,NaN\n1,2,3\n")
	f.Add("epoch,a\n0,1e308\n1,-1e308\n2,5e-324\n")
	f.Add("a\n+Inf\n-Inf\n")
	f.Add("epoch,a\n3,1\n3,2\n-1,1\n")
	f.Add("\"a\nb\",c\n1,2\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, csv string) {
		if len(csv) > 4096 {
			return
		}
		if err := os.WriteFile(filepath.Join(dir, run.MonitorsFile), []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := page.Write(dir, page.Config{Title: "fuzz"}); err != nil {
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, page.File))
		if err != nil {
			t.Fatal(err)
		}
		parse(t, data)
	})
}
