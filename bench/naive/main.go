// Command naive is the benchmark's yardstick: the scanner anyone would write
// in a few minutes to count rows per month and a field or two. It uses one
// core, splits each line on commas up to the last field it needs, takes the
// first 7 bytes of the first field (the timestamp or date) as the month (the
// UTC offset is ignored, so a purchase at 2019-01-31T23:30:00Z lands in
// January, not in Stockholm's February), keys the counts on the raw bytes of
// the other fields (Kundservice and customer_service stay two channels) and
// validates nothing. A file ending in .gz is read through compress/gzip,
// one ending in .zst through klauspost's zstd.
//
// Usage:
//
//	naive [-by FIELD,...] [-sum FIELD] FILE...
//
// -by lists the fields (0-based) counted by besides the month, 1 (the
// country) by default; -sum adds up that field's whole numbers instead of
// counting rows. It prints month,fields...,count lines, sorted; with
// several files, their counts one file after the other.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// maxKey is the room for the fields of a key: no allocation per row.
const maxKey = 56

type key struct {
	month  [7]byte
	fields [maxKey]byte
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("naive: ")
	by := flag.String("by", "1", "fields to count by besides the month, comma-separated, 0-based")
	sum := flag.Int("sum", -1, "add up this field instead of counting rows")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("usage: naive [-by FIELD,...] [-sum FIELD] FILE...")
	}
	var fields []int
	last := max(*sum, 0)
	for _, s := range strings.Split(*by, ",") {
		i, err := strconv.Atoi(s)
		if err != nil || i < 1 || i > 15 {
			log.Fatalf("bad -by field %q", s)
		}
		fields = append(fields, i)
		last = max(last, i)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, name := range flag.Args() {
		counts, err := count(name, fields, last, *sum)
		if err != nil {
			log.Fatal(err)
		}
		keys := make([]key, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b key) int {
			if c := bytes.Compare(a.month[:], b.month[:]); c != 0 {
				return c
			}
			return bytes.Compare(a.fields[:], b.fields[:])
		})
		for _, k := range keys {
			fmt.Fprintf(w, "%s,%s%d\n", k.month[:], bytes.TrimRight(k.fields[:], "\x00"), counts[k])
		}
	}
}

// count counts the rows of one file by month and fields, up to field last.
func count(name string, fields []int, last, sum int) (map[key]int64, error) {
	in, err := open(name)
	if err != nil {
		return nil, err
	}
	counts := map[key]int64{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan() // the header
	var split [16][]byte
	for sc.Scan() {
		line := sc.Bytes()
		n := 0
		for rest := line; n <= last; n++ {
			c := bytes.IndexByte(rest, ',')
			if c < 0 {
				split[n] = rest
				n++
				break
			}
			split[n], rest = rest[:c], rest[c+1:]
		}
		if n <= last || len(split[0]) < 7 {
			continue
		}
		var k key
		copy(k.month[:], split[0])
		at := 0
		for _, f := range fields {
			at += copy(k.fields[at:], split[f])
			if at < maxKey {
				k.fields[at] = ','
				at++
			}
		}
		v := int64(1)
		if sum >= 0 {
			v = 0
			for _, c := range split[sum] { // no string, no allocation per row
				v = v*10 + int64(c-'0')
			}
		}
		counts[k] += v
	}
	return counts, sc.Err()
}

// open opens a file, decompressed as its name says.
func open(name string) (io.Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	switch {
	case strings.HasSuffix(name, ".gz"):
		return gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	case strings.HasSuffix(name, ".zst"):
		return zstd.NewReader(f)
	}
	return f, nil
}
