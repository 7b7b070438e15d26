package dataset

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/contactgate/contactgate/match"
)

// Mapping says which columns hold each kind of field: the `--map
// kind=column` flags of `contactgate scan` and `contactgate evaluate`.
//
// When several columns map to one kind, the id, address and text kinds
// join the row's non-empty values with a space ("12" "Main St" → "12 Main
// St"; "CUSTOMERS" "1001" → "CUSTOMERS 1001"); every other kind takes the
// first non-empty value in the order given, so that "Phone Number" then
// "Mobile Phone Number" yields one number, never two run together.
//
// Column names are matched exactly after trimming spaces, else ignoring
// case, spaces and punctuation ("first_name" finds "First Name").
type Mapping map[match.Kind][]string

// joinsColumns reports whether a kind's columns are joined rather than
// coalesced (see Mapping).
func joinsColumns(k match.Kind) bool {
	return k == match.KindID || k == match.KindAddress || k == match.KindText
}

// ParseMapping reads `kind=column` specs, as given to --map. A kind may
// appear more than once; its columns keep the order of the specs.
func ParseMapping(specs []string) (Mapping, error) {
	m := Mapping{}
	for _, spec := range specs {
		name, column, ok := strings.Cut(spec, "=")
		if !ok {
			return nil, fmt.Errorf("mapping %q: want kind=column", spec)
		}
		kind, err := match.ParseKind(strings.TrimSpace(name))
		if err != nil {
			return nil, fmt.Errorf("mapping %q: %w", spec, err)
		}
		column = strings.TrimSpace(column)
		if column == "" {
			return nil, fmt.Errorf("mapping %q: empty column name", spec)
		}
		if !slices.Contains(m[kind], column) {
			m[kind] = append(m[kind], column)
		}
	}
	return m, nil
}

// String lists the mapping as `kind=column` pairs in the order of
// match.Kinds, separated by ", ".
func (m Mapping) String() string {
	var parts []string
	for _, k := range match.Kinds() {
		for _, c := range m[k] {
			parts = append(parts, string(k)+"="+c)
		}
	}
	return strings.Join(parts, ", ")
}

// without returns a copy of m that maps none of columns to a kind other
// than the id: a truth column must not become evidence.
func (m Mapping) without(columns []string) Mapping {
	out := make(Mapping, len(m))
	for k, cols := range m {
		for _, c := range cols {
			if k == match.KindID || !slices.ContainsFunc(columns, func(t string) bool { return columnKey(t) == columnKey(c) }) {
				out[k] = append(out[k], c)
			}
		}
	}
	return out
}

// columnKey is a column name without case, spaces and punctuation.
func columnKey(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// header finds columns by name.
type header struct {
	names []string
	exact map[string]int
	keyed map[string][]int
}

func newHeader(names []string) header {
	h := header{names: names, exact: map[string]int{}, keyed: map[string][]int{}}
	for i, n := range names {
		if _, dup := h.exact[n]; !dup {
			h.exact[n] = i
		}
		k := columnKey(n)
		h.keyed[k] = append(h.keyed[k], i)
	}
	return h
}

// index returns the position of the named column.
func (h header) index(name string) (int, error) {
	name = strings.TrimSpace(name)
	if i, ok := h.exact[name]; ok {
		return i, nil
	}
	switch found := h.keyed[columnKey(name)]; len(found) {
	case 0:
		return 0, fmt.Errorf("column %q is not in the header %q", name, h.names)
	case 1:
		return found[0], nil
	default:
		return 0, fmt.Errorf("column %q is ambiguous: it could be any of %q", name, pick(h.names, found))
	}
}

func pick(names []string, at []int) []string {
	out := make([]string, len(at))
	for i, j := range at {
		out[i] = names[j]
	}
	return out
}

// boundKind is a kind and the positions of its columns.
type boundKind struct {
	kind match.Kind
	cols []int
	join bool
	// given are the column names as the mapping spelled them, by cols.
	given []string
}

// bind resolves the mapping's columns against a header, kinds in the order
// of match.Kinds.
func (m Mapping) bind(h header) ([]boundKind, error) {
	var out []boundKind
	for _, k := range match.Kinds() {
		if len(m[k]) == 0 {
			continue
		}
		b := boundKind{kind: k, join: joinsColumns(k)}
		for _, c := range m[k] {
			i, err := h.index(c)
			if err != nil {
				return nil, fmt.Errorf("mapping %s: %w", k, err)
			}
			b.cols = append(b.cols, i)
			b.given = append(b.given, strings.TrimSpace(c))
		}
		out = append(out, b)
	}
	if err := checkTwice(h, out); err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	return out, nil
}

// value is a row's value of a bound kind, trimmed; "" when absent.
func (b boundKind) value(record []string) string {
	if !b.join {
		for _, i := range b.cols {
			if v := strings.TrimSpace(record[i]); v != "" {
				return v
			}
		}
		return ""
	}
	if len(b.cols) == 1 {
		return strings.TrimSpace(record[b.cols[0]])
	}
	var sb strings.Builder
	for _, i := range b.cols {
		if v := strings.TrimSpace(record[i]); v != "" {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(v)
		}
	}
	return sb.String()
}
