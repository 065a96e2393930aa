package budget

// FieldsPerUnit is the number of parameters a unit has besides its weights
// that Training assumes when told none: an upper bound for the built-in
// unit types (dReLU units have four).
const FieldsPerUnit = 4

// Training describes a training run, for its Estimate.
type Training struct {
	Visible, Hidden int // units
	FieldsPerUnit   int // parameters a unit has besides W (0: FieldsPerUnit)
	ElemSize        int // bytes of a value: 4 (float32) or 8 (float64)
	Batch           int // rows of a mini-batch, and persistent chains
	Rows            int // data rows held (training, validation and test)
	Optimizer       string
	Momentum        bool // SGD with momentum
	Averaging       bool // a running mean of the parameters (in float64)
	Histograms      bool // parameter histograms every epoch (float64 copies)
	Filters         bool // filter pictures (a float64 copy of W)
}

// Per value of the parameters, a training step holds the model, the copy
// kept for restoring the last good epoch, the transposed W, the gradient
// and the cost graph's terms of the data and model phases and their
// difference; with the Go heap's slack this measured eight copies.
const (
	paramCopies = 8
	// Per value of a batch row (visible and hidden): the chains' states and
	// inputs, the batch, and the cost graph's activations; measured twenty.
	batchCopies = 20
)

// Estimate returns what the run will allocate.
func (t Training) Estimate() Estimate {
	nv, nh := float64(t.Visible), float64(t.Hidden)
	f := float64(t.FieldsPerUnit)
	if f == 0 {
		f = FieldsPerUnit
	}
	size := float64(t.ElemSize)
	if size == 0 {
		size = 8
	}
	params := nv*nh + f*(nv+nh)
	var e Estimate
	e.Add("parameters, their copies and gradients", paramCopies*params, size)
	switch {
	case t.Optimizer == "adam":
		// Two moments and the temporaries of an update.
		e.Add("Adam's moments", 4*params, size)
	case t.Momentum:
		e.Add("SGD momentum", params, size)
	}
	if t.Averaging {
		e.Add("averaged parameters", params, 8+size)
	}
	if t.Histograms {
		e.Add("histogram copies", 2*params, 8)
	}
	if t.Filters {
		e.Add("filter picture copy", nv*nh, 8)
	}
	e.Add("chains and cost-graph buffers", batchCopies*float64(t.Batch)*(nv+nh), size)
	e.Add("data", float64(t.Rows)*nv, size)
	return e
}

// Sampling returns what drawing a figure of rows rows of chains pictures
// (height×width pixels each, one pixel apart) from a model of nv×nh
// allocates besides the model: the chains, and the figure's rows of pixels
// (held as images, then stacked, then encoded).
func Sampling(chains, rows, nv, nh, elemSize, height, width int) Estimate {
	var e Estimate
	e.Add("chains", 5*float64(chains)*float64(nv+nh), float64(elemSize))
	e.Add("figure", 3*float64(rows)*float64(height+1)*float64(chains)*float64(width+1), 1)
	return e
}
