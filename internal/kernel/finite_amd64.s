//go:build amd64 && !noasm

#include "textflag.h"

// func anyNonFinite32AVX2(x []float32) bool
//
// Whether an element of x[:len(x)&^31] has all its exponent bits set (NaN or
// an infinity): the masked exponents of 32 elements compared with the mask,
// the comparisons ORed together, one test a block.
TEXT ·anyNonFinite32AVX2(SB), NOSPLIT, $0-25
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	ANDQ         $-32, CX
	XORQ         AX, AX
	MOVL         $0x7f800000, R8
	MOVQ         R8, X0
	VPBROADCASTD X0, Y0
	JMP          check

// Four registers a step, loaded as saxpyAVX's loop32 loads its own.
loop:
	VPAND    (SI)(AX*4), Y0, Y1
	VPAND    32(SI)(AX*4), Y0, Y2
	VPAND    64(SI)(AX*4), Y0, Y3
	VPAND    96(SI)(AX*4), Y0, Y4
	VPCMPEQD Y0, Y1, Y1
	VPCMPEQD Y0, Y2, Y2
	VPCMPEQD Y0, Y3, Y3
	VPCMPEQD Y0, Y4, Y4
	VPOR     Y2, Y1, Y1
	VPOR     Y4, Y3, Y3
	VPOR     Y3, Y1, Y1
	VPTEST   Y1, Y1
	JNZ      found
	ADDQ     $32, AX

check:
	CMPQ AX, CX
	JL   loop
	MOVB $0, ret+24(FP)
	VZEROUPPER
	RET

found:
	MOVB $1, ret+24(FP)
	VZEROUPPER
	RET
