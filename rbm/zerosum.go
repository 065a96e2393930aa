package rbm

import (
	"fmt"

	"github.com/rbmgo/rbm/graph"
)

// ZeroSumGauge puts a model with a Potts visible layer in the zero-sum
// gauge (RestrictedBoltzmannMachines.jl's zerosum!): at every site, the
// visible fields and each hidden unit's weights sum to zero over the q
// states. A one-hot site gives the same energy whatever constant is added
// to its fields, but a constant added to its weights of hidden unit μ adds
// to μ's input: the weights' site means removed, each hidden unit's field
// (its input's offset) takes their sum, so the model's distribution does
// not change. The hidden layer must be one whose input enters as a field,
// InputFielder or Linear: binary, spin, Potts, Gaussian, ReLU, dReLU,
// pReLU, xReLU, or a unit type of a program's own.
func ZeroSumGauge[T Float](m *RBM[T]) error {
	field, q, err := oneHotField(m.Visible)
	if err != nil {
		return fmt.Errorf("rbm: %w", err)
	}
	fields, err := inputFields(m.Hidden)
	if err != nil {
		return err
	}
	nv, nh := m.Visible.Len(), m.Hidden.Len()
	theta, w := data[T](field), m.Weights()
	shift := make([]float64, nh)
	for s := 0; s < nv/q; s++ {
		var mean float64
		for a := range q {
			mean += float64(theta[s*q+a])
		}
		mean /= float64(q)
		for a := range q {
			theta[s*q+a] = T(float64(theta[s*q+a]) - mean)
		}
		for mu := range nh {
			var wm float64
			for a := range q {
				wm += float64(w[(s*q+a)*nh+mu])
			}
			wm /= float64(q)
			for a := range q {
				w[(s*q+a)*nh+mu] = T(float64(w[(s*q+a)*nh+mu]) - wm)
			}
			shift[mu] += wm
		}
	}
	for _, f := range fields {
		d := data[T](f)
		for i := range d {
			d[i] = T(float64(d[i]) + shift[i])
		}
	}
	return nil
}

// CanZeroSum reports whether ZeroSumGauge applies to visible units l, and
// if not, why: they must be Linear with one-hot sites (Potts units, or a
// program's own).
func CanZeroSum[T Float](l Layer[T]) error {
	_, _, err := oneHotField(l)
	return err
}

// oneHotField returns the field of Linear units with one-hot sites and the
// number of states a site.
func oneHotField(l UnitType) (*graph.Param, int, error) {
	lin, isLinear := As[Linear](l)
	fin, isFinite := As[Finite](l)
	if isLinear && isFinite {
		if per, states := fin.SiteStates(); isOneHot(per, states) {
			return lin.LinearField(), per, nil
		}
	}
	return nil, 0, fmt.Errorf("the zero-sum gauge is for Linear units with one-hot sites (Potts), not %s", l.Kind())
}

// inputFields returns the parameters of l to which a constant added to a
// unit's input can be added instead: InputFields, or a Linear layer's field.
func inputFields(l UnitType) ([]*graph.Param, error) {
	if f, ok := As[InputFielder](l); ok {
		return f.InputFields(), nil
	}
	if lin, ok := As[Linear](l); ok {
		return []*graph.Param{lin.LinearField()}, nil
	}
	return nil, fmt.Errorf("rbm: the zero-sum gauge cannot move the weights' means into the fields of %s units, which are neither InputFielder nor Linear", l.Kind())
}

// ZeroSum is a Callback that puts the model in the zero-sum gauge (see
// ZeroSumGauge) after every update. Put it first among a Trainer's
// Callbacks, before any that saves the model or a checkpoint.
type ZeroSum[T Float] struct{}

// AfterBatch applies the gauge and tells the chains.
func (ZeroSum[T]) AfterBatch(t *Trainer[T], _ BatchStats) error {
	if err := ZeroSumGauge(t.Model); err != nil {
		return err
	}
	t.refresh()
	return nil
}

// AfterEpoch does nothing.
func (ZeroSum[T]) AfterEpoch(*Trainer[T], EpochStats) error { return nil }
