// Command xlsx turns a purchase export of bench/gen into an Excel workbook,
// as an analyst would keep it: one sheet, the header row, then each
// purchase with its time in a date cell (UTC wall time: a cell has no time
// zone, so the reader is told --naive-timezone UTC) and the other columns
// as text and numbers. Written with excelize's streaming writer, so the rows
// are not held in memory; a sheet holds at most 1,048,576 rows.
//
//	go run ./bench/xlsx -in bench/out/transactions.csv -out bench/out/transactions.xlsx
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// maxRows is what one sheet holds, its header row included.
const maxRows = 1_048_576

func main() {
	log.SetFlags(0)
	log.SetPrefix("xlsx: ")
	in := flag.String("in", "", "purchase export of bench/gen")
	out := flag.String("out", "", "workbook to write")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: xlsx -in FILE.csv -out FILE.xlsx")
		os.Exit(2)
	}
	if err := convert(*in, *out); err != nil {
		log.Fatal(err)
	}
}

func convert(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	book := excelize.NewFile()
	defer book.Close()
	const sheet = "Köp"
	if err := book.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	dateTime, err := book.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm, Excel's date and time
	if err != nil {
		return err
	}
	w, err := book.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header, err := r.Read()
	if err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := w.SetRow("A1", cells); err != nil {
		return err
	}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if row > maxRows {
			return fmt.Errorf("%s has more rows than a sheet holds (%d)", in, maxRows-1)
		}
		at, err := time.Parse(time.RFC3339, rec[0])
		if err != nil {
			return fmt.Errorf("row %d: %v", row, err)
		}
		// The UTC wall time, as a serial: excelize writes a time.Time as
		// the serial of its wall clock.
		cells[0] = excelize.Cell{StyleID: dateTime, Value: at.UTC()}
		for i := 1; i < len(rec); i++ {
			if n, err := strconv.ParseFloat(rec[i], 64); err == nil {
				cells[i] = n
			} else {
				cells[i] = rec[i]
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		if err := w.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return book.SaveAs(out)
}
