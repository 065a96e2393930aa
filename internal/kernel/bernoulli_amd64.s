//go:build amd64 && !noasm

#include "textflag.h"

// The constants of expSample32 and bernoulli32, one DATA line a value: the
// only form Go assembly has for a table (nzIota in sumrows_amd64.s is
// written the same way).
DATA sampleConsts<>+0(SB)/4, $87.0
DATA sampleConsts<>+4(SB)/4, $-87.0
DATA sampleConsts<>+8(SB)/4, $1.44269504088896341
DATA sampleConsts<>+12(SB)/4, $12582912.0
DATA sampleConsts<>+16(SB)/4, $0.693359375
DATA sampleConsts<>+20(SB)/4, $-2.12194440e-4
DATA sampleConsts<>+24(SB)/4, $0.0013888888888888889
DATA sampleConsts<>+28(SB)/4, $0.008333333333333333
DATA sampleConsts<>+32(SB)/4, $0.041666666666666664
DATA sampleConsts<>+36(SB)/4, $0.16666666666666666
DATA sampleConsts<>+40(SB)/4, $0.5
DATA sampleConsts<>+44(SB)/4, $1.0
DATA sampleConsts<>+48(SB)/4, $127
GLOBL sampleConsts<>(SB), RODATA|NOPTR, $52

// func sampleBinary32AVX2(th, x, u, o []float32)
//
// For i < len(o) rounded down to a multiple of 8: o[i] = 1 if
// u[i]·(1+e^-(th[i]+x[i])) < 1, else 0, with the arithmetic of expSample32
// and bernoulli32 in the same order, so that results are bit for bit those of
// the scalar code.
TEXT ·sampleBinary32AVX2(SB), NOSPLIT, $0-96
	MOVQ th_base+0(FP), SI
	MOVQ x_base+24(FP), BX
	MOVQ u_base+48(FP), DX
	MOVQ o_base+72(FP), DI
	MOVQ o_len+80(FP), CX
	ANDQ $-8, CX
	JZ   done
	// One register a constant, loaded once (the same line thirteen times,
	// with another offset and register).
	VBROADCASTSS sampleConsts<>+0(SB), Y15
	VBROADCASTSS sampleConsts<>+4(SB), Y14
	VBROADCASTSS sampleConsts<>+8(SB), Y13
	VBROADCASTSS sampleConsts<>+12(SB), Y12
	VBROADCASTSS sampleConsts<>+16(SB), Y11
	VBROADCASTSS sampleConsts<>+20(SB), Y10
	VBROADCASTSS sampleConsts<>+24(SB), Y9
	VBROADCASTSS sampleConsts<>+28(SB), Y8
	VBROADCASTSS sampleConsts<>+32(SB), Y7
	VBROADCASTSS sampleConsts<>+36(SB), Y6
	VBROADCASTSS sampleConsts<>+40(SB), Y5
	VBROADCASTSS sampleConsts<>+44(SB), Y4
	VPBROADCASTD sampleConsts<>+48(SB), Y3
	XORQ AX, AX

loop:
	VMOVUPS (SI)(AX*4), Y1
	VADDPS  (BX)(AX*4), Y1, Y1 // p = θ + x
	VXORPS  Y0, Y0, Y0
	VSUBPS  Y1, Y0, Y0         // -p
	VMINPS  Y15, Y0, Y0
	VMAXPS  Y14, Y0, Y0
	VMULPS  Y13, Y0, Y1
	VADDPS  Y12, Y1, Y1
	VSUBPS  Y12, Y1, Y1        // k
	VMULPS  Y11, Y1, Y2
	VSUBPS  Y2, Y0, Y0
	VMULPS  Y10, Y1, Y2
	VSUBPS  Y2, Y0, Y0         // r
	VMULPS  Y9, Y0, Y2
	VADDPS  Y8, Y2, Y2
	VMULPS  Y0, Y2, Y2
	VADDPS  Y7, Y2, Y2
	VMULPS  Y0, Y2, Y2
	VADDPS  Y6, Y2, Y2
	VMULPS  Y0, Y2, Y2
	VADDPS  Y5, Y2, Y2
	VMULPS  Y0, Y2, Y2
	VADDPS  Y4, Y2, Y2
	VMULPS  Y0, Y2, Y2
	VADDPS  Y4, Y2, Y2         // polynomial
	VCVTTPS2DQ Y1, Y1
	VPADDD  Y3, Y1, Y1
	VPSLLD  $23, Y1, Y1        // 2^k
	VMULPS  Y1, Y2, Y2         // e^-p
	VADDPS  Y4, Y2, Y2         // 1 + e^-p
	VMULPS  (DX)(AX*4), Y2, Y2 // u·(1 + e^-p)
	VSUBPS  Y4, Y2, Y2
	VPSRLD  $31, Y2, Y2        // its sign
	VCVTDQ2PS Y2, Y2
	VMOVUPS Y2, (DI)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      loop
	VZEROUPPER

done:
	RET
