// Package rbm holds Restricted Boltzmann Machines: layers of units, models,
// block Gibbs sampling, CD-k and PCD-k training whose gradients come from the
// graphs of package graph, monitors and model files.
//
// A model is two layers joined by a weight matrix W (nv×nh). A unit type is
// what it says in graph expressions: its parameters, its energy and its cgf
// (UnitType), and the finite list of a site's states (Finite) or, for
// continuous units, a sampler. Derive makes the rest of a Layer from that:
// the numeric energy and cgf evaluate the expressions, the mean is
// ∂cgf/∂input by autodiff, finite units get an exact sampler and data
// checks, and moments follow. The built-in types implement Layer with
// hand-written fast paths instead, which package rbmtest holds to the
// derived values. What a feature needs of a layer is a small interface
// (Finite for exact log Z and enumeration, Linear for tempered fields,
// TwoState for the pseudo-likelihood, BinaryField for the ORBM and idle
// units), never a kind name; As finds it on a derived layer's units too.
//
// A built-in type is one file: binary.go, spin.go and potts.go build on the
// linear-field base (linearfield.go), gaussian.go and relu.go on the
// quadratic one (quadratic.go), and drelu.go, prelu.go and xrelu.go on the
// dReLU family (drelufamily.go), pReLU and xReLU being maps of their
// parameters onto dReLU's. Every type registers itself with Register, as a
// program does with types of its own (see Example_newLayerType), so that
// NewLayer, Load and the command know it by name. The layer files begin
// alike (imports, registration, a constructor over their base): the lines
// are repeated so that each file reads alone.
//
// Data flow one way: data → batches → the negative-phase sampler (Gibbs
// chains for CD-k and PCD-k, or parallel tempering, Tempering: numbers,
// seeded) → chain end → the compiled cost graph (autodiff; of the centred
// energy after Trainer.Center) → gradients → gradient transforms
// (WeightDecay, L1, L2L1, Sparsity, which a BatchTransform is shown the
// batch for) → optimizer → parameters, which the graph reads by reference;
// a Trainer's callbacks (ZeroSum, UnitVariance, ...) are told after every
// update and epoch, and package run makes durable runs of them. Averaging keeps the mean
// of the parameters over the updates beside them, at the end of that path
// (Trainer.StartAveraging); ModelMean takes the mean of finished models
// that descend from one (UnitAlignment checks that they do).
// ReviveIdle redraws the hidden units a training run left idle, for the
// next run to make features of.
//
// Conventions:
//   - States, inputs and data are row-major []T, one row a sample of
//     Len() values; a layer of shape 2×3 has rows of 6.
//   - T is float32 or float64 for a whole model; energies, cgfs and
//     monitors are returned as float64.
//   - Parameters are graph.Params whose storage the model owns and shares
//     by reference with every graph built on it and with the optimizer,
//     which updates it in place.
//   - Slices passed in are the caller's: a method reads them and writes
//     only into the out slices it is given, except Chains, whose V, H, VIn
//     and HIn it owns and overwrites on every step.
//   - Randomness comes from math/rand/v2 PCG streams derived from a seed;
//     every chain draws from its own stream, so a trained model depends on
//     the seed alone, not on GOMAXPROCS or on the processor's kernels.
//   - Errors a caller branches on wrap ErrStopped, ErrData or ErrModelFile;
//     match them with errors.Is.
//   - A program calls graph.SelectBLAS once at start for the fast products
//     the command uses; without it the results are the same up to the
//     rounding of the products' sums.
package rbm
