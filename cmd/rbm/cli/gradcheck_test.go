package cli

import (
	"strings"
	"testing"
)

// Flags that would make the check meaningless, and results that are not
// numbers, end in an error naming the problem.
func TestGradcheckRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
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
	} {
		_, err := stdoutOf(func() error {
			return run(append([]string{"gradcheck", "--nv", "4", "--hidden", "drelu:3"}, tc.args...))
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}
