// Package cli is the body of the rbm command: it trains Restricted Boltzmann
// Machines on MNIST or on a data file and draws and measures what they
// learned, with every setting a flag. Its gradients come from automatic
// differentiation of the free-energy cost graph.
//
// A program of its own that registers unit types (rbm.Register) before
// calling Main runs the whole command with those types known to every
// subcommand's --visible and --hidden flags and to every model file it reads:
//
//	func main() {
//		if err := rbm.Register("ternary", NewTernary[float32], NewTernary[float64]); err != nil {
//			log.Fatal(err)
//		}
//		cli.Main()
//	}
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
package cli
