// Command rbm trains Restricted Boltzmann Machines on MNIST or on a data file
// and draws and measures what they learned, with every setting a flag. Its
// gradients come from automatic differentiation of the free-energy cost
// graph. The command's body is package cli, which a program of its own can
// run with unit types it registers.
//
// Run "rbm help" for the commands and "rbm COMMAND --help" for the flags of
// a command.
package main

import "github.com/rbmgo/rbm/cmd/rbm/cli"

func main() { cli.Main() }
