// Command naive is the benchmark's yardstick: the scanner anyone would write
// in a few minutes to count purchases per month and country. It uses one
// core, splits each line on commas, takes the first 7 bytes of the
// timestamp as the month (the UTC offset is ignored, so a purchase at
// 2019-01-31T23:30:00Z lands in January, not in Stockholm's February) and
// validates nothing.
//
// Usage:
//
//	go run ./bench/naive FILE
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"log"
	"os"
	"slices"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: naive FILE")
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	type key struct {
		month   [7]byte
		country [8]byte // country codes are short: no allocation per row
	}
	counts := map[key]int64{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan() // the header
	for sc.Scan() {
		line := sc.Bytes()
		comma := bytes.IndexByte(line, ',')
		if comma < 7 {
			continue
		}
		rest := line[comma+1:]
		country := rest
		if c := bytes.IndexByte(rest, ','); c >= 0 {
			country = rest[:c]
		}
		var k key
		copy(k.month[:], line[:7])
		copy(k.country[:], country)
		counts[k]++
	}
	if err := sc.Err(); err != nil {
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
		return bytes.Compare(a.country[:], b.country[:])
	})
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, k := range keys {
		fmt.Fprintf(w, "%s,%s,%d\n", k.month[:], bytes.TrimRight(k.country[:], "\x00"), counts[k])
	}
}
