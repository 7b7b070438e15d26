package salesforce

import (
	"strings"
)

// The subset of SOQL and SOSL the emulator understands: what
// connectors/salesforce sends, and what a person tries by hand.
//
//	SELECT f, ... FROM Contact [WHERE cond] [ORDER BY f [ASC|DESC], ...] [LIMIT n]
//	FIND {term} [IN ALL FIELDS] RETURNING Contact(f, ... [WHERE cond] [ORDER BY ...] [LIMIT n])
//
// cond: comparisons (=, !=, <, >, <=, >=, LIKE, IN (...), NOT IN (...)) of a
// field with a 'string' or null, joined by AND and OR, grouped by
// parentheses, negated by NOT. Strings compare case-insensitively, as in
// Salesforce; != and NOT IN match a null field.

// query is a parsed SOQL query, or the RETURNING clause of a SOSL search.
type query struct {
	fields  []string
	object  string
	where   cond // nil: every record
	orderBy []order
	limit   int // 0: none
	// term is a SOSL search term, "" for SOQL.
	term string
}

type order struct {
	field string
	desc  bool
}

// cond is a WHERE condition over a record's fields (canonical names).
type cond interface {
	match(fields map[string]string) bool
}

type andCond []cond
type orCond []cond
type notCond struct{ c cond }

// cmpCond compares a field with values; null stands for the absent value.
type cmpCond struct {
	field  string
	op     string
	values []string
	null   bool
}

func (a andCond) match(f map[string]string) bool {
	for _, c := range a {
		if !c.match(f) {
			return false
		}
	}
	return true
}

func (o orCond) match(f map[string]string) bool {
	for _, c := range o {
		if c.match(f) {
			return true
		}
	}
	return false
}

func (n notCond) match(f map[string]string) bool { return !n.c.match(f) }

func (c cmpCond) match(f map[string]string) bool {
	v, has := f[c.field]
	has = has && v != ""
	switch c.op {
	case "=", "!=":
		eq := (c.null && !has) || (!c.null && has && strings.EqualFold(v, c.values[0]))
		return eq == (c.op == "=")
	case "IN", "NOT IN":
		in := false
		for _, want := range c.values {
			in = in || (has && strings.EqualFold(v, want))
		}
		return in == (c.op == "IN")
	case "LIKE":
		return has && like(strings.ToLower(v), strings.ToLower(c.values[0]))
	}
	if !has || c.null {
		return false
	}
	cmp := strings.Compare(v, c.values[0])
	switch c.op {
	case "<":
		return cmp < 0
	case ">":
		return cmp > 0
	case "<=":
		return cmp <= 0
	}
	return cmp >= 0 // ">="
}

// like matches SOQL's LIKE: % any run, _ one character.
func like(s, pattern string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '%':
		for i := 0; i <= len(s); i++ {
			if like(s[i:], pattern[1:]) {
				return true
			}
		}
		return false
	case '_':
		return s != "" && like(s[1:], pattern[1:])
	}
	return s != "" && s[0] == pattern[0] && like(s[1:], pattern[1:])
}
