package cli

import (
	"testing"
)

// Flags that would make the check meaningless, and results that are not
// numbers, end in an error naming the problem.
func TestGradcheckRefuses(t *testing.T) {
	checkRefusals(t, []string{"gradcheck", "--nv", "4", "--hidden", "drelu:3"}, []refusal{
		{[]string{"--step", "1e300"}, "an error is NaN"},
		{[]string{"--step", "0"}, "--step must be a positive finite number"},
		{[]string{"--step", "-1e-5"}, "--step must be a positive finite number"},
		{[]string{"--step", "NaN"}, "--step must be a positive finite number"},
		{[]string{"--step", "Inf"}, "--step must be a positive finite number"},
		{[]string{"--tol", "NaN"}, "--tol must be a finite number"},
		{[]string{"--tol", "-1"}, "--tol must be a finite number"},
		{[]string{"--tol", "Inf"}, "--tol must be a finite number"},
		{[]string{"--tol", "0"}, "exceeds --tol"},
		{[]string{"extra"}, `unexpected arguments ["extra"]`},
		{[]string{"--nv", "4", "a", "b"}, `unexpected arguments ["a" "b"]`},
	})
}
