package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// Row is one record of a table, its fields keyed by kind.
type Row struct {
	// Line is the line of the file where the record starts; the header
	// is line 1, and a quoted field may span several lines.
	Line int
	// ID is the mapped id (KindID), or else the record's 1-based number
	// among the data rows, bad rows included, after any WithRowIDPrefix.
	ID string
	// Fields holds the non-empty, trimmed values of the mapped kinds other
	// than the id.
	Fields map[match.Kind]string
	// Truth is the true cluster, when the Reader has a Truth; else "".
	Truth string
	// Other holds the non-empty, trimmed values of the columns no kind
	// and no truth takes, by column name, with WithOtherColumns; else nil.
	Other map[string]string
}

// RowError is a record that could not be read: a wrong number of fields,
// a broken quote, an unreadable truth label. Reading continues with the
// next record.
type RowError struct {
	// Name is the input's name (WithName); may be empty.
	Name string
	// Line is where the record starts.
	Line int
	// Err says what is wrong.
	Err error
}

func (e *RowError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("%s line %d: %v", e.Name, e.Line, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Option configures a Reader.
type Option func(*config)

type config struct {
	name     string
	mapping  Mapping
	truth    Truth
	idPrefix string
	other    bool
}

// WithName names the input in errors (a file name). Default: none.
func WithName(name string) Option { return func(c *config) { c.name = name } }

// WithMapping sets the columns of each kind. Default: DetectMapping of
// the header, without the truth's columns.
func WithMapping(m Mapping) Option { return func(c *config) { c.mapping = m } }

// WithTruth reads each row's true cluster. Default: none, Row.Truth is "".
func WithTruth(t Truth) Option { return func(c *config) { c.truth = t } }

// WithOtherColumns keeps the values of the columns the mapping and the
// truth leave out in Row.Other (a review shows every field of a record).
// Default: they are dropped.
func WithOtherColumns() Option { return func(c *config) { c.other = true } }

// WithRowIDPrefix prefixes the ids made of row numbers, when no column is
// the id, so that several files' rows stay distinct. Default: "".
func WithRowIDPrefix(p string) Option { return func(c *config) { c.idPrefix = p } }

// Reader streams the rows of a CSV table with a header (RFC 4180: quoted
// fields may hold commas, doubled quotes and line breaks). A UTF-8
// byte-order mark is skipped, spaces before a field are ignored (Febrl
// writes ", " between fields), and every record must have as many fields
// as the header. A Reader is not safe for concurrent use.
type Reader struct {
	name     string
	csv      *csv.Reader
	header   []string
	mapping  Mapping
	kinds    []boundKind
	id       *boundKind
	truth    Truth
	truthAt  []int
	idPrefix string
	// otherAt are the columns Row.Other holds (WithOtherColumns).
	otherAt []int
	rows    int
	values  []string
	notes   []string
}

// NewReader reads the header of r and binds the mapping and the truth to
// its columns. It fails when the header cannot be read or a mapped column
// is not in it.
func NewReader(r io.Reader, opts ...Option) (*Reader, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	rd := &Reader{name: c.name, truth: c.truth, idPrefix: c.idPrefix}
	rd.csv = csv.NewReader(skipBOM(r))
	rd.csv.TrimLeadingSpace = true
	rd.csv.ReuseRecord = true
	names, err := rd.csv.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: no header: the input is empty", rd.label())
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", rd.label(), err)
	}
	rd.header = make([]string, len(names))
	for i, n := range names {
		rd.header[i] = strings.TrimSpace(n)
	}
	h := newHeader(rd.header)
	if c.truth != nil {
		for _, col := range c.truth.Columns() {
			i, err := h.index(col)
			if err != nil {
				return nil, fmt.Errorf("%s: truth: %w", rd.label(), err)
			}
			rd.truthAt = append(rd.truthAt, i)
		}
	}
	rd.mapping = c.mapping
	detected := rd.mapping == nil
	if detected {
		rd.mapping = DetectMapping(rd.header)
		if c.truth != nil {
			rd.mapping = rd.mapping.without(c.truth.Columns())
		}
	}
	kinds, err := rd.mapping.bind(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rd.label(), err)
	}
	var truthCols []string
	if c.truth != nil {
		truthCols = c.truth.Columns()
	}
	rd.notes = mappingNotes(h, kinds, detected, truthCols)
	for i := range kinds {
		if kinds[i].kind == match.KindID {
			rd.id = &kinds[i]
			continue
		}
		rd.kinds = append(rd.kinds, kinds[i])
	}
	rd.values = make([]string, len(rd.truthAt))
	if c.other {
		rd.otherAt = otherColumns(rd.header, kinds, rd.truthAt)
	}
	return rd, nil
}

func (r *Reader) label() string {
	if r.name == "" {
		return "csv"
	}
	return r.name
}

// skipBOM drops a UTF-8 byte-order mark, which Excel writes and
// encoding/csv would keep in the first column's name.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return br
}

// Header returns the column names, trimmed.
func (r *Reader) Header() []string { return r.header }

// Notes are warnings about the mapping, one line each, to show the user:
// columns taken by a name only like the usual one, --map columns found
// under another spelling, several columns of a kind that takes one value,
// columns left out as namesakes of one taken. Nil when there is nothing to
// say.
func (r *Reader) Notes() []string { return r.notes }

// Mapping returns the mapping in effect: the one given, or the detected one.
func (r *Reader) Mapping() Mapping { return r.mapping }

// Next returns the next row; io.EOF after the last. A *RowError is a bad
// row: call Next again for the following one. Any other error (reading
// the input failed) is final.
func (r *Reader) Next() (Row, error) {
	record, err := r.csv.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return Row{}, fmt.Errorf("%s: %w", r.label(), err)
		}
		r.rows++
		return Row{Line: pe.StartLine}, &RowError{Name: r.name, Line: pe.StartLine, Err: parseProblem(pe, len(record), len(r.header))}
	}
	r.rows++
	line, _ := r.csv.FieldPos(0)
	row := Row{Line: line, Fields: make(map[match.Kind]string, len(r.kinds))}
	for _, k := range r.kinds {
		if v := k.value(record); v != "" {
			row.Fields[k.kind] = v
		}
	}
	if r.otherAt != nil {
		row.Other = make(map[string]string, len(r.otherAt))
		for _, at := range r.otherAt {
			if v := strings.TrimSpace(record[at]); v != "" {
				row.Other[r.header[at]] = v
			}
		}
	}
	if r.id != nil {
		row.ID = r.id.value(record)
		if row.ID == "" {
			return Row{Line: line}, &RowError{Name: r.name, Line: line, Err: errors.New("empty id")}
		}
	} else {
		row.ID = r.idPrefix + strconv.Itoa(r.rows)
	}
	if r.truth != nil {
		for i, at := range r.truthAt {
			r.values[i] = record[at]
		}
		row.Truth, err = r.truth.Cluster(row.ID, r.values)
		if err != nil {
			return Row{Line: line}, &RowError{Name: r.name, Line: line, Err: fmt.Errorf("truth: %w", err)}
		}
	}
	return row, nil
}

// otherColumns are the named columns of header that no bound kind and no
// truth column takes; empty, not nil, when there are none.
func otherColumns(header []string, kinds []boundKind, truthAt []int) []int {
	taken := make([]bool, len(header))
	for _, k := range kinds {
		for _, c := range k.cols {
			taken[c] = true
		}
	}
	for _, c := range truthAt {
		taken[c] = true
	}
	out := []int{}
	for i, name := range header {
		if !taken[i] && name != "" {
			out = append(out, i)
		}
	}
	return out
}

// parseProblem restates encoding/csv's errors for people who will open the
// file at that line.
func parseProblem(pe *csv.ParseError, fields, width int) error {
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return fmt.Errorf("%w: %d, the header has %d", pe.Err, fields, width)
	}
	return fmt.Errorf("%w (line %d, column %d)", pe.Err, pe.Line, pe.Column)
}

// Rows yields every row in file order, with a *RowError for each bad one,
// and stops after io.EOF or a final error (which it yields).
func (r *Reader) Rows() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(row, err) || err != nil && !isRowError(err) {
				return
			}
		}
	}
}

// isRowError reports whether err is a bad row, after which reading goes on.
func isRowError(err error) bool {
	var re *RowError
	return errors.As(err, &re)
}
