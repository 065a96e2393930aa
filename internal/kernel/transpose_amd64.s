//go:build amd64 && !noasm

#include "textflag.h"

// func transpose8AVX(src []float32, lds int, dst []float32, ldd int, cols int)
//
// For j < cols, a multiple of 8: dst[(j+c)·ldd + r] = src[r·lds + j+c] for
// r, c < 8, one 8×8 block at a time in registers.
TEXT ·transpose8AVX(SB), NOSPLIT, $0-72
	MOVQ src_base+0(FP), SI
	MOVQ lds+24(FP), R8
	MOVQ dst_base+32(FP), DI
	MOVQ ldd+56(FP), R9
	MOVQ cols+64(FP), CX
	SHLQ $2, R8 // strides in bytes
	SHLQ $2, R9
	XORQ AX, AX

block:
	CMPQ AX, CX
	JGE  done
	// Rows 0 to 7 of the block: SI + r·lds + 4·AX.
	LEAQ    (SI)(AX*4), R10
	VMOVUPS (R10), Y0
	ADDQ    R8, R10
	VMOVUPS (R10), Y1
	ADDQ    R8, R10
	VMOVUPS (R10), Y2
	ADDQ    R8, R10
	VMOVUPS (R10), Y3
	ADDQ    R8, R10
	VMOVUPS (R10), Y4
	ADDQ    R8, R10
	VMOVUPS (R10), Y5
	ADDQ    R8, R10
	VMOVUPS (R10), Y6
	ADDQ    R8, R10
	VMOVUPS (R10), Y7

	VUNPCKLPS Y1, Y0, Y8  // a0 b0 a1 b1 | a4 b4 a5 b5
	VUNPCKHPS Y1, Y0, Y9  // a2 b2 a3 b3 | a6 b6 a7 b7
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15

	VSHUFPS $0x44, Y10, Y8, Y0  // a0 b0 c0 d0 | a4 b4 c4 d4
	VSHUFPS $0xEE, Y10, Y8, Y1  // a1 b1 c1 d1 | a5 b5 c5 d5
	VSHUFPS $0x44, Y11, Y9, Y2  // a2 .. | a6 ..
	VSHUFPS $0xEE, Y11, Y9, Y3  // a3 .. | a7 ..
	VSHUFPS $0x44, Y14, Y12, Y4 // e0 f0 g0 h0 | e4 ..
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7

	VPERM2F128 $0x20, Y4, Y0, Y8  // column 0
	VPERM2F128 $0x20, Y5, Y1, Y9  // column 1
	VPERM2F128 $0x20, Y6, Y2, Y10 // column 2
	VPERM2F128 $0x20, Y7, Y3, Y11 // column 3
	VPERM2F128 $0x31, Y4, Y0, Y12 // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13 // column 5
	VPERM2F128 $0x31, Y6, Y2, Y14 // column 6
	VPERM2F128 $0x31, Y7, Y3, Y15 // column 7

	// Column j+c goes to dst row j+c: DI + (j+c)·ldd.
	MOVQ    AX, R11
	IMULQ   R9, R11
	LEAQ    (DI)(R11*1), R10
	VMOVUPS Y8, (R10)
	ADDQ    R9, R10
	VMOVUPS Y9, (R10)
	ADDQ    R9, R10
	VMOVUPS Y10, (R10)
	ADDQ    R9, R10
	VMOVUPS Y11, (R10)
	ADDQ    R9, R10
	VMOVUPS Y12, (R10)
	ADDQ    R9, R10
	VMOVUPS Y13, (R10)
	ADDQ    R9, R10
	VMOVUPS Y14, (R10)
	ADDQ    R9, R10
	VMOVUPS Y15, (R10)

	ADDQ $8, AX
	JMP  block

done:
	VZEROUPPER
	RET
