package cli

import (
	"slices"
	"strings"
	"testing"
)

// refusal is a command line and a part of the one-line error it must end in.
type refusal struct {
	args []string
	want string
}

// checkRefusals runs every command line, after the arguments prefix, and
// checks its error.
func checkRefusals(t *testing.T, prefix []string, cases []refusal) {
	t.Helper()
	for _, tc := range cases {
		_, err := stdoutOf(func() error { return run(append(slices.Clone(prefix), tc.args...)) })
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error %v, want one line containing %q", tc.args, err, tc.want)
		}
	}
}
