//go:build amd64 && !noasm

#include "textflag.h"

DATA ratioOne<>+0(SB)/8, $1.0
GLOBL ratioOne<>(SB), RODATA|NOPTR, $8

// func ratioLanesAVX2(e, ew, sc, eo []float64, acc *[8]float64)
//
// For i < len(e) (a multiple of 4): Ta = e[i]·sc[i] (e[i] when sc is empty),
// Tb = Ta·ew[i], Tc = Ta·eo[i], Td = Tb·eo[i];
// acc[i%4] *= (1+Tb)(1+Tc) and acc[4+i%4] *= (1+Ta)(1+Td), with the
// operations of ratioLanesGo in the same order (no fused multiply-add).
TEXT ·ratioLanesAVX2(SB), NOSPLIT, $0-104
	MOVQ e_base+0(FP), SI
	MOVQ e_len+8(FP), CX
	MOVQ ew_base+24(FP), BX
	MOVQ sc_base+48(FP), DX
	MOVQ sc_len+56(FP), R8
	MOVQ eo_base+72(FP), DI
	MOVQ acc+96(FP), R9
	VMOVUPD (R9), Y0
	VMOVUPD 32(R9), Y1
	VBROADCASTSD ratioOne<>(SB), Y15
	XORQ AX, AX
	TESTQ CX, CX
	JZ   done
	TESTQ R8, R8
	JZ   plain

scaled:
	VMOVUPD (SI)(AX*8), Y2
	VMULPD  (DX)(AX*8), Y2, Y2 // Ta = e·sc
	VMULPD  (BX)(AX*8), Y2, Y3 // Tb = Ta·ew
	VMOVUPD (DI)(AX*8), Y4     // eo
	VMULPD  Y4, Y2, Y5         // Tc = Ta·eo
	VMULPD  Y4, Y3, Y6         // Td = Tb·eo
	VADDPD  Y15, Y3, Y3        // 1+Tb
	VADDPD  Y15, Y5, Y5        // 1+Tc
	VMULPD  Y5, Y3, Y3
	VMULPD  Y3, Y0, Y0
	VADDPD  Y15, Y2, Y2        // 1+Ta
	VADDPD  Y15, Y6, Y6        // 1+Td
	VMULPD  Y6, Y2, Y2
	VMULPD  Y2, Y1, Y1
	ADDQ    $4, AX
	CMPQ    AX, CX
	JLT     scaled
	JMP     done

plain:
	VMOVUPD (SI)(AX*8), Y2     // Ta = e
	VMULPD  (BX)(AX*8), Y2, Y3 // Tb = Ta·ew
	VMOVUPD (DI)(AX*8), Y4     // eo
	VMULPD  Y4, Y2, Y5         // Tc = Ta·eo
	VMULPD  Y4, Y3, Y6         // Td = Tb·eo
	VADDPD  Y15, Y3, Y3
	VADDPD  Y15, Y5, Y5
	VMULPD  Y5, Y3, Y3
	VMULPD  Y3, Y0, Y0
	VADDPD  Y15, Y2, Y2
	VADDPD  Y15, Y6, Y6
	VMULPD  Y6, Y2, Y2
	VMULPD  Y2, Y1, Y1
	ADDQ    $4, AX
	CMPQ    AX, CX
	JLT     plain

done:
	VMOVUPD Y0, (R9)
	VMOVUPD Y1, 32(R9)
	VZEROUPPER
	RET
