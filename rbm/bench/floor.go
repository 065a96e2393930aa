package bench

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"time"

	"github.com/rbmgo/rbm/rbm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Product is a matrix product of an M×K matrix by a K×N matrix that one
// training batch runs Count times.
type Product struct {
	M, K, N int
	Count   int
	What    string // where the trainer runs it
}

// flops returns the floating-point operations of one product, 2·m·k·n.
func (s Product) Flops() float64 { return 2 * float64(s.M) * float64(s.K) * float64(s.N) }

// String writes the shape as "20×784·784×500".
func (s Product) String() string { return fmt.Sprintf("%d×%d·%d×%d", s.M, s.K, s.K, s.N) }

// BatchProducts returns the matrix products that rbm.Trainer runs for one
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
func BatchProducts(b, nv, nh, k int) []Product {
	return []Product{
		{b, nv, nh, k + 2, fmt.Sprintf("up passes v·W (data, %d Gibbs steps, pseudo-likelihood)", k)},
		{b, nh, nv, k + 1, fmt.Sprintf("down passes h·Wᵀ (%d Gibbs steps, reconstruction)", k)},
		{2 * b, nv, nh, 1, "the cost graph's v·W, data and chain end stacked"},
		{nv, 2 * b, nh, 1, "the cost graph's gradient of W, vᵀ·∂C/∂(v·W)"},
	}
}

// Floor is the time dense, single-threaded matrix products of an epoch take.
type Floor struct {
	GEMM     string    // the BLAS routine timed: "sgemm" or "dgemm"
	Products []Product // the products of one batch
	Seconds  []float64 // the seconds of one product of each shape
	Batch    int       // rows per batch
	EpochSec float64   // seconds per 60000-row epoch
}

// MinTime is how long each of the three timings of a product repeats it.
var MinTime = 300 * time.Millisecond

// MeasureFloor times each product of BatchProducts with the BLAS in use
// (blas32's or blas64's implementation, as T says) on the calling goroutine,
// GOMAXPROCS being 1 meanwhile so that gonum's GEMM, which would otherwise
// spread a product over goroutines, runs on one core too (OpenBLAS runs on
// one thread after graph.SelectBLAS). An epoch of 60000 rows takes
// 60000/b batches.
func MeasureFloor[T rbm.Float](b, nv, nh, k int) Floor {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f := Floor{GEMM: "sgemm", Products: BatchProducts(b, nv, nh, k), Batch: b}
	if _, ok := any(T(0)).(float64); ok {
		f.GEMM = "dgemm"
	}
	var perBatch float64
	for _, s := range f.Products {
		sec := timeGEMM[T](s)
		f.Seconds = append(f.Seconds, sec)
		perBatch += float64(s.Count) * sec
	}
	f.EpochSec = 60000 / float64(b) * perBatch
	return f
}

// timeGEMM returns the seconds one product of shape s takes, of dense
// matrices with the BLAS in use: the best of three timings, each repeating
// the product for at least MinTime.
func timeGEMM[T rbm.Float](s Product) float64 {
	a, bm, c := make([]T, s.M*s.K), make([]T, s.K*s.N), make([]T, s.M*s.N)
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
			blas32.Implementation().Sgemm(blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, a, s.K, any(bm).([]float32), s.N, 0, any(c).([]float32), s.N)
		case []float64:
			blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, a, s.K, any(bm).([]float64), s.N, 0, any(c).([]float64), s.N)
		}
	}
	product() // page in the operands and warm the caches
	best := math.Inf(1)
	for range 3 {
		start := time.Now()
		for reps := 1; ; reps++ {
			product()
			if d := time.Since(start); d >= MinTime {
				best = min(best, d.Seconds()/float64(reps))
				break
			}
		}
	}
	return best
}

// BatchFlops returns the operations of the products of one batch.
func (f Floor) BatchFlops() float64 {
	var n float64
	for _, s := range f.Products {
		n += float64(s.Count) * s.Flops()
	}
	return n
}

// Report writes a line per product and the floor line, naming the GEMM
// timed (blasName the BLAS's name, threads its threads).
func (f Floor) Report(w io.Writer, blasName string, threads int) {
	for i, s := range f.Products {
		fmt.Fprintf(w, "floor   %2d × %-16s at %5.1f GFLOP/s: %s\n", s.Count, s, s.Flops()/f.Seconds[i]/1e9, s.What)
	}
	// The batch's operations in products of its first shape, b×nv by nv×nh.
	first := f.Products[0]
	var perBatch float64
	for i, s := range f.Products {
		perBatch += float64(s.Count) * f.Seconds[i]
	}
	fmt.Fprintf(w, "dense floor: %d products of %s a batch at %.1f GFLOP/s (%s, %s, %s): %s s an epoch\n",
		int(math.Round(f.BatchFlops()/first.Flops())), first, f.BatchFlops()/perBatch/1e9,
		f.GEMM, blasName, Plural(threads, "thread"), Seconds(f.EpochSec))
	if blasName != "openblas" {
		fmt.Fprintln(w, "        (gonum's GEMM is slower than OpenBLAS's: the openblas build's floor is the one to quote)")
	}
}

// Plural writes n and noun, with an s unless n is 1.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Seconds writes s with three significant digits, or as a whole number from
// 100 up.
func Seconds(s float64) string {
	if s >= 100 {
		return fmt.Sprintf("%.0f", s)
	}
	return fmt.Sprintf("%.3g", s)
}
