package salesforce

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// unknownColumn is a query naming a field Contact does not have:
// Salesforce's INVALID_FIELD.
type unknownColumn string

func (u unknownColumn) Error() string {
	return fmt.Sprintf("No such column '%s' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.", string(u))
}

// queryError is the answer to a query that does not parse.
func queryError(err error, code string) *apiError {
	var uc unknownColumn
	if errors.As(err, &uc) {
		return errorf(400, "INVALID_FIELD", "%v", err)
	}
	return errorf(400, code, "%v", err)
}

// parser reads tokens of a SOQL or SOSL string.
type parser struct {
	toks []string
	pos  int
	// canon maps a field name to its canonical spelling; ok false for an
	// unknown field.
	canon func(string) (string, bool)
}

// tokenize splits s into words, 'strings' (kept quoted), {terms} (kept
// braced) and punctuation.
func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case unicode.IsSpace(rune(c)):
			i++
		case c == '\'':
			j := i + 1
			for ; j < len(s) && s[j] != '\''; j++ {
				if s[j] == '\\' {
					j++
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		case c == '{':
			j := i + 1
			for ; j < len(s) && s[j] != '}'; j++ {
				if s[j] == '\\' {
					j++
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated search term at %d", i)
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		case strings.ContainsRune("(),", rune(c)):
			toks = append(toks, string(c))
			i++
		case strings.ContainsRune("=!<>", rune(c)):
			j := i + 1
			if j < len(s) && s[j] == '=' {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			j := i
			for j < len(s) && !unicode.IsSpace(rune(s[j])) && !strings.ContainsRune("(),=!<>'{", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *parser) next() string { t := p.peek(); p.pos++; return t }

// keyword consumes the keyword kw (any case) if it comes next.
func (p *parser) keyword(kw string) bool {
	if strings.EqualFold(p.peek(), kw) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(kw string) error {
	if !p.keyword(kw) {
		return fmt.Errorf("unexpected token: %q, want %s", p.peek(), kw)
	}
	return nil
}

func (p *parser) field() (string, error) {
	name := p.next()
	f, ok := p.canon(name)
	if !ok {
		return "", unknownColumn(name)
	}
	return f, nil
}

// fieldList reads f, f, ... up to a keyword or ")".
func (p *parser) fieldList() ([]string, error) {
	var fs []string
	for {
		f, err := p.field()
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
		if !p.keyword(",") {
			return fs, nil
		}
	}
}

// parseSOQL parses a SELECT.
func parseSOQL(s string, canon func(string) (string, bool)) (*query, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, canon: canon}
	q := &query{}
	if err := p.expect("SELECT"); err != nil {
		return nil, err
	}
	if q.fields, err = p.fieldList(); err != nil {
		return nil, err
	}
	if err := p.expect("FROM"); err != nil {
		return nil, err
	}
	q.object = p.next()
	if err := p.tail(q); err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected token: %q", p.peek())
	}
	return q, nil
}

// parseSOSL parses a FIND with one RETURNING object.
func parseSOSL(s string, canon func(string) (string, bool)) (*query, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, canon: canon}
	if err := p.expect("FIND"); err != nil {
		return nil, err
	}
	term := p.next()
	if len(term) < 2 || term[0] != '{' {
		return nil, fmt.Errorf("search term must be in braces: %q", term)
	}
	q := &query{term: unescapeSOSL(term[1 : len(term)-1])}
	if len(strings.Trim(q.term, "*? ")) < 2 {
		return nil, fmt.Errorf("search term must be longer than one character")
	}
	if p.keyword("IN") {
		for _, kw := range []string{"ALL", "FIELDS"} {
			if err := p.expect(kw); err != nil {
				return nil, err
			}
		}
	}
	if err := p.expect("RETURNING"); err != nil {
		return nil, err
	}
	q.object = p.next()
	if p.keyword("(") {
		if q.fields, err = p.fieldList(); err != nil {
			return nil, err
		}
		if err := p.tail(q); err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected token: %q", p.peek())
	}
	return q, nil
}

// unescapeSOSL removes the backslashes before SOSL's reserved characters.
func unescapeSOSL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// tail reads [WHERE] [ORDER BY] [LIMIT].
func (p *parser) tail(q *query) error {
	var err error
	if p.keyword("WHERE") {
		if q.where, err = p.or(); err != nil {
			return err
		}
	}
	if p.keyword("ORDER") {
		if err := p.expect("BY"); err != nil {
			return err
		}
		for {
			f, err := p.field()
			if err != nil {
				return err
			}
			o := order{field: f}
			if p.keyword("DESC") {
				o.desc = true
			} else {
				p.keyword("ASC")
			}
			q.orderBy = append(q.orderBy, o)
			if !p.keyword(",") {
				break
			}
		}
	}
	if p.keyword("LIMIT") {
		n, err := strconv.Atoi(p.next())
		if err != nil || n < 0 {
			return fmt.Errorf("LIMIT wants a number")
		}
		q.limit = n
	}
	return nil
}

func (p *parser) or() (cond, error) {
	var cs orCond
	for {
		c, err := p.and()
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		if !p.keyword("OR") {
			break
		}
	}
	if len(cs) == 1 {
		return cs[0], nil
	}
	return cs, nil
}

func (p *parser) and() (cond, error) {
	var cs andCond
	for {
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		if !p.keyword("AND") {
			break
		}
	}
	if len(cs) == 1 {
		return cs[0], nil
	}
	return cs, nil
}

func (p *parser) unary() (cond, error) {
	if p.keyword("NOT") {
		c, err := p.unary()
		return notCond{c}, err
	}
	if p.keyword("(") {
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		return c, p.expect(")")
	}
	return p.comparison()
}

func (p *parser) comparison() (cond, error) {
	f, err := p.field()
	if err != nil {
		return nil, err
	}
	c := cmpCond{field: f}
	switch op := strings.ToUpper(p.next()); op {
	case "=", "!=", "<", ">", "<=", ">=", "LIKE":
		c.op = op
		v, null, err := p.value()
		if err != nil {
			return nil, err
		}
		c.values, c.null = []string{v}, null
		if null && c.op != "=" && c.op != "!=" {
			return nil, fmt.Errorf("null only compares with = and !=")
		}
	case "IN", "NOT":
		c.op = "IN"
		if op == "NOT" {
			if err := p.expect("IN"); err != nil {
				return nil, err
			}
			c.op = "NOT IN"
		}
		if err := p.expect("("); err != nil {
			return nil, err
		}
		for {
			v, null, err := p.value()
			if err != nil || null {
				return nil, fmt.Errorf("IN wants a list of strings")
			}
			c.values = append(c.values, v)
			if !p.keyword(",") {
				break
			}
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unexpected token: %q, want an operator", op)
	}
	return c, nil
}

// value reads a 'string' (unescaped) or null.
func (p *parser) value() (string, bool, error) {
	t := p.next()
	if strings.EqualFold(t, "null") {
		return "", true, nil
	}
	if len(t) < 2 || t[0] != '\'' {
		return "", false, fmt.Errorf("unexpected token: %q, want a 'string'", t)
	}
	var b strings.Builder
	for i := 1; i < len(t)-1; i++ {
		if t[i] == '\\' && i+1 < len(t)-1 {
			i++
		}
		b.WriteByte(t[i])
	}
	return b.String(), false, nil
}
