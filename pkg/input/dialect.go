package input

import (
	"fmt"
	"strings"
)

// Encoding is a text encoding an input file can be in.
type Encoding string

const (
	// EncodingAuto detects: UTF-8 (with or without a byte-order mark),
	// UTF-16 with a byte-order mark, else Windows-1252.
	EncodingAuto Encoding = ""
	UTF8         Encoding = "utf-8"
	Windows1252  Encoding = "windows-1252"
	UTF16LE      Encoding = "utf-16le"
	UTF16BE      Encoding = "utf-16be"
)

// Compression is how an input file is compressed, told by its magic bytes.
type Compression string

const (
	Uncompressed Compression = "none"
	Gzip         Compression = "gzip"
	Zstd         Compression = "zstd"
)

// Dialect is how a file is written, as detected or as told by the flags.
type Dialect struct {
	Delimiter   rune
	Encoding    Encoding
	Compression Compression
}

// delimiters are the delimiters a file may use, in the order that breaks a
// tie when detecting: a header as often split by ',' as by ';' is ','.
var delimiters = []rune{',', ';', '\t', '|'}

// detectedDelimiters are the ones detection chooses from; '|' must be asked
// for (a sep=| line or --delimiter), since it is rare in exports.
var detectedDelimiters = delimiters[:3]

// ParseDelimiter reads a --delimiter value: "," ";" "|", or a tab ("tab",
// `\t` or the character). "" and "auto" mean detect (0).
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "\t", `\t`, "tab":
		return '\t', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, fmt.Errorf("unknown delimiter %q (want , ; tab or |)", s)
}

// ParseEncoding reads an --encoding value. latin1 and iso-8859-1 mean
// Windows-1252, which is what such files hold in practice (as browsers do).
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return EncodingAuto, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1":
		return Windows1252, nil
	case "utf-16le", "utf16le":
		return UTF16LE, nil
	case "utf-16be", "utf16be":
		return UTF16BE, nil
	}
	return "", fmt.Errorf("unknown encoding %q (want auto, utf-8, windows-1252, utf-16le or utf-16be)", s)
}

// DelimiterName shows a delimiter in messages: tab is spelled out.
func DelimiterName(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return fmt.Sprintf("%q", d)
}
