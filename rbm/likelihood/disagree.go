package likelihood

import (
	"fmt"
	"math"
)

// GapNats is the gap between the AIS and the RAISE estimates of the same
// rows' mean log-likelihood, beyond three of RAISE's standard errors, above
// which Disagreement speaks.
const GapNats = 1.0

// Disagreement compares the mean log-likelihood of some rows by AIS's log Z
// (ais) with RAISE's conservative estimate of it (raise, of standard error
// stderr). RAISE errs low and AIS's log Z errs low too, which makes its
// log-likelihood err high: a gap of more than GapNats plus three standard
// errors means that the AIS estimate of log Z is not to be trusted. It
// returns a sentence saying so and what to do, or "" when they agree.
func Disagreement(ais, raise, stderr float64) string {
	gap := ais - raise
	if math.IsNaN(gap) || math.Abs(gap) <= GapNats+3*math.Abs(stderr) {
		return ""
	}
	return fmt.Sprintf("AIS and RAISE disagree by %.1f nats on the same rows: the AIS estimate of log Z is unreliable "+
		"(its log-likelihood is likely too high); anneal longer with more --betas (and --raise-betas) or more --runs until they agree", gap)
}
