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
// Run is the command on given arguments, returning its error instead of
// exiting, for tests and for programs that run it among other work.
//
// The command is thin: each subcommand turns its flags into the config of a
// library call. The data pipeline is package data (formats, transforms and
// the settings a model file keeps), the separation study is orbm.Study and
// the floor and machine report of "rbm bench" are package bench. The files
// of this package are one a subcommand (train.go, eval.go, orbm_separate.go,
// …) and the helpers they share, named for what they are: flags.go,
// models.go, data.go, pictures.go, progress.go, pairs.go (the orbm
// subcommands' models and digits), options.go and build.go (the model and
// training flags of train and bench). No subcommand file uses another's.
//
// Usage:
//
//	rbm train [flags]           train a model (defaults: the deeplearning.net tutorial); --resume continues a run
//	rbm checkpoints RUN_DIR     list the checkpoints of a run
//	rbm sample [flags]          draw samples of any model or stack: the samples figure, or an .npy array
//	rbm transform [flags]       write the hidden means of rows (features) to .npy, .npz or .csv
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
