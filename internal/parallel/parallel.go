package parallel

import (
	"runtime"
	"sync"
)

// For calls f on contiguous blocks [lo, hi) that cover [0, n), on up to
// GOMAXPROCS goroutines at once, and returns when all calls have returned.
// Blocks hold at least grain indices (a grain below 1 counts as 1), so short
// loops run on the calling goroutine. Callers must not let results depend on
// how [0, n) is split.
func For(n, grain int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n/max(grain, 1))
	if workers <= 1 {
		if n > 0 {
			f(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers - 1 {
		wg.Go(func() { f(n*w/workers, n*(w+1)/workers) })
	}
	f(n*(workers-1)/workers, n)
	wg.Wait()
}
