#include "textflag.h"

// GATHER stores in dst the high bits of the bytes of a, b, c and d, 16
// each (PMOVMSKB), as one word: a's in bits 0–15, d's in bits 48–63.
#define GATHER(a, b, c, d, dst) \
	PMOVMSKB a, R8; \
	PMOVMSKB b, R9; \
	PMOVMSKB c, R10; \
	PMOVMSKB d, R11; \
	SHLQ $16, R9; \
	SHLQ $32, R10; \
	SHLQ $48, R11; \
	ORQ R9, R8; \
	ORQ R10, R8; \
	ORQ R11, R8; \
	MOVQ R8, dst

// func markWords(data []byte, delim byte, lines, delims, high []uint64)
//
// For each 64 bytes of data: four 16-byte loads, each compared bytewise with
// a line break and with the delimiter (PCMPEQB), the results' high bits
// gathered (PMOVMSKB) into 16-bit masks, the four masks into one word; and
// the high bits of the bytes themselves, gathered the same way: the bytes
// beyond ASCII.
TEXT ·markWords(SB), NOSPLIT, $0-104
	MOVQ data_base+0(FP), SI
	MOVQ data_len+8(FP), CX
	MOVBQZX delim+24(FP), AX
	MOVQ lines_base+32(FP), DI
	MOVQ delims_base+56(FP), DX
	MOVQ high_base+80(FP), R12

	// X13: a line break in every byte; X14: the delimiter.
	MOVQ $0x0a0a0a0a0a0a0a0a, BX
	MOVQ BX, X13
	PUNPCKLQDQ X13, X13
	MOVQ $0x0101010101010101, BX
	IMULQ BX, AX
	MOVQ AX, X14
	PUNPCKLQDQ X14, X14

	SHRQ $6, CX
	JZ done

loop:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3

	MOVO X0, X4
	MOVO X1, X5
	MOVO X2, X6
	MOVO X3, X7
	PCMPEQB X13, X4
	PCMPEQB X13, X5
	PCMPEQB X13, X6
	PCMPEQB X13, X7
	GATHER(X4, X5, X6, X7, 0(DI))

	GATHER(X0, X1, X2, X3, 0(R12))

	PCMPEQB X14, X0
	PCMPEQB X14, X1
	PCMPEQB X14, X2
	PCMPEQB X14, X3
	GATHER(X0, X1, X2, X3, 0(DX))

	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, DX
	ADDQ $8, R12
	DECQ CX
	JNZ loop

done:
	RET
