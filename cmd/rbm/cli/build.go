package cli

import (
	"fmt"
	"math/rand/v2"

	"github.com/rbmgo/rbm/optim"
	"github.com/rbmgo/rbm/rbm"
)

// newModel builds the model the flags describe, with nv visible units: the
// tutorial's uniform initial weights, or normal ones with --init-std, drawn
// from the seed's stream 0.
func newModel[T rbm.Float](o *trainOptions, nv int) (*rbm.RBM[T], error) {
	vis, err := rbm.NewLayer[T](o.visible, "v", nv)
	if err != nil {
		return nil, err
	}
	hid, err := rbm.NewLayer[T](o.hidKind, "h", o.hidShape...)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(o.seed, 0))
	m, err := rbm.New(vis, hid, rng)
	if err != nil {
		return nil, err
	}
	if o.initStd > 0 {
		if err := m.InitNormal(o.initStd, rng); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// newOptimizer returns the optimizer the flags ask for.
func newOptimizer[T rbm.Float](name string, lr, biasFactor, momentum float64) (optim.Checkpointer[T], error) {
	groups := optim.Groups(lr, biasFactor)
	switch name {
	case "sgd":
		return optim.NewSGD[T](optim.SGDConfig{Groups: groups, Momentum: momentum})
	case "adam":
		if momentum != 0 {
			return nil, fmt.Errorf("--momentum is for sgd; adam has its own moments")
		}
		return optim.NewAdam[T](optim.AdamConfig{Groups: groups})
	}
	return nil, fmt.Errorf("--optimizer must be sgd or adam, not %q", name)
}

// weightDecay is the gradient transform of --weight-decay: an L2 penalty on
// the weights.
func weightDecay[T rbm.Float](decay float64) rbm.WeightDecay[T] {
	return rbm.WeightDecay[T]{Decay: decay, Groups: []string{"weights"}}
}

// newTrainer builds the model, its optimizer and its trainer from the flags.
func newTrainer[T rbm.Float](o *trainOptions, nv int) (*rbm.RBM[T], *rbm.Trainer[T], optim.Checkpointer[T], error) {
	m, err := newModel[T](o, nv)
	if err != nil {
		return nil, nil, nil, err
	}
	if o.initModel != "" {
		if err := initFrom(o.initModel, m); err != nil {
			return nil, nil, nil, err
		}
	}
	tr, opt, err := trainerFor(o, m)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, tr, opt, nil
}

// trainerFor builds the optimizer and the trainer of m the flags ask for.
func trainerFor[T rbm.Float](o *trainOptions, m *rbm.RBM[T]) (*rbm.Trainer[T], optim.Checkpointer[T], error) {
	opt, err := newOptimizer[T](o.optimizer, o.lr, o.biasFactor, o.momentum)
	if err != nil {
		return nil, nil, err
	}
	tr, err := rbm.NewTrainer(m, opt, o.trainConfig())
	if err != nil {
		return nil, nil, err
	}
	tr.Transforms = []rbm.GradientTransform[T]{weightDecay[T](o.decay)}
	if err := applyAlgos(&o.algos, tr); err != nil {
		return nil, nil, err
	}
	return tr, opt, nil
}
