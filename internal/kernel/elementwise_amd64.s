//go:build amd64 && !noasm

#include "textflag.h"

// SPLAT fills a 32-byte symbol with 8 copies of a 4-byte value.
#define SPLAT(sym, v) \
	DATA sym+0(SB)/4, v; DATA sym+4(SB)/4, v; DATA sym+8(SB)/4, v; DATA sym+12(SB)/4, v; \
	DATA sym+16(SB)/4, v; DATA sym+20(SB)/4, v; DATA sym+24(SB)/4, v; DATA sym+28(SB)/4, v; \
	GLOBL sym(SB), RODATA|NOPTR, $32

// The constants of elementwise.go, with the sign bit, 1, 2, the exponent bias
// 127+64 and 2^-64 of the scale of expNeg32.
SPLAT(ewSign<>, $0x80000000)
SPLAT(ewMin<>, $-104.0)
SPLAT(ewLog2e<>, $1.44269504088896341)
SPLAT(ewRound<>, $12582912.0)
SPLAT(ewLn2hi<>, $0.693359375)
SPLAT(ewLn2lo<>, $-2.12194440e-4)
SPLAT(ewP0<>, $1.9875691500e-4)
SPLAT(ewP1<>, $1.3981999507e-3)
SPLAT(ewP2<>, $8.3334519073e-3)
SPLAT(ewP3<>, $4.1665795894e-2)
SPLAT(ewP4<>, $1.6666665459e-1)
SPLAT(ewP5<>, $5.0000001201e-1)
SPLAT(ewOne<>, $1.0)
SPLAT(ewBias<>, $191)         // 127+64
SPLAT(ewTiny<>, $0x1f800000)  // 2^-64
SPLAT(ewTwo<>, $2.0)
SPLAT(ewQ1<>, $0.0833330601)
SPLAT(ewQ2<>, $0.0125067895)
SPLAT(ewQ3<>, $0.00218595727)
SPLAT(ewQ4<>, $0.000550286262)

// LOADCONSTS puts the constants used more than once, or at every step of
// the exponential, in Y8..Y15.
#define LOADCONSTS \
	VMOVUPS ewSign<>(SB), Y8; \
	VMOVUPS ewBias<>(SB), Y9; \
	VMOVUPS ewOne<>(SB), Y10; \
	VMOVUPS ewLn2lo<>(SB), Y11; \
	VMOVUPS ewLn2hi<>(SB), Y12; \
	VMOVUPS ewRound<>(SB), Y13; \
	VMOVUPS ewLog2e<>(SB), Y14; \
	VMOVUPS ewMin<>(SB), Y15

// EXPNEG sets Y0 = e^Y0 for Y0 ≤ 0, the steps of expNeg32 in its order,
// using Y1..Y3 and the constants of LOADCONSTS.
#define EXPNEG \
	VMAXPS  Y0, Y15, Y0;            /* -104 > a ? -104 : a (NaN stays) */ \
	VMULPS  Y14, Y0, Y1;            \
	VADDPS  Y13, Y1, Y1;            \
	VSUBPS  Y13, Y1, Y1;            /* k */ \
	VMULPS  Y12, Y1, Y2;            \
	VSUBPS  Y2, Y0, Y0;             \
	VMULPS  Y11, Y1, Y2;            \
	VSUBPS  Y2, Y0, Y0;             /* r */ \
	VMULPS  ewP0<>(SB), Y0, Y2;     \
	VADDPS  ewP1<>(SB), Y2, Y2;     \
	VMULPS  Y0, Y2, Y2;             \
	VADDPS  ewP2<>(SB), Y2, Y2;     \
	VMULPS  Y0, Y2, Y2;             \
	VADDPS  ewP3<>(SB), Y2, Y2;     \
	VMULPS  Y0, Y2, Y2;             \
	VADDPS  ewP4<>(SB), Y2, Y2;     \
	VMULPS  Y0, Y2, Y2;             \
	VADDPS  ewP5<>(SB), Y2, Y2;     /* q */ \
	VMULPS  Y0, Y0, Y3;             /* r² */ \
	VMULPS  Y3, Y2, Y2;             \
	VADDPS  Y0, Y2, Y2;             \
	VADDPS  Y10, Y2, Y2;            /* p */ \
	VCVTTPS2DQ Y1, Y1;              \
	VPADDD  Y9, Y1, Y1;             \
	VPSLLD  $23, Y1, Y1;            /* 2^(k+64) */ \
	VMULPS  Y1, Y2, Y0;             \
	VMULPS  ewTiny<>(SB), Y0, Y0    /* ·2^-64 */

// SOFTPLUS sets Y4 = softplus(Y4), the steps of softplus32 in its order,
// using Y0..Y3. Its polynomial goes by Horner's rule like EXPNEG's: the lines
// are alike, the coefficients are another polynomial's.
#define SOFTPLUS \
	VORPS   Y8, Y4, Y0;             /* -|x| */ \
	EXPNEG;                         /* e */ \
	VADDPS  Y0, Y0, Y1;             \
	VADDPS  ewTwo<>(SB), Y0, Y2;    \
	VDIVPS  Y2, Y1, Y1;             /* w = 2e/(2+e) */ \
	VMULPS  Y1, Y1, Y2;             /* z */ \
	VMULPS  ewQ4<>(SB), Y2, Y3;     \
	VADDPS  ewQ3<>(SB), Y3, Y3;     \
	VMULPS  Y2, Y3, Y3;             \
	VADDPS  ewQ2<>(SB), Y3, Y3;     \
	VMULPS  Y2, Y3, Y3;             \
	VADDPS  ewQ1<>(SB), Y3, Y3;     \
	VMULPS  Y2, Y3, Y3;             \
	VMULPS  Y1, Y3, Y3;             \
	VADDPS  Y3, Y1, Y1;             /* log1p(e) = w + w·z·Q */ \
	VXORPS  Y2, Y2, Y2;             \
	VMAXPS  Y2, Y4, Y4;             /* x > 0 ? x : 0 */ \
	VADDPS  Y1, Y4, Y4

// func sigmoid32AVX2(x, out []float32)
//
// For i < len(x) rounded down to a multiple of 8: out[i] = sigmoid32(x[i]).
TEXT ·sigmoid32AVX2(SB), NOSPLIT, $0-48
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ out_base+24(FP), DI
	ANDQ $-8, CX
	JZ   sdone
	LOADCONSTS
	XORQ AX, AX

sloop:
	VMOVUPS (SI)(AX*4), Y4
	VORPS   Y8, Y4, Y0         // -|x|
	EXPNEG                     // e
	VADDPS  Y10, Y0, Y1        // 1 + e
	VBLENDVPS Y4, Y0, Y10, Y2  // the sign of x set ? e : 1
	VDIVPS  Y1, Y2, Y2
	VMOVUPS Y2, (DI)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      sloop
	VZEROUPPER

sdone:
	RET

// func softplus32AVX2(x, out []float32)
//
// For i < len(x) rounded down to a multiple of 8: out[i] = softplus32(x[i]).
// Its argument loads and loop are sigmoid32AVX2's, written again on purpose:
// each function of Go assembly loads its own arguments from its own frame
// and has its own labels, and the bodies, which differ, are the macros.
TEXT ·softplus32AVX2(SB), NOSPLIT, $0-48
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ out_base+24(FP), DI
	ANDQ $-8, CX
	JZ   pdone
	LOADCONSTS
	XORQ AX, AX

ploop:
	VMOVUPS (SI)(AX*4), Y4
	SOFTPLUS
	VMOVUPS Y4, (DI)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      ploop
	VZEROUPPER

pdone:
	RET

// func softplusSum32AVX2(th, x []float32) float64
//
// Returns the float64 sum from 0, in index order, of softplus32(th[i]+x[i])
// for i < len(x) rounded down to a multiple of 8: the 8 terms of a step are
// widened to float64 and added to the sum one after the other.
TEXT ·softplusSum32AVX2(SB), NOSPLIT, $0-56
	MOVQ th_base+0(FP), SI
	MOVQ x_base+24(FP), BX
	MOVQ x_len+32(FP), CX
	VXORPD X7, X7, X7          // the sum
	ANDQ $-8, CX
	JZ   sumdone
	LOADCONSTS
	XORQ AX, AX

sumloop:
	VMOVUPS (SI)(AX*4), Y4
	VADDPS  (BX)(AX*4), Y4, Y4 // th + x
	SOFTPLUS
	VCVTPS2PD X4, Y5           // terms 0..3
	VEXTRACTF128 $1, Y4, X6
	VCVTPS2PD X6, Y6           // terms 4..7
	VADDSD  X5, X7, X7
	VUNPCKHPD X5, X5, X0
	VADDSD  X0, X7, X7
	VEXTRACTF128 $1, Y5, X5
	VADDSD  X5, X7, X7
	VUNPCKHPD X5, X5, X0
	VADDSD  X0, X7, X7
	VADDSD  X6, X7, X7
	VUNPCKHPD X6, X6, X0
	VADDSD  X0, X7, X7
	VEXTRACTF128 $1, Y6, X6
	VADDSD  X6, X7, X7
	VUNPCKHPD X6, X6, X0
	VADDSD  X0, X7, X7
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      sumloop
	VZEROUPPER

sumdone:
	VMOVSD X7, ret+48(FP)
	RET
