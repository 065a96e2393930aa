package rbm

import (
	"fmt"
	"math"

	"github.com/rbmgo/rbm/graph"
)

// DefaultFieldClip is the clip of InitVisibleFields' means: they are kept in
// [clip, 1-clip], so that a pixel never on in the data gets a large
// negative field rather than an infinite one.
const DefaultFieldClip = 1e-3

// InitVisibleFields sets the visible layer's fields to those of the
// independent model of the data's means (Hinton's practical guide, section
// 8). It applies to units that are Finite and Linear (see FieldsFromData):
// for units of two states a < b, θᵢ = log(pᵢ/(1-pᵢ))/(b-a) with pᵢ =
// (mᵢ-a)/(b-a), mᵢ the mean of unit i over the rows of x (binary units:
// the log-odds of the mean; spin units: atanh(mᵢ)); for sites of one-hot
// states (Potts units), θ = log p of each state's frequency at its site.
// The p are clipped to [clip, 1-clip], clip in (0, 0.5). Other units are
// refused, the error naming what they lack.
func InitVisibleFields[T Float](m *RBM[T], x []T, clip float64) error {
	if !(clip > 0 && clip < 0.5) {
		return fmt.Errorf("rbm: the clip of the visible fields' means must be in (0, 0.5), got %v", clip)
	}
	form, err := fieldsForm(m.Visible)
	if err != nil {
		return err
	}
	nv := m.Visible.Len()
	if len(x) == 0 || len(x)%nv != 0 {
		return fmt.Errorf("rbm: %w: %d values are not rows of %d visible units", ErrData, len(x), nv)
	}
	means := rowMeans(x, nv)
	for i, p := range means {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return fmt.Errorf("rbm: %w: the mean of visible unit %d is %v", ErrData, i, p)
		}
	}
	clamp := func(p float64) float64 { return math.Min(math.Max(p, clip), 1-clip) }
	theta := data[T](form.field)
	for i, mean := range means {
		if form.oneHot {
			theta[i] = T(math.Log(clamp(mean)))
			continue
		}
		a, b := form.states[0], form.states[1]
		p := clamp((mean - a) / (b - a))
		theta[i] = T(math.Log(p/(1-p)) / (b - a))
	}
	return nil
}

// FieldsFromData reports whether InitVisibleFields can set the fields of
// the units l from the data's means, and if not, what they lack: they must
// be Finite and Linear (energy -θ·x), with sites of one unit and two states
// (binary, spin) or sites whose states are the one-hot vectors (Potts).
func FieldsFromData[T Float](l Layer[T]) error {
	_, err := fieldsForm(l)
	return err
}

// fieldsFormOf is what InitVisibleFields needs of a layer: its field, and
// either the two states of its units or that its sites are one-hot.
type fieldsFormOf struct {
	field  *graph.Param
	states [2]float64 // a < b, when not oneHot
	oneHot bool
}

// fieldsForm returns the form of l's fields, or an error naming what l
// lacks.
func fieldsForm(l UnitType) (fieldsFormOf, error) {
	lin, isLinear := As[Linear](l)
	fin, isFinite := As[Finite](l)
	if !isLinear || !isFinite {
		return fieldsFormOf{}, fmt.Errorf("rbm: visible fields from the data's means need Finite and Linear units (binary, spin, Potts), and %s units are not %s", l.Kind(), missing(isFinite, isLinear))
	}
	per, states := fin.SiteStates()
	if a, b, ok := siteTwoStates(per, states); ok {
		return fieldsFormOf{field: lin.LinearField(), states: [2]float64{a, b}}, nil
	}
	if isOneHot(per, states) {
		return fieldsFormOf{field: lin.LinearField(), oneHot: true}, nil
	}
	return fieldsFormOf{}, fmt.Errorf("rbm: visible fields from the data's means need units of two states or one-hot sites; %s units have %d states of %d units a site", l.Kind(), len(states), per)
}

// siteTwoStates returns the states a < b of sites of one unit and two states.
func siteTwoStates(per int, states [][]float64) (a, b float64, ok bool) {
	if per != 1 || len(states) != 2 || len(states[0]) != 1 || len(states[1]) != 1 || states[0][0] == states[1][0] {
		return 0, 0, false
	}
	a, b = states[0][0], states[1][0]
	return min(a, b), max(a, b), true
}

// missing names the capabilities of Finite and Linear that a layer lacks.
func missing(isFinite, isLinear bool) string {
	switch {
	case !isFinite && !isLinear:
		return "Finite or Linear"
	case !isFinite:
		return "Finite"
	}
	return "Linear"
}

// isOneHot reports whether states are the per one-hot vectors of length
// per, in any order.
func isOneHot(per int, states [][]float64) bool {
	if per < 2 || len(states) != per {
		return false
	}
	seen := make([]bool, per)
	for _, s := range states {
		if len(s) != per {
			return false
		}
		hot := -1
		for j, v := range s {
			switch {
			case v == 1 && hot < 0:
				hot = j
			case v != 0:
				return false
			}
		}
		if hot < 0 || seen[hot] {
			return false
		}
		seen[hot] = true
	}
	return true
}

// InitVisibleFields sets the model's visible fields from the rows x (see
// the function InitVisibleFields) before the first epoch, and makes them
// the parameters a stopped first epoch puts back.
func (t *Trainer[T]) InitVisibleFields(x []T, clip float64) error {
	if t.epoch > 0 {
		return fmt.Errorf("rbm: the visible fields are set from the data before the first epoch")
	}
	if err := InitVisibleFields(t.Model, x, clip); err != nil {
		return err
	}
	t.refresh()
	t.keepGood()
	return nil
}
