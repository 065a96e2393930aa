// Package optim updates model parameters in place from their gradients: SGD
// with momentum, and Adam, each over parameter groups with
// their own learning rates (weights and biases, as the "RBMs revisited in
// TensorFlow 2" article trains them).
//
// Conventions:
//   - Parameters and gradients are plain slices owned by the caller (for
//     instance the storage of tensors bound to a gorgonia graph): a step
//     writes into Param.Value in place and never reallocates it, and only
//     reads Param.Grad.
//   - An optimizer keeps its state (velocities, moments) by parameter name;
//     names are unique within a step.
//   - T is float32 or float64; updates are computed in T.
//   - A step whose gradient holds NaN or Inf changes nothing and returns an
//     error naming the parameter.
//   - Penalties (L2 weight decay, L1) are not an optimizer's: they are
//     terms added to the gradient before the step, by package rbm's
//     gradient transforms.
package optim
