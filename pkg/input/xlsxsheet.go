package input

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize's row iterator hides what a cell is made of: a formula without a
// saved value comes out as "", a shared string that is not in the table as
// "" (its error is dropped), and rows out of order, a row twice, a cell twice
// or a row numbered -5 are merged into other rows or dropped without a word.
// Its functions that do tell (GetCellFormula, GetCellType) read the whole
// sheet into memory. So the sheet's XML is read a second time, beside the
// iterator and in step with it, by sheetScan: it checks the structure before
// the iterator reads a row, and gives each cell's type, style, stored value
// and formula. excelize still gives the text of string cells (shared and
// inline, with rich text and escapes).

// scannedCell is a cell as the sheet stores it.
type scannedCell struct {
	col     int    // 1-based
	t       string // the type: "" (a number), n, s, str, inlineStr, b, d, e
	style   int
	v       string // the stored value
	hasV    bool
	formula string
	hasF    bool
}

// sheetScan reads the <row> elements of a sheet's XML one at a time.
type sheetScan struct {
	r       *xlsxRecords
	part    io.ReadCloser
	dec     *xml.Decoder
	done    bool
	last    int  // the number of the row read last
	held    bool // row and cells hold a row not yet given out
	row     int
	cells   []scannedCell
	strings int // the shared strings in the workbook, -1 until counted
}

// sheetPart finds the XML part of the sheet read, as excelize does: the
// workbook's part from _rels/.rels, the sheet's target from the workbook's
// relationships.
func (r *xlsxRecords) sheetPart(z *zip.Reader) (*zip.File, error) {
	files := map[string]*zip.File{}
	for _, f := range z.File {
		files[strings.ReplaceAll(f.Name, `\`, "/")] = f // the last of a name, as excelize keeps
	}
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Type   string `xml:"Type,attr"`
		} `xml:"Relationship"`
	}
	read := func(name string) (rels, error) {
		var out rels
		f, ok := files[name]
		if !ok {
			return out, fmt.Errorf("no part %s", name)
		}
		rc, err := f.Open()
		if err != nil {
			return out, err
		}
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		dec.CharsetReader = r.book.CharsetReader
		return out, dec.Decode(&out)
	}
	root, err := read("_rels/.rels")
	if err != nil {
		return nil, err
	}
	book := ""
	for _, rel := range root.Rel {
		if rel.Type == excelize.SourceRelationshipOfficeDocument || rel.Type == excelize.StrictSourceRelationshipOfficeDocument {
			book = strings.TrimPrefix(rel.Target, "/")
			break
		}
	}
	id := ""
	if r.book.WorkBook != nil {
		for _, s := range r.book.WorkBook.Sheets.Sheet {
			if s.Name == r.sheet {
				id = s.ID
				break
			}
		}
	}
	bookRels, err := read(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"))
	if err != nil {
		return nil, err
	}
	for _, rel := range bookRels.Rel {
		if rel.ID != id {
			continue
		}
		name := path.Join(path.Dir(book), rel.Target)
		if strings.HasPrefix(rel.Target, "/") {
			name = path.Clean(rel.Target)
		}
		if f, ok := files[strings.TrimPrefix(name, "/")]; ok {
			return f, nil
		}
	}
	return nil, fmt.Errorf("no part for sheet %q", r.sheet)
}

// next reads the next <row> of the sheet, checked: its number after the
// last one's, its cells in it, each once, from left to right. At the end of
// the sheet it sets done.
func (s *sheetScan) next() error {
	for {
		tok, err := s.dec.RawToken()
		if err == io.EOF {
			s.done = true
			return nil
		}
		if err != nil {
			return s.damaged(err, 0)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				return s.readRow(el)
			case "c":
				return s.r.broken("", "a cell outside any row")
			}
		case xml.EndElement:
			if el.Name.Local == "sheetData" {
				s.done = true
				return nil
			}
		}
	}
}

func (s *sheetScan) readRow(start xml.StartElement) error {
	n := s.last + 1 // a row without a number follows the one before
	if v, ok := attr(start, "r"); ok {
		num, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || num < 1 || num > excelize.TotalRows {
			return s.r.broken("", fmt.Sprintf("a row numbered %q: rows are numbered 1 to %d", v, excelize.TotalRows))
		}
		n = num
	}
	switch {
	case n == s.last:
		return s.r.broken("", fmt.Sprintf("row %d appears twice", n))
	case n < s.last:
		return s.r.broken("", fmt.Sprintf("row %d comes after row %d: the rows are out of order", n, s.last))
	}
	s.last, s.row, s.held = n, n, true
	s.cells = s.cells[:0]
	col := 0
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return s.damaged(err, n)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local != "c" {
				if err := s.skip(); err != nil {
					return s.damaged(err, n)
				}
				continue
			}
			c, err := s.readCell(el, n, col)
			if err != nil {
				return err
			}
			col = c.col
			s.cells = append(s.cells, c)
		case xml.EndElement:
			if el.Name.Local == "row" {
				return nil
			}
		}
	}
}

// readCell reads a <c> element of row n, whose cell before is in column
// prev (0 when none).
func (s *sheetScan) readCell(start xml.StartElement, n, prev int) (scannedCell, error) {
	c := scannedCell{col: prev + 1}
	if ref, ok := attr(start, "r"); ok {
		col, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			return c, s.r.broken(fmt.Sprintf("row %d", n), fmt.Sprintf("%q is not a cell", ref))
		}
		if row != n {
			return c, s.r.broken(fmt.Sprintf("row %d", n), fmt.Sprintf("cell %s is in row %d", ref, n))
		}
		c.col = col
	}
	name := func() string { return cellName(c.col, n) } // for an error alone: no string a cell
	switch {
	case c.col > excelize.MaxColumns:
		return c, s.r.broken(fmt.Sprintf("row %d", n), fmt.Sprintf("a cell after column %s, the last", cellName(excelize.MaxColumns, n)))
	case c.col == prev:
		return c, s.r.broken(name(), fmt.Sprintf("cell %s appears twice", name()))
	case c.col < prev:
		return c, s.r.broken(name(), fmt.Sprintf("cell %s comes after %s: the cells are out of order", name(), cellName(prev, n)))
	}
	c.t, _ = attr(start, "t")
	if v, ok := attr(start, "s"); ok {
		style, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return c, s.r.broken(name(), fmt.Sprintf("style %q is not a number", v))
		}
		c.style = style
	}
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return c, s.damaged(err, n)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "v":
				c.hasV = true
				c.v, err = s.text()
			case "f":
				c.hasF = true
				c.formula, err = s.text()
			default: // <is>: excelize gives its text
				err = s.skip()
			}
			if err != nil {
				return c, s.damaged(err, n)
			}
		case xml.EndElement:
			if el.Name.Local != "c" {
				return c, s.damaged(fmt.Errorf("element <c> closed by </%s>", el.Name.Local), n)
			}
			return c, nil
		}
	}
}

// The scan reads raw tokens, a third faster than Token (no name spaces, no
// stack of elements): an element is closed by the end the scan expects.

// text reads the text of an element whose start was read, to its end.
func (s *sheetScan) text() (string, error) {
	var b []byte
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return "", err
		}
		switch el := tok.(type) {
		case xml.CharData:
			b = append(b, el...)
		case xml.StartElement:
			return "", fmt.Errorf("element <%s> in a cell's value", el.Name.Local)
		case xml.EndElement:
			return string(b), nil
		}
	}
}

// skip reads past the end of an element whose start was read.
func (s *sheetScan) skip() error {
	for depth := 1; depth > 0; {
		tok, err := s.dec.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// countStrings counts the entries of the shared strings table, in the part
// excelize reads it from (whatever the relationships say).
func (s *sheetScan) countStrings(z *zip.Reader) (int, error) {
	var part *zip.File
	for _, f := range z.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), "xl/sharedStrings.xml") {
			part = f
		}
	}
	if part == nil {
		return 0, nil
	}
	rc, err := part.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	dec.CharsetReader = s.r.book.CharsetReader
	n := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "si" {
			n++
		}
	}
}

// damaged is the error for XML that cannot be read, in row n (0: after
// the row read last).
func (s *sheetScan) damaged(err error, n int) error {
	e := s.r.damaged(err).(*DataError)
	switch {
	case n > 0:
		e.Place = fmt.Sprintf("%s, row %d", s.r.ref, n)
	case s.last > 0:
		e.Place = fmt.Sprintf("%s, after row %d", s.r.ref, s.last)
	default:
		e.Place = s.r.ref
	}
	return e
}

func (s *sheetScan) Close() error {
	if s.part == nil {
		return nil
	}
	err := s.part.Close()
	s.part = nil
	return err
}

func attr(el xml.StartElement, name string) (string, bool) {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// cellName is a cell's name as Excel writes it (C2).
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("column %d, row %d", col, row)
	}
	return name
}

// broken is the error for a sheet whose XML no spreadsheet program writes:
// at is a cell (C2), a row ("row 2") or "" for the sheet.
func (r *xlsxRecords) broken(at, reason string) error {
	place := r.ref
	switch {
	case strings.HasPrefix(at, "row "):
		place += ", " + at
	case at != "":
		place += "!" + at
	}
	return &DataError{File: r.name, Place: place, Reason: reason,
		Hint: "the sheet is damaged or was not written by a spreadsheet program: open and save it in Excel (or LibreOffice), or export the sheet as CSV"}
}

var errNotInStep = errors.New("the sheet's rows are not where its XML has them")
