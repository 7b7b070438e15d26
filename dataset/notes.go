package dataset

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// ErrColumnTwice is a column mapped to two kinds (--map email=Contact
// --map phone=Contact): one value cannot be both, and the scores would
// count it twice.
var ErrColumnTwice = errors.New("column mapped to two kinds")

// checkTwice refuses a mapping whose bound kinds share a column.
func checkTwice(h header, kinds []boundKind) error {
	kindOf := map[int]match.Kind{}
	for _, b := range kinds {
		for _, i := range b.cols {
			if k, ok := kindOf[i]; ok && k != b.kind {
				return fmt.Errorf("%w: %q is both %s and %s", ErrColumnTwice, h.names[i], k, b.kind)
			}
			kindOf[i] = b.kind
		}
	}
	return nil
}

// mappingNotes are the warnings a user should read about how the columns
// were taken: a column recognised by a name only like the usual one
// ("FIRST-NAME", "E-mail"), a --map column found under another spelling,
// several columns of a kind that takes one value per row, and a recognised
// column left out because another of the same name came first. Each names
// the column and the kind, so that the mapping can be corrected with --map.
func mappingNotes(h header, kinds []boundKind, detected bool, skip []string) []string {
	var notes []string
	taken := map[int]bool{}
	for _, b := range kinds {
		var names []string
		for n, i := range b.cols {
			taken[i] = true
			name := h.names[i]
			names = append(names, name)
			switch {
			case detected && aliasOf(b.kind, name) != "" && !spelledAs(name, aliasOf(b.kind, name)):
				notes = append(notes, fmt.Sprintf("column %q taken as %s (its name is like %s; --map %s=COLUMN to choose another)",
					name, b.kind, aliasOf(b.kind, name), b.kind))
			case !detected && b.given != nil && b.given[n] != name:
				notes = append(notes, fmt.Sprintf("--map %s=%s took column %q (names compared ignoring case, spaces and punctuation)",
					b.kind, b.given[n], name))
			}
		}
		if !b.join && len(b.cols) > 1 {
			notes = append(notes, fmt.Sprintf("columns %s all taken as %s: each row takes the first non-empty one, in this order",
				quoteAll(names), b.kind))
		}
	}
	if !detected {
		return notes
	}
	for i, name := range h.names {
		if taken[i] || slices.ContainsFunc(skip, func(s string) bool { return columnKey(s) == columnKey(name) }) {
			continue
		}
		for _, k := range match.Kinds() {
			if aliasOf(k, name) == "" {
				continue
			}
			if j := slices.IndexFunc(h.names, func(o string) bool { return columnKey(o) == columnKey(name) }); j != i && taken[j] {
				notes = append(notes, fmt.Sprintf("column %q left out: %q, a column of the same name, is taken as %s", name, h.names[j], k))
			}
		}
	}
	return notes
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
