//go:build amd64 && !noasm

#include "textflag.h"

// func saxpyAVX(a float32, x, y []float32)
//
// y[i] += a*x[i] for i < len(x), as a rounded product then a rounded sum
// (no fused multiply-add), eight lanes at a time.
TEXT ·saxpyAVX(SB), NOSPLIT, $0-56
	VBROADCASTSS a+0(FP), Y0
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	MOVQ         y_base+32(FP), DI
	XORQ         AX, AX
	MOVQ         CX, DX
	ANDQ         $-32, DX
	JZ           eight

loop32:
	VMULPS  (SI)(AX*4), Y0, Y1
	VMULPS  32(SI)(AX*4), Y0, Y2
	VMULPS  64(SI)(AX*4), Y0, Y3
	VMULPS  96(SI)(AX*4), Y0, Y4
	VADDPS  (DI)(AX*4), Y1, Y1
	VADDPS  32(DI)(AX*4), Y2, Y2
	VADDPS  64(DI)(AX*4), Y3, Y3
	VADDPS  96(DI)(AX*4), Y4, Y4
	VMOVUPS Y1, (DI)(AX*4)
	VMOVUPS Y2, 32(DI)(AX*4)
	VMOVUPS Y3, 64(DI)(AX*4)
	VMOVUPS Y4, 96(DI)(AX*4)
	ADDQ    $32, AX
	CMPQ    AX, DX
	JL      loop32

// The same multiply-add as loop32, on one register at a time, then on one
// lane: the tails shorter than 32 and 8 elements.
eight:
	MOVQ CX, DX
	ANDQ $-8, DX
	CMPQ AX, DX
	JGE  one

loop8:
	VMULPS  (SI)(AX*4), Y0, Y1
	VADDPS  (DI)(AX*4), Y1, Y1
	VMOVUPS Y1, (DI)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, DX
	JL      loop8

one:
	CMPQ AX, CX
	JGE  done

loop1:
	VMULSS (SI)(AX*4), X0, X1
	VADDSS (DI)(AX*4), X1, X1
	VMOVSS X1, (DI)(AX*4)
	INCQ   AX
	CMPQ   AX, CX
	JL     loop1

done:
	VZEROUPPER
	RET
