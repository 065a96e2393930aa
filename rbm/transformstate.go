package rbm

// A BatchTransform is a GradientTransform that is shown each update's data
// batch before its Transform: a sparsity target reads the batch's hidden
// means, a centring its visible means. The Trainer calls SeeBatch after the
// cost graph has run, before the Transforms.
type BatchTransform[T Float] interface {
	GradientTransform[T]
	// SeeBatch is shown the model and the data chains of the update: data.V
	// holds the batch's rows, data.HIn their hidden inputs v·W under the
	// parameters before the update, data.H the hidden states drawn from
	// them. It must not change them.
	SeeBatch(m *RBM[T], data *Chains[T]) error
}

// A TransformCheckpointer is a GradientTransform whose state a checkpoint
// keeps, so that training resumed from it continues bit for bit.
type TransformCheckpointer[T Float] interface {
	GradientTransform[T]
	// TransformState returns a copy of the transform's state as named
	// arrays (a checkpoint's entries "state/transform/I/NAME", I the
	// transform's place among the Trainer's Transforms).
	TransformState() []StateArray[T]
	// SetTransformState replaces the state with a copy of what
	// TransformState returned; nil (a checkpoint without the entries)
	// starts the state anew.
	SetTransformState(arrays []StateArray[T]) error
}

// stateArray returns the named array of arrays, or nil.
func stateArray[T Float](arrays []StateArray[T], name string) []T {
	for _, a := range arrays {
		if a.Name == name {
			return a.Data
		}
	}
	return nil
}
