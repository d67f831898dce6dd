package input

// markWords marks the line breaks, delimiters and bytes beyond ASCII of
// data, whose length is a multiple of 64, in lines, delims and high (a word
// each 64 bytes), with SSE2 (every amd64 has it).
//
//go:noescape
func markWords(data []byte, delim byte, lines, delims, high []uint64)
