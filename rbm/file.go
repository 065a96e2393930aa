package rbm

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/rbmgo/rbm/graph"
	"github.com/rbmgo/rbm/rbm/npz"
)

// fileSettings is the "settings" entry of a model file.
type fileSettings struct {
	Format  string         `json:"format"`
	Dtype   string         `json:"dtype"`
	Visible layerSettings  `json:"visible"`
	Hidden  layerSettings  `json:"hidden"`
	Extra   map[string]any `json:"extra,omitempty"`
}

type layerSettings struct {
	Kind  string `json:"kind"`
	Shape []int  `json:"shape"`
}

const fileFormat = "rbm-npz/1"

// Save writes m to path as an .npz archive numpy can read: one array per
// parameter (W, vbias, hbias, ...) and "settings", a JSON string with the layer
// kinds and shapes, the dtype, and extra (for instance the training flags),
// and "checksum", the SHA-256 of the other entries, which Load verifies.
// The file is replaced atomically.
func Save[T Float](path string, m *RBM[T], extra map[string]any) error {
	arrays, err := modelArrays(m, extra)
	if err != nil {
		return err
	}
	if arrays, err = withChecksum(arrays); err != nil {
		return err
	}
	return npz.WriteFile(path, arrays)
}

// modelArrays returns the entries of a model file.
func modelArrays[T Float](m *RBM[T], extra map[string]any) ([]npz.Array, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("rbm: refusing to save: %w", err)
	}
	s := fileSettings{
		Format:  fileFormat,
		Dtype:   dtypeOf[T]().String(),
		Visible: layerSettings{m.Visible.Kind(), m.Visible.Shape()},
		Hidden:  layerSettings{m.Hidden.Kind(), m.Hidden.Shape()},
		Extra:   extra,
	}
	js, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("rbm: settings: %w", err)
	}
	arrays := []npz.Array{{Name: "settings", Data: string(js)}}
	for _, p := range m.Params() {
		arrays = append(arrays, npz.Array{Name: p.Name, Shape: m.shapeOf(p), Data: append([]T(nil), data[T](p)...)})
	}
	return arrays, nil
}

// Load reads a model written by Save, converting its values to T if the file
// holds the other float type, and returns the extra settings saved with it.
// A file with a "checksum" entry (every file Save and SaveCheckpoint write)
// is verified against it first, and refused with an error wrapping
// ErrChecksum when it does not match; files without one (numpy's, say) are
// read unchecked. A file that cannot be opened gives the error of opening
// it; a file that is not a valid model gives an error wrapping ErrModelFile
// that says why.
func Load[T Float](path string) (*RBM[T], map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("rbm: %w", err)
	}
	f.Close()
	m, extra, err := load[T](path)
	if err != nil {
		return nil, nil, fmt.Errorf("rbm: %s: %w: %w", path, ErrModelFile, err)
	}
	return m, extra, nil
}

func load[T Float](path string) (*RBM[T], map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	r, err := npz.NewReader(f, st.Size())
	if err != nil {
		return nil, nil, err
	}
	raw, err := r.ReadString("settings", maxSettings)
	if errors.Is(err, npz.ErrNotFound) {
		return nil, nil, errors.New("no settings entry")
	}
	if err != nil {
		return nil, nil, err
	}
	var s fileSettings
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return nil, nil, fmt.Errorf("settings: %w", err)
	}
	if s.Format != fileFormat {
		return nil, nil, fmt.Errorf("format %q, want %q", s.Format, fileFormat)
	}
	if s.Dtype != "float32" && s.Dtype != "float64" {
		return nil, nil, fmt.Errorf("dtype %q, want float32 or float64", s.Dtype)
	}
	// Sizes are checked before the layers allocate anything.
	nv, err := Units(s.Visible.Shape...)
	if err != nil {
		return nil, nil, fmt.Errorf("visible layer: %w", err)
	}
	nh, err := Units(s.Hidden.Shape...)
	if err != nil {
		return nil, nil, fmt.Errorf("hidden layer: %w", err)
	}
	if err := checkWeights(nv, nh); err != nil {
		return nil, nil, err
	}
	// The stored W must have the shape the settings give, before anything
	// is allocated for it.
	if h, err := r.Header("W"); err == nil && !slices.Equal(h.Shape, []int{nv, nh}) {
		return nil, nil, fmt.Errorf("array %q has shape %v, want %v", "W", h.Shape, []int{nv, nh})
	}
	// The checksum, once the sizes are known to be a model's.
	if _, err := verify(r); err != nil {
		return nil, nil, err
	}
	vis, err := NewLayer[T](s.Visible.Kind, "v", s.Visible.Shape...)
	if err != nil {
		return nil, nil, fmt.Errorf("visible layer: %w", err)
	}
	hid, err := NewLayer[T](s.Hidden.Kind, "h", s.Hidden.Shape...)
	if err != nil {
		return nil, nil, fmt.Errorf("hidden layer: %w", err)
	}
	m := &RBM[T]{Visible: vis, Hidden: hid, W: newParam[T]("W", graph.Weights, nv, nh)}
	for _, p := range m.Params() {
		a, err := r.ReadShape(p.Name, m.shapeOf(p)...)
		switch {
		case errors.Is(err, npz.ErrNotFound):
			return nil, nil, fmt.Errorf("no array %q", p.Name)
		case err != nil:
			return nil, nil, err
		}
		dst := data[T](p)
		switch d := a.Data.(type) {
		case []float32:
			for i, x := range d {
				dst[i] = T(x)
			}
		case []float64:
			for i, x := range d {
				dst[i] = T(x)
			}
		default:
			return nil, nil, fmt.Errorf("array %q is not float32 or float64", p.Name)
		}
	}
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	return m, s.Extra, nil
}

// maxSettings bounds the length of a model file's settings entry.
const maxSettings = 1 << 20

// shapeOf returns the shape a parameter is saved with: a layer's parameter
// with one value per unit takes the layer's shape (2×2×2×2, say).
func (m *RBM[T]) shapeOf(p *graph.Param) []int {
	for _, l := range []Layer[T]{m.Visible, m.Hidden} {
		for _, lp := range l.Params() {
			if lp == p && p.Value.Shape().TotalSize() == l.Len() {
				return append([]int(nil), l.Shape()...)
			}
		}
	}
	return p.Value.Shape().Clone()
}
