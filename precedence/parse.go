package precedence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads and parses the precedence file at path. Errors name the file and
// the line; see Parse.
func Load(path string) (*Precedence, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read precedence file: %w", err)
	}
	return parse(path, b)
}

// Parse parses a precedence file (the format of default.yaml):
//
//	sources: [crm, billing, web_form]   # ranked, highest first
//	default: rank                       # or {policy: ..., only_from: [...]}
//	fields:
//	  last_activity_date: latest
//	  billing_address: {policy: latest, only_from: [billing, crm]}
//
// Decoding is strict. Unknown keys, duplicate keys, unknown policies,
// duplicate sources, and only_from entries that are not ranked sources are
// errors (*ConfigError, with the line); every problem found is reported. A
// field rule without a policy takes the default's; only_from is never
// inherited. A missing default is rank.
func Parse(b []byte) (*Precedence, error) { return parse("", b) }

func parse(file string, b []byte) (*Precedence, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case errors.Is(err, io.EOF), err == nil && len(doc.Content) == 0: // nothing, or only comments
		return nil, &ConfigError{File: file, Msg: "empty file: want the keys sources, default and fields"}
	case err != nil:
		return nil, syntaxError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, syntaxError(file, err)
		}
		return nil, &ConfigError{File: file, Line: extra.Line, Msg: "a second YAML document: want exactly one"}
	}
	ps := &parser{file: file}
	p := ps.document(&doc)
	if len(ps.errs) > 0 {
		slices.SortStableFunc(ps.errs, func(a, b error) int {
			return a.(*ConfigError).Line - b.(*ConfigError).Line
		})
		return nil, errors.Join(ps.errs...)
	}
	return p, nil
}

// syntaxError keeps the line that yaml's message carries ("yaml: line 3: ...").
func syntaxError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &ConfigError{File: file, Line: line, Msg: "invalid YAML: " + msg}
}

// parser walks the YAML node tree, collecting every problem it finds.
type parser struct {
	file string
	errs []error // every one a *ConfigError
}

func (ps *parser) errorf(n *yaml.Node, path, format string, args ...any) {
	ps.errs = append(ps.errs, &ConfigError{File: ps.file, Line: n.Line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (ps *parser) document(doc *yaml.Node) *Precedence {
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		ps.errorf(root, "", "want a mapping with the keys sources, default and fields, got %s", describe(root))
		return nil
	}
	top := map[string]*yaml.Node{}
	ps.mapping(root, "", []string{"sources", "default", "fields"}, func(key string, _, v *yaml.Node) {
		top[key] = v
	})
	p := &Precedence{rank: map[string]int{}, labels: map[string]string{}, fields: map[string]*rule{}}
	if n, ok := top["sources"]; ok {
		ps.sources(p, n)
	} else {
		ps.errorf(root, "", "missing key sources: the ranked list of sources, highest first")
	}
	p.def = compile(FieldRule{Policy: PolicyRank})
	if n, ok := top["default"]; ok {
		p.def = compile(ps.rule(p, n, "default", PolicyRank))
	}
	if n, ok := top["fields"]; ok && !isNull(n) {
		ps.fields(p, n)
	}
	return p
}

func (ps *parser) sources(p *Precedence, n *yaml.Node) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		ps.errorf(n, "sources", "want a non-empty list of source names, highest first, got %s", describe(n))
		return
	}
	lines := map[string]int{}
	for i, item := range n.Content {
		path := fmt.Sprintf("sources[%d]", i)
		name, ok := ps.name(item, path, "source name")
		if !ok {
			continue
		}
		if first, dup := lines[name]; dup {
			ps.errorf(item, path, "duplicate source %q (first listed at line %d)", name, first)
			continue
		}
		lines[name] = item.Line
		p.sources = append(p.sources, name)
		p.rank[name] = len(p.sources)
		p.labels[name] = name + "(" + strconv.Itoa(len(p.sources)) + ")"
	}
}

func (ps *parser) fields(p *Precedence, n *yaml.Node) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		ps.errorf(n, "fields", "want a mapping of CRM property names to rules, got %s", describe(n))
		return
	}
	ps.mapping(n, "fields", nil, func(_ string, k, v *yaml.Node) {
		if field, ok := ps.name(k, "fields", "property name"); ok {
			r := compile(ps.rule(p, v, "fields."+field, p.def.Policy))
			p.fields[field] = &r
		}
	})
}

// rule parses a policy name, or a mapping {policy, only_from}; a mapping
// without a policy takes inherit.
func (ps *parser) rule(p *Precedence, n *yaml.Node, path string, inherit Policy) FieldRule {
	n = resolve(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if !isNull(n) {
			return FieldRule{Policy: ps.policy(n, path)}
		}
	case yaml.MappingNode:
		r := FieldRule{Policy: inherit}
		ps.mapping(n, path, []string{"policy", "only_from"}, func(key string, _, v *yaml.Node) {
			if key == "policy" {
				r.Policy = ps.policy(resolve(v), path+".policy")
			} else {
				r.OnlyFrom = ps.onlyFrom(p, resolve(v), path+".only_from")
			}
		})
		return r
	}
	ps.errorf(n, path, "want a policy (%s) or a mapping {policy, only_from}, got %s", policyList(), describe(n))
	return FieldRule{Policy: inherit}
}

func (ps *parser) policy(n *yaml.Node, path string) Policy {
	s := n.Value
	for _, known := range policies {
		if n.Kind == yaml.ScalarNode && s == string(known) {
			return known
		}
	}
	switch {
	case n.Kind != yaml.ScalarNode:
		ps.errorf(n, path, "want a policy (%s), got %s", policyList(), describe(n))
	case s == "only_from":
		ps.errorf(n, path, "only_from is not a policy: list the sources under only_from beside a policy")
	default:
		ps.errorf(n, path, "unknown policy %q (want %s)", s, policyList())
	}
	return PolicyRank
}

func (ps *parser) onlyFrom(p *Precedence, n *yaml.Node, path string) []string {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		ps.errorf(n, path, "want a non-empty list of sources, e.g. [billing, crm], got %s", describe(n))
		return nil
	}
	var out []string
	for i, item := range n.Content {
		itemPath := fmt.Sprintf("%s[%d]", path, i)
		name, ok := ps.name(item, itemPath, "source name")
		switch {
		case !ok:
		case p.rank[name] == 0:
			ps.errorf(item, itemPath, "unknown source %q (sources: %s)", name, strings.Join(p.sources, ", "))
		case slices.Contains(out, name):
			ps.errorf(item, itemPath, "duplicate source %q", name)
		default:
			out = append(out, name)
		}
	}
	return out
}

// mapping calls fn for each key of n in order, reporting duplicate keys and,
// when known is not nil, keys outside known.
func (ps *parser) mapping(n *yaml.Node, path string, known []string, fn func(key string, k, v *yaml.Node)) {
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if first, dup := lines[k.Value]; dup {
			ps.errorf(k, path, "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		lines[k.Value] = k.Line
		if known != nil && !slices.Contains(known, k.Value) {
			ps.errorf(k, path, "unknown key %q (want %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		fn(k.Value, k, v)
	}
}

// name reads a non-empty string scalar without surrounding spaces.
func (ps *parser) name(n *yaml.Node, path, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		ps.errorf(n, path, "want a %s, got %s", what, describe(n))
		return "", false
	}
	if n.Value == "" || strings.TrimSpace(n.Value) != n.Value {
		ps.errorf(n, path, "%s %q is empty or has surrounding spaces", what, n.Value)
		return "", false
	}
	return n.Value, true
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return "an empty list"
		}
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		return fmt.Sprintf("%s %q", strings.TrimPrefix(n.ShortTag(), "!!"), n.Value)
	}
	return "an unexpected node"
}

func policyList() string {
	names := make([]string, len(policies))
	for i, p := range policies {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}
