package features

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"github.com/rbmgo/rbm/rbm"
	"github.com/rbmgo/rbm/rbm/run"
)

// lowerKey is the settings entry of a model trained on the features of
// another: the lower model's Lineage.
const lowerKey = "lower_model"

// MaxStack bounds the models of a stack.
const MaxStack = 16

// Lineage names the model whose features a model was trained on: its path
// (absolute) and the SHA-256 of its file.
type Lineage struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// NewLineage returns the lineage of the model file path.
func NewLineage(path string) (Lineage, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Lineage{}, fmt.Errorf("features: %w", err)
	}
	src, err := run.Fingerprint(abs)
	if err != nil {
		return Lineage{}, fmt.Errorf("features: %w", err)
	}
	return Lineage{Path: src.Path, SHA256: src.SHA256}, nil
}

// Settings returns the lineage as a model's settings entry, to merge into
// the extra settings rbm.Save writes.
func (l Lineage) Settings() map[string]any {
	return map[string]any{lowerKey: map[string]any{"path": l.Path, "sha256": l.SHA256}}
}

// LowerModel returns the lineage saved in a model's settings, if any.
func LowerModel(settings map[string]any) (Lineage, bool) {
	e, ok := settings[lowerKey].(map[string]any)
	if !ok {
		return Lineage{}, false
	}
	return Lineage{Path: str(e, "path"), SHA256: str(e, "sha256")}, true
}

// Stack is a deep belief net: Models[0] sees the data, each other model
// was trained on the hidden means of the one below it. Settings are each
// model's saved settings.
type Stack[T rbm.Float] struct {
	Models   []*rbm.RBM[T]
	Settings []map[string]any
}

// Top returns the highest model.
func (s *Stack[T]) Top() *rbm.RBM[T] { return s.Models[len(s.Models)-1] }

// LoadStack reads the model at path and the models below it, following
// the lineage each one saved (LowerModel) and refusing a lower model whose
// file no longer has the SHA-256 recorded, or whose hidden units are not
// the visible units of the model above.
func LoadStack[T rbm.Float](path string) (*Stack[T], error) {
	var paths []string
	for p := path; ; {
		if len(paths) == MaxStack {
			return nil, fmt.Errorf("features: %s: a stack of more than %d models", path, MaxStack)
		}
		paths = append(paths, p)
		_, extra, err := rbm.Load[T](p)
		if err != nil {
			return nil, err
		}
		l, ok := LowerModel(extra)
		if !ok {
			break
		}
		src, err := run.Fingerprint(l.Path)
		if err != nil {
			return nil, fmt.Errorf("features: %s was trained on the features of %s: %w", p, l.Path, err)
		}
		if src.SHA256 != l.SHA256 {
			return nil, fmt.Errorf("features: %s was trained on the features of %s, whose SHA-256 was %s and is now %s: the lower model changed", p, l.Path, l.SHA256, src.SHA256)
		}
		p = l.Path
	}
	for i, j := 0, len(paths)-1; i < j; i, j = i+1, j-1 {
		paths[i], paths[j] = paths[j], paths[i]
	}
	return OpenStack[T](paths)
}

// OpenStack reads the models at paths, lowest first, and checks that each
// one's visible units are as many as the hidden units of the one below.
func OpenStack[T rbm.Float](paths []string) (*Stack[T], error) {
	if len(paths) == 0 || len(paths) > MaxStack {
		return nil, fmt.Errorf("features: a stack of %d models, want 1 to %d", len(paths), MaxStack)
	}
	s := &Stack[T]{}
	for i, p := range paths {
		m, extra, err := rbm.Load[T](p)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			if below := s.Models[i-1].Hidden.Len(); m.Visible.Len() != below {
				return nil, fmt.Errorf("features: %s has %d visible units, the model below it (%s) %d hidden units", p, m.Visible.Len(), paths[i-1], below)
			}
		}
		s.Models, s.Settings = append(s.Models, m), append(s.Settings, extra)
	}
	return s, nil
}

// ParseStack reads a comma-separated list of model files, lowest first.
func ParseStack(s string) ([]string, error) {
	parts := strings.Split(s, ",")
	if len(parts) > MaxStack {
		return nil, fmt.Errorf("--stack %q: more than %d models", s, MaxStack)
	}
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			return nil, fmt.Errorf("--stack %q: want model files separated by commas, lowest first, none empty", s)
		}
	}
	return parts, nil
}

// Up returns the features the top model of s sees for the rows x of the
// lowest model's visible units: the hidden means of every model but the
// top, one after the other.
func (s *Stack[T]) Up(x []T) ([]T, error) {
	var err error
	for _, m := range s.Models[:len(s.Models)-1] {
		if x, err = Of(m, x, Options{}); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// SampleOptions say how Sample runs the chains.
type SampleOptions struct {
	// Rows is the number of snapshots, Steps the Gibbs steps of the top
	// model before each.
	Rows, Steps int
	// Seed seeds the chains (chain r draws from the stream (Seed, 1<<40+r),
	// as the samples figure of rbm train) and the draws of the lower layers.
	Seed uint64
	// Draw draws the states of the lower layers instead of taking means.
	Draw bool
}

// Sample runs Gibbs chains of the top model from the visible states init
// (one row a chain) and, every Steps steps, passes the top model's visible
// means down through the models below (each layer's means given the one
// above, or draws with o.Draw). It returns the lowest visible layer's
// values as chains × Rows × units, chain by chain. progress, if not nil, is
// called after each snapshot.
func (s *Stack[T]) Sample(init []T, o SampleOptions, progress func(done int)) ([]T, error) {
	top := s.Top()
	nv := top.Visible.Len()
	if len(init) == 0 || len(init)%nv != 0 {
		return nil, fmt.Errorf("features: %d values are not rows of the top model's %d visible units", len(init), nv)
	}
	if o.Rows < 1 || o.Steps < 1 {
		return nil, fmt.Errorf("features: %d rows of %d steps", o.Rows, o.Steps)
	}
	chains := len(init) / nv
	c, err := rbm.NewChains(top, chains, o.Seed, 1<<40)
	if err != nil {
		return nil, err
	}
	if err := c.SetVisible(init); err != nil {
		return nil, err
	}
	bottom := s.Models[0].Visible.Len()
	out := make([]T, chains*o.Rows*bottom)
	mean := make([]T, len(c.V))
	rng := rand.New(rand.NewPCG(o.Seed, 5))
	for r := range o.Rows {
		c.GibbsVHV(o.Steps)
		c.VisibleMean(mean)
		x := s.down(mean, o.Draw, rng)
		for ch := range chains {
			copy(out[(ch*o.Rows+r)*bottom:(ch*o.Rows+r+1)*bottom], x[ch*bottom:(ch+1)*bottom])
		}
		if progress != nil {
			progress(r + 1)
		}
	}
	return out, nil
}

// down passes the top model's visible values h through the lower models.
func (s *Stack[T]) down(h []T, draw bool, rng *rand.Rand) []T {
	for i := len(s.Models) - 2; i >= 0; i-- {
		m := s.Models[i]
		nv, nh := m.Visible.Len(), m.Hidden.Len()
		in, v := make([]T, len(h)/nh*nv), make([]T, len(h)/nh*nv)
		m.PropDown(h, in, nil)
		if draw {
			for r := range len(h) / nh {
				m.Visible.Sample(rng, in[r*nv:(r+1)*nv], v[r*nv:(r+1)*nv])
			}
		} else {
			m.Visible.Mean(in, v)
		}
		h = v
	}
	return h
}

// RandomStates returns n rows of visible states of m drawn from its visible
// layer alone (zero input from the hidden units), from the PCG stream
// (seed, 6).
func RandomStates[T rbm.Float](m *rbm.RBM[T], n int, seed uint64) []T {
	nv := m.Visible.Len()
	rng := rand.New(rand.NewPCG(seed, 6))
	zero, out := make([]T, nv), make([]T, n*nv)
	for r := range n {
		m.Visible.Sample(rng, zero, out[r*nv:(r+1)*nv])
	}
	return out
}
