package page

import (
	"bytes"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"

	"github.com/rbmgo/rbm/internal/atomicfile"
	"github.com/rbmgo/rbm/rbm/run"
)

// The files Write writes into a run folder.
const (
	File       = "index.html"
	CurvesFile = "monitors.png"
)

// Config says what the page of a run folder shows beside what the folder
// holds.
type Config struct {
	Title string     // the heading; "": the folder's name
	Notes []string   // lines under the heading (the command, the run's state)
	Rows  [][]string // monitors.csv's rows, the header first; nil: read from the folder
	Best  run.Criterion
	// Now is the time the page says it was written; zero: time.Now().
	Now time.Time
}

// Write writes dir's index.html and monitors.png (see the package's
// documentation), each through a temporary file renamed into place.
func Write(dir string, c Config) error {
	rows := c.Rows
	if rows == nil {
		var err error
		if rows, err = ReadMonitors(filepath.Join(dir, run.MonitorsFile)); err != nil {
			return fmt.Errorf("page: %w", err)
		}
	}
	series, err := ParseMonitors(rows)
	if err != nil {
		return err
	}
	v, plots, err := build(dir, c, series)
	if err != nil {
		return err
	}
	img, err := Figure(plots, 2)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, CurvesFile), func(w io.Writer) error {
		// The fastest compression: the picture is rewritten every epoch.
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		return enc.Encode(w, img.Image())
	}); err != nil {
		return err
	}
	var page bytes.Buffer
	if err := pageTemplate.Execute(&page, v); err != nil {
		return err
	}
	// Names from the folder and from monitors.csv's header may hold bytes
	// that are not UTF-8, or control characters; the page stays valid,
	// showing them as U+FFFD.
	html := bytes.Map(pageRune, bytes.ToValidUTF8(page.Bytes(), []byte("\uFFFD")))
	return atomicfile.Write(filepath.Join(dir, File), func(w io.Writer) error {
		_, err := w.Write(html)
		return err
	})
}

// view is what the template shows.
type view struct {
	Title, Updated string
	Notes          []string
	Curves         []curve
	Empty          []string // columns without a finite value
	Undrawn        []string // columns whose curves could not be drawn, and why
	Latest         []latest
	Pictures       []string
	CurvesFile     string
	Checkpoints    []checkpoint
	Damaged        []run.Damaged
	BestColumn     string
}

type curve struct {
	Name string
	SVG  template.HTML
}

type latest struct{ Name, Value string }

type checkpoint struct {
	Epochs, Batches int
	File, Size      string
	Time, Value     string
	Best            bool
}

// build gathers what the page shows, and the plots of the curves.
func build(dir string, c Config, series []Series) (view, []*plot.Plot, error) {
	v := view{Title: c.Title, Notes: c.Notes, CurvesFile: CurvesFile, BestColumn: c.Best.Column}
	if v.Title == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return v, nil, err
		}
		v.Title = filepath.Base(abs)
	}
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	v.Updated = now.Format("2006-01-02 15:04:05 MST")
	var plots []*plot.Plot
	for _, s := range series {
		if s.Finite() == 0 {
			v.Empty = append(v.Empty, s.Name)
			continue
		}
		v.Latest = append(v.Latest, latest{s.Name, lastFinite(s)})
		p, err := Panel(s)
		var svg string
		if err == nil {
			svg, err = SVG(p)
		}
		if err != nil { // values the plotting library cannot draw: named, not drawn
			v.Undrawn = append(v.Undrawn, fmt.Sprintf("%s (%v)", s.Name, err))
			continue
		}
		plots = append(plots, p)
		v.Curves = append(v.Curves, curve{s.Name, template.HTML(svg)})
	}
	var err error
	if v.Pictures, err = Pictures(dir); err != nil {
		return v, nil, err
	}
	if v.Checkpoints, v.Damaged, err = checkpoints(dir, c.Best); err != nil {
		return v, nil, err
	}
	return v, plots, nil
}

// lastFinite returns the last finite value of s, written as monitors.csv
// holds it.
func lastFinite(s Series) string {
	for i := len(s.Y) - 1; i >= 0; i-- {
		if y := s.Y[i]; !math.IsNaN(y) && !math.IsInf(y, 0) {
			return fmt.Sprintf("%s (epoch %s)", run.Format(y), run.Format(s.X[i]))
		}
	}
	return ""
}

// atEpoch matches the pictures a run draws epoch after epoch.
var atEpoch = regexp.MustCompile(`^(.*)_at_epoch_([0-9]+)\.png$`)

// Pictures returns the names of the PNG files of dir the page shows, in
// the order of their names: of each family NAME_at_epoch_N.png the one of
// the largest N, and every other PNG file but monitors.png.
func Pictures(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil {
		return nil, err
	}
	latestOf := map[string]int{}
	nameOf := map[string]string{}
	var out []string
	for _, p := range paths {
		name := filepath.Base(p)
		if name == CurvesFile {
			continue
		}
		m := atEpoch.FindStringSubmatch(name)
		if m == nil {
			out = append(out, name)
			continue
		}
		e, err := strconv.Atoi(m[2])
		if err != nil {
			continue // more digits than an int holds: not a run's picture
		}
		if old, ok := latestOf[m[1]]; !ok || e > old {
			latestOf[m[1]], nameOf[m[1]] = e, name
		}
	}
	for _, name := range nameOf {
		out = append(out, name)
	}
	slices.Sort(out)
	return out, nil
}

// checkpoints returns the rows of the checkpoints table and the files
// named like checkpoints that cannot be read.
func checkpoints(dir string, best run.Criterion) ([]checkpoint, []run.Damaged, error) {
	list, damaged, err := run.Scan(dir)
	if err != nil {
		return nil, nil, err
	}
	b := -1
	if best.Column != "" {
		b = run.Best(list, best)
	}
	rows := make([]checkpoint, len(list))
	for i, e := range list {
		rel, err := filepath.Rel(dir, e.Path)
		if err != nil {
			rel = e.Path
		}
		size := "?"
		if st, err := os.Stat(e.Path); err == nil {
			size = Size(st.Size())
		}
		rows[i] = checkpoint{Epochs: e.Epochs, Batches: e.Batches, File: filepath.ToSlash(rel), Size: size,
			Time: e.Time, Value: e.Monitors[best.Column], Best: i == b}
	}
	return rows, damaged, nil
}

// Size writes a number of bytes for people: 512 B, 3.2 kB, 41.0 MB.
func Size(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	x, units := float64(n)/1000, []string{"kB", "MB", "GB", "TB"}
	i := 0
	for x >= 1000 && i < len(units)-1 {
		x /= 1000
		i++
	}
	return fmt.Sprintf("%.1f %s", x, units[i])
}

// pageRune returns r, or U+FFFD for a character a page may not hold: the
// control characters but tab, newline and carriage return, and U+FFFE and
// U+FFFF.
func pageRune(r rune) rune {
	if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
		return '\uFFFD'
	}
	return r
}
