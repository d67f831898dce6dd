package input

// bind is bindColumns for the tests of the fast path, which bind the
// header of a CSV file read at line.
func bind(file string, kind Kind, header []string, line int, delimiter rune) (*columns, error) {
	cols, err := bindColumns(kind, header, delimiter)
	if err != nil {
		err.File, err.Line = file, line
		return nil, err
	}
	return cols, nil
}
