package precedence

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Policy decides whether a source may change a field that already has a value.
type Policy string

// The policies a field rule may name. OnlyFrom is not a policy: it is a list
// on a rule that restricts who may set the field under any policy.
const (
	// PolicyRank lets a source ranked at or above the field's current source
	// overwrite it; at equal rank the incoming value must be at least as new.
	PolicyRank Policy = "rank"
	// PolicyLatest lets the newest occurred_at win; at the same instant the
	// higher-ranked source wins, and on a full tie the current value stays.
	PolicyLatest Policy = "latest"
	// PolicyNeverOverwrite sets the field only while it is empty.
	PolicyNeverOverwrite Policy = "never_overwrite"
)

var policies = []Policy{PolicyRank, PolicyLatest, PolicyNeverOverwrite}

// FieldRule is how one field merges.
type FieldRule struct {
	// Policy applies once the field has a value.
	Policy Policy
	// OnlyFrom, when not empty, lists the only sources that may set the field,
	// even while it is empty. Every entry is a ranked source.
	OnlyFrom []string
}

// rule is a FieldRule with its refusal reason rendered once, so that Merge
// does not format it per event.
type rule struct {
	FieldRule
	onlyFromReason string
}

func compile(r FieldRule) rule {
	c := rule{FieldRule: r}
	if len(r.OnlyFrom) > 0 {
		c.onlyFromReason = "only_from [" + strings.Join(r.OnlyFrom, ", ") + "]"
	}
	return c
}

// allows reports whether source may set the field at all.
func (r *rule) allows(source string) bool {
	return len(r.OnlyFrom) == 0 || slices.Contains(r.OnlyFrom, source)
}

// Precedence is a parsed precedence file: ranked sources, per-field rules and
// the rule for every other field. It is immutable, and safe for concurrent
// use. Build one with Default, Load or Parse; the zero value is not usable.
type Precedence struct {
	sources []string          // highest first
	rank    map[string]int    // 1-based position in sources
	labels  map[string]string // "billing(2)", rendered once for reasons
	def     rule
	fields  map[string]*rule
}

// Rank returns source's position in the ranked list, 1 for the highest. Lower
// is stronger. Every source not in the list (the empty one included) shares
// the lowest rank, len(Sources())+1.
func (p *Precedence) Rank(source string) int {
	if r, ok := p.rank[source]; ok {
		return r
	}
	return len(p.sources) + 1
}

// Sources returns the ranked sources, highest first.
func (p *Precedence) Sources() []string { return slices.Clone(p.sources) }

// Rule returns the rule that applies to field: its own, or the default.
func (p *Precedence) Rule(field string) FieldRule {
	r := p.rule(field).FieldRule
	r.OnlyFrom = slices.Clone(r.OnlyFrom)
	return r
}

// DefaultRule returns the rule for fields without one of their own.
func (p *Precedence) DefaultRule() FieldRule {
	r := p.def.FieldRule
	r.OnlyFrom = slices.Clone(r.OnlyFrom)
	return r
}

func (p *Precedence) rule(field string) *rule {
	if r, ok := p.fields[field]; ok {
		return r
	}
	return &p.def
}

// label renders a source with its rank for decision reasons: "billing(2)",
// or "zapier(unranked)" for a source not in the list.
func (p *Precedence) label(source string) string {
	if l, ok := p.labels[source]; ok {
		return l
	}
	if source == "" {
		source = `""`
	}
	return source + "(unranked)"
}

//go:embed default.yaml
var defaultFile []byte

var defaultPrecedence = sync.OnceValue(func() *Precedence {
	p, err := parse("default.yaml", defaultFile)
	if err != nil {
		panic(fmt.Sprintf("precedence: the embedded default.yaml is invalid: %v", err))
	}
	return p
})

// Default returns the precedence shipped with contactgate (default.yaml in
// this package, embedded). It is shared: every call returns the same value.
func Default() *Precedence { return defaultPrecedence() }

// DefaultFile returns the text of the embedded default.yaml, comments
// included: a starting point for a custom `--precedence` file.
func DefaultFile() []byte { return slices.Clone(defaultFile) }
