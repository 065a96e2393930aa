package orbm

import (
	"fmt"
	"math"
	"strings"

	"github.com/rbmgo/rbm/graph/special"
)

// Method is how a Sampler updates the hidden units given v.
type Method int

// The methods. Exact updates one unit at a time with its exact conditional;
// the others update a whole layer at once from the current state, adding to
// each unit's RBM input ψ_j = c_j + Σ_i W_ij v_i one of the notes'
// approximate corrections Σ_i C_ij (see Correction).
const (
	Exact         Method = iota // unit by unit, exact conditionals
	ApproxA                     // C = W[σ(φA) − σ(φA+φB)]
	ApproxB                     // C = W[σ(α(φA0+W/2)) − σ(α(φA0+W/2+φB))], φA0 = φA − hW
	ApproxC                     // C = W[σ(ω(φA−ĥW)) − σ(ω(φAB−ĥW))], ĥ = h − 1/2
	ApproxCNoGain               // ApproxC with ω = 1
)

var methodNames = []string{"exact", "a", "b", "c", "c-nogain"}

// Methods lists every method.
func Methods() []Method { return []Method{Exact, ApproxA, ApproxB, ApproxC, ApproxCNoGain} }

// MethodNames lists the names ParseMethod accepts.
func MethodNames() []string { return append([]string(nil), methodNames...) }

// String returns the method's name.
func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod returns the method of the given name (see MethodNames).
func ParseMethod(name string) (Method, error) {
	for i, n := range methodNames {
		if n == name {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("orbm: unknown method %q (known: %s)", name, strings.Join(methodNames, ", "))
}

// Gain returns the notes' gain α = ω = 4(2σ(W/2) − 1)/W = 4·tanh(W/4)/W, which
// makes a sigmoid switching at −W/2 as steep there as log(σ(φ)/σ(φ+W)); it
// tends to 1 as W tends to 0.
func Gain(w float64) float64 {
	if math.Abs(w) < 1e-6 {
		return 1 - w*w/48
	}
	return 4 * math.Tanh(w/4) / w
}

// softplus and sigmoid are the stable forms of package special.
func softplus(x float64) float64 { return special.Softplus(x) }
func sigmoid(x float64) float64  { return special.Sigmoid(x) }
func exp(x float64) float64      { return math.Exp(x) }
func abs(x float64) float64      { return math.Abs(x) }

// Correction returns one visible unit's contribution C to the correction of
// hidden unit j's input ψ_j, beyond the RBM's own W·v: φA is the unit's input
// from A with h = hA_j at its current value, φB the input from B, w = W^A_ij.
// For Exact it is
//
//	softplus(φA0+w) − softplus(φA0) − softplus(φA0+w+φB) + softplus(φA0+φB),  φA0 = φA − h·w
//
// = log σ(φA0)/σ(φA0+w) − log σ(φA0+φB)/σ(φA0+φB+w), finite for all finite inputs.
func (m Method) Correction(phiA, phiB, w, h float64) float64 {
	switch m {
	case Exact:
		p0 := phiA - h*w
		return softplus(p0+w) - softplus(p0) - softplus(p0+w+phiB) + softplus(p0+phiB)
	case ApproxA:
		return w * (sigmoid(phiA) - sigmoid(phiA+phiB))
	case ApproxB:
		a, x := Gain(w), phiA-h*w+w/2
		return w * (sigmoid(a*x) - sigmoid(a*(x+phiB)))
	case ApproxC, ApproxCNoGain:
		g := 1.0
		if m == ApproxC {
			g = Gain(w)
		}
		hh := h - 0.5
		return w * (sigmoid(g*(phiA-hh*w)) - sigmoid(g*(phiA+phiB-hh*w)))
	}
	return math.NaN()
}
