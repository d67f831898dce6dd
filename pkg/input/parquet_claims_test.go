package input

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// footerListClaim is a Parquet file of 50 bytes whose footer claims a
// schema of 2^31-1 elements: parquet-go would ask for 192 GiB, and the
// process would end with "fatal error: runtime: out of memory".
func footerListClaim() []byte {
	footer := []byte{0x15, 0x02, 0x19, 0xfc} // version 1; field 2, a list of 15+ structs
	footer = binary.AppendUvarint(footer, 1<<31-1)
	footer = append(footer, make([]byte, 32)...)
	file := append([]byte("PAR1"), footer...)
	file = binary.LittleEndian.AppendUint32(file, uint32(len(footer)))
	return append(file, "PAR1"...)
}

type claimRecord struct {
	Month string `parquet:"month"`
	Count int64  `parquet:"count"`
}

// pageClaim is a Parquet file (zstd pages) whose last column's first page
// header is changed by change, the footer written to match.
func pageClaim(t *testing.T, change func(*format.PageHeader)) []byte {
	t.Helper()
	var rows []claimRecord
	for i := range 1000 {
		rows = append(rows, claimRecord{"2019-01", int64(i % 7)})
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[claimRecord](&buf, parquet.Compression(&parquet.Zstd))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	proto := &thrift.CompactProtocol{}
	n := int(binary.LittleEndian.Uint32(file[len(file)-8:]))
	var md format.FileMetaData
	if err := thrift.Unmarshal(proto, file[len(file)-8-n:len(file)-8], &md); err != nil {
		t.Fatal(err)
	}
	col := &md.RowGroups[0].Columns[len(md.RowGroups[0].Columns)-1].MetaData
	off := col.DataPageOffset
	if col.DictionaryPageOffset != 0 {
		off = col.DictionaryPageOffset
	}
	var h format.PageHeader
	r := bytes.NewReader(file[off:])
	if err := thrift.NewDecoder(proto.NewReader(r)).Decode(&h); err != nil {
		t.Fatal(err)
	}
	size := len(file[off:]) - r.Len()
	change(&h)
	h.CRC = 0
	header, err := thrift.Marshal(proto, &h)
	if err != nil {
		t.Fatal(err)
	}
	col.TotalCompressedSize += int64(len(header) - size) // the last column: nothing after it moves
	footer, err := thrift.Marshal(proto, &md)
	if err != nil {
		t.Fatal(err)
	}
	out := append(append(append([]byte{}, file[:off]...), header...), file[off+int64(size):len(file)-8-n]...)
	out = append(out, footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	return append(out, "PAR1"...)
}

// TestParquetClaims: a damaged Parquet file whose layout claims more than
// it has is an error, without allocating what it claims (parquet-go would:
// 2 GiB for a page, or so much for the footer that the process ends).
func TestParquetClaims(t *testing.T) {
	tests := []struct {
		name, want string
		file       func(t *testing.T) []byte
	}{
		{"a footer list of 2^31 elements", "x.parquet: not a readable Parquet file: its layout (footer) cannot be read: a length or count claims more bytes than there are",
			func(*testing.T) []byte { return footerListClaim() }},
		{"a page of 2 GiB", "x.parquet: row group 1: not a readable Parquet file: a page of column 2 claims 2147483647 bytes, more than its column has",
			func(t *testing.T) []byte {
				return pageClaim(t, func(h *format.PageHeader) { h.CompressedPageSize = 1<<31 - 1 })
			}},
		{"a page of 2 GiB uncompressed", "x.parquet: row group 1: not a readable Parquet file: a page of column 2 claims 2147483647 bytes uncompressed, more than its column has",
			func(t *testing.T) []byte {
				return pageClaim(t, func(h *format.PageHeader) { h.UncompressedPageSize = 1<<31 - 1 })
			}},
		{"page statistics of 2 GiB", "x.parquet: row group 1: not a readable Parquet file: a page header of column 2 cannot be read: a length or count claims more bytes than there are",
			func(t *testing.T) []byte {
				file := pageClaim(t, func(h *format.PageHeader) { h.DataPageHeaderV2.V.Statistics.MaxValue = []byte("\xff\xff\xff\xff\x07") })
				// The statistic's length prefix claims 2^31-1 bytes.
				return bytes.Replace(file, []byte("\x05\xff\xff\xff\xff\x07"), []byte("\xff\xff\xff\xff\x07\x00"), 1)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file(t)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _, err := readRows(t, bytesSource("x.parquet", file), Transactions, testConfig(t))
			runtime.ReadMemStats(&after)
			var de *DataError
			if !errors.As(err, &de) || err.Error() != tt.want || de.Hint == "" {
				t.Errorf("error = %v\n   want %s", err, tt.want)
			}
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
				t.Errorf("%d MiB allocated", grown>>20)
			}
		})
	}
	// The file the claims were made in reads as it is.
	rows, _, err := readRows(t, bytesSource("x.parquet", pageClaim(t, func(*format.PageHeader) {})), Transactions, testConfig(t))
	if err != nil || len(rows) != 1000 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
}

// TestThriftWalker: the walker reads what parquet-go writes, and refuses a
// length or count beyond the bytes left, and data cut short.
func TestThriftWalker(t *testing.T) {
	file := pageClaim(t, func(*format.PageHeader) {})
	n := int64(binary.LittleEndian.Uint32(file[len(file)-8:]))
	footer := file[int64(len(file))-8-n : len(file)-8]
	walk := func(b []byte) error {
		w := &thriftWalker{r: bufioReader(b), left: int64(len(b))}
		return w.structure(0, nil)
	}
	if err := walk(footer); err != nil {
		t.Fatalf("a real footer: %v", err)
	}
	for cut := range len(footer) {
		if err := walk(footer[:cut]); err == nil {
			t.Fatalf("the footer cut to %d bytes is accepted", cut)
		}
	}
	for name, b := range map[string][]byte{
		"a string of 2^31 bytes": {0x18, 0xff, 0xff, 0xff, 0xff, 0x07, 'a', 0},
		"a map of 2^31 entries":  {0x1b, 0xff, 0xff, 0xff, 0xff, 0x07, 0x55, 0},
		"a set of 20 elements":   {0x1a, 0xf5, 20, 2, 4, 0},
		"too deep":               bytes.Repeat([]byte{0x1c}, 40),
		"an unknown type":        {0x1e, 0},
		"a varint of 11 bytes":   append([]byte{0x15}, bytes.Repeat([]byte{0x80}, 11)...),
	} {
		if err := walk(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }

// TestParquetClaimsFixture: testdata/bad holds the footer that ended the
// process (input_errors.txtar); -fixtures writes it anew.
func TestParquetClaimsFixture(t *testing.T) {
	const path = "../../testdata/bad/parquet_footer_claims.parquet"
	if *writeFixtures {
		if err := os.WriteFile(path, footerListClaim(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := readRows(t, FileSource(path), Transactions, testConfig(t)); err == nil || !strings.Contains(err.Error(), "its layout (footer) cannot be read") {
		t.Errorf("%s: %v", path, err)
	}
}
