// Package ops adds the gorgonia operations that stable energies need and
// gorgonia v0.9.18 lacks or gets wrong: log(erfcx(x)), a correct log-sum-exp
// (G.LogSumExp returns 1.5048 for [1,2,3]), log-add-exp and an exact
// softplus. Each is differentiable, so cgfs written with them get gradients
// from gorgonia.Grad.
//
// Conventions: the ops implement gorgonia's symbolic differentiation (SDOp),
// which is what gorgonia.Grad and a TapeMachine use; they accept float32 and
// float64 tensors and compute in float64 internally, rounding once to the
// tensor's type; they stay finite for finite inputs of any size.
package ops
