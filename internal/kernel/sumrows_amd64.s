//go:build amd64 && !noasm

#include "textflag.h"

// The sums of rows of SumRows32, 64 or 8 columns at a time, each column's sum
// in a lane of a register: for t < len(idx), acc += vals[t]·w[idx[t]·ldw + c]
// as a rounded product and then a rounded sum (no fused multiply-add), or
// acc += w[idx[t]·ldw + c] without vals. The sums start at zero and are
// stored in out once, at the end.

// func sumRows64AVX(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)
TEXT ·sumRows64AVX(SB), NOSPLIT, $0-105
	MOVQ   idx_base+0(FP), SI
	MOVQ   idx_len+8(FP), CX
	MOVQ   vals_base+24(FP), BX
	MOVQ   w_base+48(FP), DI
	MOVQ   ldw+72(FP), R8
	MOVQ   out_base+80(FP), DX
	MOVBLZX acc+104(FP), R11
	TESTQ R11, R11
	JNZ sumRows64AVXload
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	JMP sumRows64AVXsums

sumRows64AVXload:
	VMOVUPS 0(DX), Y0
	VMOVUPS 32(DX), Y1
	VMOVUPS 64(DX), Y2
	VMOVUPS 96(DX), Y3
	VMOVUPS 128(DX), Y4
	VMOVUPS 160(DX), Y5
	VMOVUPS 192(DX), Y6
	VMOVUPS 224(DX), Y7

sumRows64AVXsums:
	XORQ   AX, AX
	CMPQ   AX, CX
	JGE    store64

loop64:
	MOVLQSX      (SI)(AX*4), R9
	IMULQ        R8, R9
	LEAQ         (DI)(R9*4), R10
	VBROADCASTSS (BX)(AX*4), Y8
	VMULPS       (R10), Y8, Y9
	VMULPS       32(R10), Y8, Y10
	VMULPS       64(R10), Y8, Y11
	VMULPS       96(R10), Y8, Y12
	VADDPS       Y9, Y0, Y0
	VADDPS       Y10, Y1, Y1
	VADDPS       Y11, Y2, Y2
	VADDPS       Y12, Y3, Y3
	VMULPS       128(R10), Y8, Y9
	VMULPS       160(R10), Y8, Y10
	VMULPS       192(R10), Y8, Y11
	VMULPS       224(R10), Y8, Y12
	VADDPS       Y9, Y4, Y4
	VADDPS       Y10, Y5, Y5
	VADDPS       Y11, Y6, Y6
	VADDPS       Y12, Y7, Y7
	INCQ         AX
	CMPQ         AX, CX
	JL           loop64

store64:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	VMOVUPS Y4, 128(DX)
	VMOVUPS Y5, 160(DX)
	VMOVUPS Y6, 192(DX)
	VMOVUPS Y7, 224(DX)
	VZEROUPPER
	RET

// func sumOnes64AVX(idx []int32, w []float32, ldw int, out []float32, acc bool)
//
// sumRows64AVX without the multiplications by vals: its loop, written again
// without the load and product of vals rather than testing for them on
// every row.
TEXT ·sumOnes64AVX(SB), NOSPLIT, $0-81
	MOVQ   idx_base+0(FP), SI
	MOVQ   idx_len+8(FP), CX
	MOVQ   w_base+24(FP), DI
	MOVQ   ldw+48(FP), R8
	MOVQ   out_base+56(FP), DX
	MOVBLZX acc+80(FP), R11
	TESTQ R11, R11
	JNZ sumOnes64AVXload
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	JMP sumOnes64AVXsums

sumOnes64AVXload:
	VMOVUPS 0(DX), Y0
	VMOVUPS 32(DX), Y1
	VMOVUPS 64(DX), Y2
	VMOVUPS 96(DX), Y3
	VMOVUPS 128(DX), Y4
	VMOVUPS 160(DX), Y5
	VMOVUPS 192(DX), Y6
	VMOVUPS 224(DX), Y7

sumOnes64AVXsums:
	XORQ   AX, AX
	CMPQ   AX, CX
	JGE    storeOnes64

loopOnes64:
	MOVLQSX (SI)(AX*4), R9
	IMULQ   R8, R9
	LEAQ    (DI)(R9*4), R10
	VADDPS  (R10), Y0, Y0
	VADDPS  32(R10), Y1, Y1
	VADDPS  64(R10), Y2, Y2
	VADDPS  96(R10), Y3, Y3
	VADDPS  128(R10), Y4, Y4
	VADDPS  160(R10), Y5, Y5
	VADDPS  192(R10), Y6, Y6
	VADDPS  224(R10), Y7, Y7
	INCQ    AX
	CMPQ    AX, CX
	JL      loopOnes64

storeOnes64:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	VMOVUPS Y4, 128(DX)
	VMOVUPS Y5, 160(DX)
	VMOVUPS Y6, 192(DX)
	VMOVUPS Y7, 224(DX)
	VZEROUPPER
	RET

// func sumRows8AVX(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)
TEXT ·sumRows8AVX(SB), NOSPLIT, $0-105
	MOVQ   idx_base+0(FP), SI
	MOVQ   idx_len+8(FP), CX
	MOVQ   vals_base+24(FP), BX
	MOVQ   w_base+48(FP), DI
	MOVQ   ldw+72(FP), R8
	MOVQ   out_base+80(FP), DX
	MOVBLZX acc+104(FP), R11
	TESTQ R11, R11
	JNZ sumRows8AVXload
	VXORPS Y0, Y0, Y0
	JMP sumRows8AVXsums

sumRows8AVXload:
	VMOVUPS 0(DX), Y0

sumRows8AVXsums:
	XORQ   AX, AX
	CMPQ   AX, CX
	JGE    store8

loop8:
	MOVLQSX      (SI)(AX*4), R9
	IMULQ        R8, R9
	VBROADCASTSS (BX)(AX*4), Y8
	VMULPS       (DI)(R9*4), Y8, Y9
	VADDPS       Y9, Y0, Y0
	INCQ         AX
	CMPQ         AX, CX
	JL           loop8

store8:
	VMOVUPS Y0, (DX)
	VZEROUPPER
	RET

// func sumOnes8AVX(idx []int32, w []float32, ldw int, out []float32, acc bool)
TEXT ·sumOnes8AVX(SB), NOSPLIT, $0-81
	MOVQ   idx_base+0(FP), SI
	MOVQ   idx_len+8(FP), CX
	MOVQ   w_base+24(FP), DI
	MOVQ   ldw+48(FP), R8
	MOVQ   out_base+56(FP), DX
	MOVBLZX acc+80(FP), R11
	TESTQ R11, R11
	JNZ sumOnes8AVXload
	VXORPS Y0, Y0, Y0
	JMP sumOnes8AVXsums

sumOnes8AVXload:
	VMOVUPS 0(DX), Y0

sumOnes8AVXsums:
	XORQ   AX, AX
	CMPQ   AX, CX
	JGE    storeOnes8

loopOnes8:
	MOVLQSX (SI)(AX*4), R9
	IMULQ   R8, R9
	VADDPS  (DI)(R9*4), Y0, Y0
	INCQ    AX
	CMPQ    AX, CX
	JL      loopOnes8

storeOnes8:
	VMOVUPS Y0, (DX)
	VZEROUPPER
	RET

// func nonZeros32AVX2(x []float32, idx []int32) int
//
// Eight elements at a time: a mask of those that are not ±0 (NaN counts as
// non-zero), then one index stored per set bit, lowest first.
TEXT ·nonZeros32AVX2(SB), NOSPLIT, $0-56
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	MOVQ   idx_base+24(FP), DI
	XORQ   AX, AX            // element
	XORQ   DX, DX            // non-zeros found
	VXORPS Y1, Y1, Y1
	ANDQ   $-8, CX
	JZ     nzdone

nzloop:
	VMOVUPS   (SI)(AX*4), Y0
	VCMPPS    $4, Y1, Y0, Y2  // not equal (unordered: NaN is not zero)
	VMOVMSKPS Y2, R9
	TESTQ     R9, R9
	JZ        nznext

nzbits:
	TZCNTQ R9, R10
	ADDQ   AX, R10
	MOVL   R10, (DI)(DX*4)
	INCQ   DX
	BLSRQ  R9, R9
	JNZ    nzbits

nznext:
	ADDQ $8, AX
	CMPQ AX, CX
	JL   nzloop

nzdone:
	MOVQ DX, ret+48(FP)
	VZEROUPPER
	RET

// The same sums, 128 columns at a time in eight 512-bit registers, for
// processors with AVX-512. The two kernels below repeat sumRows64AVX and
// sumOnes64AVX line for line in another register file (Z for Y, twice the
// lanes): Go assembly cannot make one loop serve both widths, and the copies
// are checked against the same portable code (sumrows_test.go).

// func sumRows128AVX512(idx []int32, vals []float32, w []float32, ldw int, out []float32, acc bool)
TEXT ·sumRows128AVX512(SB), NOSPLIT, $0-105
	MOVQ idx_base+0(FP), SI
	MOVQ idx_len+8(FP), CX
	MOVQ vals_base+24(FP), BX
	MOVQ w_base+48(FP), DI
	MOVQ ldw+72(FP), R8
	MOVQ out_base+80(FP), DX
	MOVBLZX acc+104(FP), R11
	TESTQ R11, R11
	JNZ sumRows128AVX512load
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	JMP sumRows128AVX512sums

sumRows128AVX512load:
	VMOVUPS 0(DX), Z0
	VMOVUPS 64(DX), Z1
	VMOVUPS 128(DX), Z2
	VMOVUPS 192(DX), Z3
	VMOVUPS 256(DX), Z4
	VMOVUPS 320(DX), Z5
	VMOVUPS 384(DX), Z6
	VMOVUPS 448(DX), Z7

sumRows128AVX512sums:
	XORQ AX, AX
	CMPQ AX, CX
	JGE  sumRows128AVX512store

sumRows128AVX512loop:
	MOVLQSX (SI)(AX*4), R9
	IMULQ R8, R9
	LEAQ (DI)(R9*4), R10
	VBROADCASTSS (BX)(AX*4), Z16
	VMULPS 0(R10), Z16, Z17
	VMULPS 64(R10), Z16, Z18
	VMULPS 128(R10), Z16, Z19
	VMULPS 192(R10), Z16, Z20
	VMULPS 256(R10), Z16, Z21
	VMULPS 320(R10), Z16, Z22
	VMULPS 384(R10), Z16, Z23
	VMULPS 448(R10), Z16, Z24
	VADDPS Z17, Z0, Z0
	VADDPS Z18, Z1, Z1
	VADDPS Z19, Z2, Z2
	VADDPS Z20, Z3, Z3
	VADDPS Z21, Z4, Z4
	VADDPS Z22, Z5, Z5
	VADDPS Z23, Z6, Z6
	VADDPS Z24, Z7, Z7
	INCQ AX
	CMPQ AX, CX
	JL   sumRows128AVX512loop

sumRows128AVX512store:
	VMOVUPS Z0, 0(DX)
	VMOVUPS Z1, 64(DX)
	VMOVUPS Z2, 128(DX)
	VMOVUPS Z3, 192(DX)
	VMOVUPS Z4, 256(DX)
	VMOVUPS Z5, 320(DX)
	VMOVUPS Z6, 384(DX)
	VMOVUPS Z7, 448(DX)
	VZEROUPPER
	RET

// func sumOnes128AVX512(idx []int32, w []float32, ldw int, out []float32, acc bool)
TEXT ·sumOnes128AVX512(SB), NOSPLIT, $0-81
	MOVQ idx_base+0(FP), SI
	MOVQ idx_len+8(FP), CX
	MOVQ w_base+24(FP), DI
	MOVQ ldw+48(FP), R8
	MOVQ out_base+56(FP), DX
	MOVBLZX acc+80(FP), R11
	TESTQ R11, R11
	JNZ sumOnes128AVX512load
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	JMP sumOnes128AVX512sums

sumOnes128AVX512load:
	VMOVUPS 0(DX), Z0
	VMOVUPS 64(DX), Z1
	VMOVUPS 128(DX), Z2
	VMOVUPS 192(DX), Z3
	VMOVUPS 256(DX), Z4
	VMOVUPS 320(DX), Z5
	VMOVUPS 384(DX), Z6
	VMOVUPS 448(DX), Z7

sumOnes128AVX512sums:
	XORQ AX, AX
	CMPQ AX, CX
	JGE  sumOnes128AVX512store

sumOnes128AVX512loop:
	MOVLQSX (SI)(AX*4), R9
	IMULQ R8, R9
	LEAQ (DI)(R9*4), R10
	VADDPS 0(R10), Z0, Z0
	VADDPS 64(R10), Z1, Z1
	VADDPS 128(R10), Z2, Z2
	VADDPS 192(R10), Z3, Z3
	VADDPS 256(R10), Z4, Z4
	VADDPS 320(R10), Z5, Z5
	VADDPS 384(R10), Z6, Z6
	VADDPS 448(R10), Z7, Z7
	INCQ AX
	CMPQ AX, CX
	JL   sumOnes128AVX512loop

sumOnes128AVX512store:
	VMOVUPS Z0, 0(DX)
	VMOVUPS Z1, 64(DX)
	VMOVUPS Z2, 128(DX)
	VMOVUPS Z3, 192(DX)
	VMOVUPS Z4, 256(DX)
	VMOVUPS Z5, 320(DX)
	VMOVUPS Z6, 384(DX)
	VMOVUPS Z7, 448(DX)
	VZEROUPPER
	RET

// func nonZeros32AVX512(x []float32, idx []int32) int
//
// Sixteen elements at a time: a mask of those that are not ±0 (NaN counts as
// non-zero), and their indices stored side by side with one compressing
// store.
TEXT ·nonZeros32AVX512(SB), NOSPLIT, $0-56
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         idx_base+24(FP), DI
	XORQ         AX, AX
	XORQ         DX, DX
	VPXORD       Z0, Z0, Z0
	VMOVDQU32    nzIota<>+0(SB), Z1 // 0, 1, …, 15
	MOVL         $16, R9
	VPBROADCASTD R9, Z3
	ANDQ         $-16, CX
	JZ           nz512done

nz512loop:
	VMOVUPS     (SI)(AX*4), Z2
	VCMPPS      $4, Z0, Z2, K1
	VPCOMPRESSD Z1, K1, (DI)(DX*4)
	KMOVW       K1, R9
	POPCNTL     R9, R9
	ADDQ        R9, DX
	VPADDD      Z3, Z1, Z1
	ADDQ        $16, AX
	CMPQ        AX, CX
	JL          nz512loop

nz512done:
	MOVQ DX, ret+48(FP)
	VZEROUPPER
	RET

// The lane indices 0 to 15, one DATA line a value (see sampleConsts).
DATA nzIota<>+0(SB)/4, $0
DATA nzIota<>+4(SB)/4, $1
DATA nzIota<>+8(SB)/4, $2
DATA nzIota<>+12(SB)/4, $3
DATA nzIota<>+16(SB)/4, $4
DATA nzIota<>+20(SB)/4, $5
DATA nzIota<>+24(SB)/4, $6
DATA nzIota<>+28(SB)/4, $7
DATA nzIota<>+32(SB)/4, $8
DATA nzIota<>+36(SB)/4, $9
DATA nzIota<>+40(SB)/4, $10
DATA nzIota<>+44(SB)/4, $11
DATA nzIota<>+48(SB)/4, $12
DATA nzIota<>+52(SB)/4, $13
DATA nzIota<>+56(SB)/4, $14
DATA nzIota<>+60(SB)/4, $15
GLOBL nzIota<>(SB), RODATA|NOPTR, $64
