package parallel

import (
	"fmt"
	"sync/atomic"
	"testing"
)

func TestForCoversEachIndexOnce(t *testing.T) {
	for _, tc := range []struct{ n, grain int }{
		{0, 1}, {1, 1}, {2, 1}, {7, 1}, {20, 1}, {1000, 64}, {1000, 0}, {100, 1000}, {-1, 1},
	} {
		t.Run(fmt.Sprintf("n=%d,grain=%d", tc.n, tc.grain), func(t *testing.T) {
			hits := make([]atomic.Int32, max(tc.n, 0))
			var calls atomic.Int32
			For(tc.n, tc.grain, func(lo, hi int) {
				calls.Add(1)
				if hi-lo < max(tc.grain, 1) && hi-lo != tc.n {
					t.Errorf("block [%d, %d) is shorter than the grain", lo, hi)
				}
				for i := lo; i < hi; i++ {
					hits[i].Add(1)
				}
			})
			for i := range hits {
				if h := hits[i].Load(); h != 1 {
					t.Fatalf("index %d visited %d times", i, h)
				}
			}
			if tc.n <= 0 && calls.Load() != 0 {
				t.Errorf("f called %d times for an empty range", calls.Load())
			}
		})
	}
}

func ExampleFor() {
	squares := make([]int, 10)
	For(len(squares), 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			squares[i] = i * i
		}
	})
	fmt.Println(squares)
	// Output: [0 1 4 9 16 25 36 49 64 81]
}
