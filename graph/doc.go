// Package graph builds the gorgonia expression graphs of an RBM: the free energy
// of visible states, the contrastive-divergence cost whose gradient trains the
// model, and the compiled machines that evaluate them.
//
// A layer contributes two expressions, its energy and its cumulant generating
// function (cgf), through the Expr interface. The free energy of visible states v is
//
//	F(v) = E_vis(v) - CGF_hid(v·W)
//
// and the training cost is mean F(v_data) - mean F(v_model), where v_model, the end
// of a Gibbs chain, is an input node: nothing flows back through the chain, so the
// chain end is a constant. Every gradient comes from gorgonia.Grad; no gradient
// formula is written by hand.
//
// Conventions:
//   - States and inputs are row-major batch×n tensors, one row a sample;
//     an expression of a batch is a vector of length batch.
//   - A Param's Value is shared by reference: a graph reads the current
//     values on every run, so parameters updated in place need no rebinding.
//   - The inputs given to Run are bound, not copied: the caller owns them
//     and may refill them between runs.
//   - Gradients are read after a run and belong to the graph; each run
//     gives new ones.
//   - The dtype (float32 or float64) is chosen when a graph is built and
//     must match the parameters'.
//   - SelectBLAS, called once by a program, chooses the BLAS of every
//     matrix product; there is no package initialisation with side effects.
//     BLASThreads reports the threads the BLAS runs a product on.
//
// A layer's expressions, and any graph of several operations, can be built
// through a Chain, which keeps the first error so that the operations are
// checked once, at the end.
package graph
