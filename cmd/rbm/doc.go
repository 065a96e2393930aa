// Command rbm trains Restricted Boltzmann Machines on MNIST or on a data file
// and draws and measures what they learned, with every setting a flag. Its
// gradients come from automatic differentiation of the free-energy cost
// graph.
//
// Usage:
//
//	rbm train [flags]           train a model (defaults: the deeplearning.net tutorial); --resume continues a run
//	rbm checkpoints RUN_DIR     list the checkpoints of a run
//	rbm sample [flags]          draw the samples figure from a saved model or checkpoint
//	rbm dream [flags]           let a model dream from test digits
//	rbm eval [flags]            log Z (exact or AIS), test log-likelihood, RAISE, pseudo-likelihood
//	rbm revive [flags]          redraw a model's idle hidden units as detectors of single digits
//	rbm average --out F M M...  the mean of several models that descend from one (a model soup)
//	rbm gradcheck [flags]       check autodiff gradients against finite differences
//	rbm plot drelu              the dReLU figure: sample histograms over exact densities
//	rbm orbm separate|plot|train|xor [flags]  two RBMs that explain one picture together
//	rbm bench [flags]           seconds per epoch beside a PyTorch peer and a dense GEMM floor
//
// Run "rbm COMMAND --help" for the flags of a command.
package main
