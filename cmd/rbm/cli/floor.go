package cli

import (
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// gemmShape is a matrix product of an m×k matrix by a k×n matrix that one
// training batch runs count times.
type gemmShape struct {
	m, k, n int
	count   int
	what    string // where the trainer runs it
}

// flops returns the floating-point operations of one product, 2·m·k·n.
func (s gemmShape) flops() float64 { return 2 * float64(s.m) * float64(s.k) * float64(s.n) }

// String writes the shape as "20×784·784×500".
func (s gemmShape) String() string { return fmt.Sprintf("%d×%d·%d×%d", s.m, s.k, s.k, s.n) }

// batchProducts returns the matrix products that rbm.Trainer runs for one
// batch of b rows of a model with nv visible and nh hidden units, training by
// CD-k or PCD-k (the two run the same products):
//
//   - up passes v·W, b×nv by nv×nh: the hidden states drawn from the data
//     batch (Chains.SampleHGivenV), one per Gibbs step of the chains
//     (GibbsHVH), and the pseudo-likelihood monitor's (RBM.PropUp; flipping
//     its unit then updates that product with one row of W): k+2;
//   - down passes h·Wᵀ, b×nh by nh×nv: one per Gibbs step, and the
//     reconstruction monitor's (RBM.PropDown): k+1;
//   - the cost graph (graph.Cost) stacks the data batch over the chain end,
//     so its forward pass is one product of 2b×nv by nv×nh, and the gradient
//     of W one product vᵀ·∂C/∂(v·W) of nv×2b by 2b×nh (the graph reads v
//     transposed; the floor times the product of a contiguous nv×2b matrix,
//     as a dense implementation would store it). gorgonia leaves out the
//     gradient with respect to v, which no output needs; the visible biases
//     take matrix-vector products, not counted here.
//
// That makes 2k+5 products with the operations of 2k+7 products of b×nv by
// nv×nh: 37 for PCD-15. Left out as well, being once per run or no
// products: the persistent chains' first up pass and the transposition of W
// after each update.
func batchProducts(b, nv, nh, k int) []gemmShape {
	return []gemmShape{
		{b, nv, nh, k + 2, fmt.Sprintf("up passes v·W (data, %d Gibbs steps, pseudo-likelihood)", k)},
		{b, nh, nv, k + 1, fmt.Sprintf("down passes h·Wᵀ (%d Gibbs steps, reconstruction)", k)},
		{2 * b, nv, nh, 1, "the cost graph's v·W, data and chain end stacked"},
		{nv, 2 * b, nh, 1, "the cost graph's gradient of W, vᵀ·∂C/∂(v·W)"},
	}
}

// floor is the time dense, single-threaded matrix products of an epoch take.
type floor struct {
	gemm     string      // the BLAS routine timed: "sgemm" or "dgemm"
	shapes   []gemmShape // the products of one batch
	seconds  []float64   // the seconds of one product of each shape
	batch    int         // rows per batch
	epochSec float64     // seconds per 60000-row epoch
}

// floorMinTime is how long each of the three timings of a shape repeats its
// product.
var floorMinTime = 300 * time.Millisecond

// measureFloor times each product of batchProducts with the BLAS in use
// (blas32's or blas64's implementation, as T says) on the calling goroutine,
// GOMAXPROCS being 1 meanwhile so that gonum's GEMM, which would otherwise
// spread a product over goroutines, runs on one core too (OpenBLAS runs on
// one thread after graph.SelectBLAS). An epoch of 60000 rows takes
// 60000/b batches.
func measureFloor[T rbm.Float](b, nv, nh, k int) floor {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f := floor{gemm: "sgemm", shapes: batchProducts(b, nv, nh, k), batch: b}
	if _, ok := any(T(0)).(float64); ok {
		f.gemm = "dgemm"
	}
	var perBatch float64
	for _, s := range f.shapes {
		sec := timeGEMM[T](s)
		f.seconds = append(f.seconds, sec)
		perBatch += float64(s.count) * sec
	}
	f.epochSec = 60000 / float64(b) * perBatch
	return f
}

// timeGEMM returns the seconds one product of shape s takes, of dense
// matrices with the BLAS in use: the best of three timings, each repeating
// the product for at least floorMinTime.
func timeGEMM[T rbm.Float](s gemmShape) float64 {
	a, bm, c := make([]T, s.m*s.k), make([]T, s.k*s.n), make([]T, s.m*s.n)
	// Dense operands: gonum's GEMM skips zeros of the left operand.
	for i := range a {
		a[i] = T(0.5 + float64(i%7)/16)
	}
	for i := range bm {
		bm[i] = T(0.25 - float64(i%11)/32)
	}
	product := func() {
		switch a := any(a).(type) {
		case []float32:
			blas32.Implementation().Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, a, s.k, any(bm).([]float32), s.n, 0, any(c).([]float32), s.n)
		case []float64:
			blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, a, s.k, any(bm).([]float64), s.n, 0, any(c).([]float64), s.n)
		}
	}
	product() // page in the operands and warm the caches
	best := math.Inf(1)
	for range 3 {
		start := time.Now()
		for reps := 1; ; reps++ {
			product()
			if d := time.Since(start); d >= floorMinTime {
				best = min(best, d.Seconds()/float64(reps))
				break
			}
		}
	}
	return best
}

// batchFlops returns the operations of the products of one batch.
func (f floor) batchFlops() float64 {
	var n float64
	for _, s := range f.shapes {
		n += float64(s.count) * s.flops()
	}
	return n
}

// print writes a line per shape and the floor line, naming the GEMM timed
// (blas the BLAS's name, threads its threads).
func (f floor) print(blasName string, threads int) {
	for i, s := range f.shapes {
		fmt.Printf("floor   %2d × %-16s at %5.1f GFLOP/s: %s\n", s.count, s, s.flops()/f.seconds[i]/1e9, s.what)
	}
	// The batch's operations in products of its first shape, b×nv by nv×nh.
	first := f.shapes[0]
	var perBatch float64
	for i, s := range f.shapes {
		perBatch += float64(s.count) * f.seconds[i]
	}
	fmt.Printf("dense floor: %d products of %s a batch at %.1f GFLOP/s (%s, %s, %s): %s s an epoch\n",
		int(math.Round(f.batchFlops()/first.flops())), first, f.batchFlops()/perBatch/1e9,
		f.gemm, blasName, plural(threads, "thread"), seconds(f.epochSec))
	if blasName != "openblas" {
		fmt.Println("        (gonum's GEMM is slower than OpenBLAS's: the openblas build's floor is the one to quote)")
	}
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// seconds writes s with three significant digits, or as a whole number from
// 100 up.
func seconds(s float64) string {
	if s >= 100 {
		return fmt.Sprintf("%.0f", s)
	}
	return fmt.Sprintf("%.3g", s)
}
