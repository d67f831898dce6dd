//go:build !amd64

package input

// markWords marks the line breaks, delimiters and bytes beyond ASCII of
// data, whose length is a multiple of 64, in lines, delims and high (a word
// each 64 bytes).
func markWords(data []byte, delim byte, lines, delims, high []uint64) {
	markWordsGeneric(data, delim, lines, delims, high)
}
