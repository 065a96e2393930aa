// Package budget says what a computation will cost before it starts: the
// bytes a training or sampling run will allocate (parameters and their
// copies, optimizer state, gradients, chains, the cost graph's buffers,
// data, pictures) and the time a long loop of Gibbs steps or an exact sum
// over states will take. A command compares the estimate with a bound the
// user can raise (Limit, Duration) and refuses above it, naming the
// estimate, its largest parts and the flag that raises the bound, instead
// of running out of memory or running until killed.
//
// The estimates are meant to be within a small factor of what the Go
// program really holds at its peak (measured with the command's runs: eight
// copies of the parameters for training with plain SGD, twenty batch-sized
// matrices for the chains and the cost graph); they are bounds for
// refusing, not accounts.
package budget
