package dataset

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
)

// Files streams the rows of several CSV files, one after the other, each
// with its own header (and, unless Options maps them, its own detected
// mapping): Senzing's truth set spreads its records over three files.
type Files struct {
	// Paths are read in order.
	Paths []string
	// Options apply to every file's Reader; WithName is set to the path
	// and, with several files, WithRowIDPrefix to the file's base name and
	// ":" so that row-number ids stay distinct.
	Options []Option
	// Opened, when set, is called with each file's Reader before its rows
	// are yielded (to show the mapping in effect).
	Opened func(path string, r *Reader)
}

// Rows yields the rows of every file as Reader.Rows does. A file that
// cannot be opened or whose header does not fit the options ends the
// sequence with that error.
func (f Files) Rows() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for _, path := range f.Paths {
			if !f.yieldFile(path, yield) {
				return
			}
		}
	}
}

// yieldFile yields the rows of one file and reports whether to go on.
func (f Files) yieldFile(path string, yield func(Row, error) bool) bool {
	file, err := os.Open(path)
	if err != nil {
		yield(Row{}, fmt.Errorf("read rows: %w", err))
		return false
	}
	defer file.Close()
	opts := append([]Option{WithName(path)}, f.Options...)
	if len(f.Paths) > 1 {
		opts = append(opts, WithRowIDPrefix(filepath.Base(path)+":"))
	}
	rd, err := NewReader(file, opts...)
	if err != nil {
		yield(Row{}, err)
		return false
	}
	if f.Opened != nil {
		f.Opened(path, rd)
	}
	for row, err := range rd.Rows() {
		if !yield(row, err) {
			return false
		}
		if err != nil && !isRowError(err) {
			return false
		}
	}
	return true
}
