// Command rbm trains Restricted Boltzmann Machines on MNIST and draws what they
// learned, with every setting a flag. Its gradients come from automatic
// differentiation of the free-energy cost graph.
//
// Usage:
//
//	rbm train [flags]     train a model (defaults: the deeplearning.net tutorial)
//	rbm sample [flags]    draw the samples figure from a saved model
//	rbm gradcheck [flags] check autodiff gradients against finite differences
//	rbm plot drelu        the dReLU figure: sample histograms over exact densities
//	rbm bench [flags]     seconds per epoch beside a PyTorch peer
//
// Run "rbm COMMAND --help" for the flags of a command.
package main
