package match

import (
	"fmt"
	"math"
	"slices"
)

// Band is what a score says about a pair of contacts.
type Band string

// The bands, from the match weight and the model's thresholds.
const (
	// BandMatch: one person; apply the event to the record.
	BandMatch Band = "match"
	// BandPossible: perhaps one person; keep them apart, but say so, for
	// review.
	BandPossible Band = "possible"
	// BandDistinct: two people.
	BandDistinct Band = "distinct"
)

// Level is one agreement level of a field: the probability that a pair
// agrees at this level when it is one person (M) and when it is two (U).
// Its weight is log2(M/U): the evidence the level adds.
type Level struct {
	Name string  `json:"name" yaml:"name"`
	M    float64 `json:"m" yaml:"m"`
	U    float64 `json:"u" yaml:"u"`
}

// Weight is log2(M/U).
func (l Level) Weight() float64 { return math.Log2(l.M / l.U) }

// FieldModel is how one field kind is compared: its levels, strongest first,
// the last being "different". The level names are the comparator's
// (comparators); only M and U are the model's to set.
type FieldModel struct {
	Kind   Kind    `json:"kind" yaml:"kind"`
	Levels []Level `json:"levels" yaml:"levels"`
	// TermFrequency weighs exact agreement by how common the value is: two
	// records sharing a rare surname or a private number is stronger
	// evidence than sharing "Smith" or a switchboard.
	TermFrequency bool `json:"term_frequency" yaml:"term_frequency"`
}

// Model is a Fellegi-Sunter model: per-field agreement levels with their m
// and u probabilities, a prior and the thresholds of the bands. The match
// weight of a pair is log2(Prior/(1-Prior)) plus the weight of the level
// each field agrees at; a missing field adds nothing. Set it by hand,
// start from DefaultModel, or estimate m and u from unlabelled data
// (EstimateU, EstimateM).
type Model struct {
	Fields []FieldModel `json:"fields" yaml:"fields"`
	// Prior is the probability that two records compared (candidates of
	// one block) are one person before any field is looked at.
	Prior float64 `json:"prior" yaml:"prior"`
	// MatchWeight and PossibleWeight are the thresholds of the match and
	// possible bands, on the match weight (prior included): 6.6 is a
	// posterior of 0.99, 0 of 0.5, -2 of 0.2.
	MatchWeight    float64 `json:"match_weight" yaml:"match_weight"`
	PossibleWeight float64 `json:"possible_weight" yaml:"possible_weight"`
	// GuardsOff names the guards (Guards) this model does not apply: each
	// is a rule of the model, measured on and off (README).
	GuardsOff []string `json:"guards_off,omitempty" yaml:"guards_off"`
	// RecencyOff: a resolver that measures a Recency from its stream
	// (the gatekeeper) does not weigh times (docs/matching.md: what it
	// changes, measured on and off).
	RecencyOff bool `json:"recency_off,omitempty" yaml:"recency_off"`
	// SourceIDsOff: a resolver that measures from its stream how often a
	// source gives one person two ids (the gatekeeper) holds every
	// record with another id of an event's source apart from the event,
	// as if no source ever did.
	SourceIDsOff bool `json:"source_ids_off,omitempty" yaml:"source_ids_off"`
}

// Guards lists the guards Score applies, in order; GuardAmbiguous is set by
// resolvers, which see more than one pair.
func Guards() []string {
	return []string{GuardNameDiffers, GuardNothingIdentifies, GuardGenerations, GuardColleagues}
}

// The level names of the comparators.
const (
	LevelExact    = "exact"
	LevelNickname = "nickname"
	LevelClose    = "close"
	LevelFuzzy    = "fuzzy"
	LevelInitial  = "initial"
	LevelYear     = "year"
	LevelLocal    = "local_part"
	// LevelLocalSlip is one e-mail address with a slip inside a word of
	// its local part (localSlip).
	LevelLocalSlip = "local_slip"
	// LevelDomainSlip is one e-mail address with a slip in its domain.
	LevelDomainSlip = "domain_slip"
	LevelDifferent  = "different"
	// LevelShared is the evidence of an exact e-mail held in two people's
	// names (SharedMailbox); it is weighed as LevelLocal.
	LevelShared = "shared"
)

// comparators lists, per kind, the levels its comparator can return, in
// order; a model's levels must have these names.
var comparators = map[Kind][]string{
	KindEmail:      {LevelExact, LevelLocal, LevelClose, LevelLocalSlip, LevelDomainSlip, LevelDifferent},
	KindPhone:      {LevelExact, LevelClose, LevelDifferent},
	KindFirstName:  {LevelExact, LevelNickname, LevelClose, LevelFuzzy, LevelInitial, LevelDifferent},
	KindLastName:   {LevelExact, LevelClose, LevelFuzzy, LevelDifferent},
	KindCompany:    {LevelExact, LevelClose, LevelFuzzy, LevelDifferent},
	KindAddress:    {LevelExact, LevelClose, LevelFuzzy, LevelDifferent},
	KindCity:       {LevelExact, LevelClose, LevelDifferent},
	KindPostcode:   {LevelExact, LevelClose, LevelDifferent},
	KindState:      {LevelExact, LevelDifferent},
	KindDOB:        {LevelExact, LevelClose, LevelYear, LevelDifferent},
	KindNationalID: {LevelExact, LevelClose, LevelDifferent},
	KindJobTitle:   {LevelExact, LevelDifferent},
}

// domainSlipU is the u of LevelDomainSlip: two people's addresses with one
// local part of five letters or more (not a role account's), at two
// domains one slip apart that are not two providers' nor one name under two
// real suffixes (domainSlip). That takes a local part in common
// (LevelLocal's u, 0.002, among candidates) and two domains a keystroke
// apart that people hold addresses at, a company's and another's with one
// letter more or less: taken as 1 in 40,000, u is 5e-8, and a slip alone
// weighs 17.6, near an exact address's 19.8, so that an event with nothing
// but the mistyped address reaches the match band (6.6 after the prior's
// -10.0) unless something holds it back. An estimated model (EstimateU,
// EstimateM) keeps no u under 1e-6: there the slip weighs 13.3 and needs
// another field's agreement.
const domainSlipU = 0.00000005

// localSlipU is the u of LevelLocalSlip: two people's addresses at one
// company's domain, or at a provider's with one number in both, a
// keystroke apart inside a word (localSlip). Over the looked-at streams
// such pairs were two people's 6 times in 750; taken, as a slip of the
// domain is, at 1 in 40,000 candidate pairs of one local part's ends (the
// blocking key that finds them), u is domainSlipU's and the slip alone
// reaches the match band.
const localSlipU = domainSlipU

// DefaultModel returns the model used when none is configured: m and u
// set from experience with contact data (e-mail and national id agreement
// is near proof; names are common; a state says little), a prior of 1 in
// 1,000 candidate pairs, a match band from a posterior of 0.99 and a
// possible band from 0.2 (namesakes at two companies land there: worth a
// look, never a merge).
func DefaultModel() Model {
	lv := func(name string, m, u float64) Level { return Level{Name: name, M: m, U: u} }
	return Model{
		Prior:          0.001,
		MatchWeight:    6.6,
		PossibleWeight: -2,
		Fields: []FieldModel{
			{Kind: KindEmail, TermFrequency: false, Levels: []Level{
				lv(LevelExact, 0.88, 0.000001), lv(LevelLocal, 0.03, 0.002), lv(LevelClose, 0.02, 0.0005),
				lv(LevelLocalSlip, 0.01, localSlipU), lv(LevelDomainSlip, 0.01, domainSlipU), lv(LevelDifferent, 0.05, 0.99749895)}},
			{Kind: KindPhone, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.85, 0.0005), lv(LevelClose, 0.05, 0.0002), lv(LevelDifferent, 0.1, 0.9993)}},
			{Kind: KindFirstName, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.84, 0.01), lv(LevelNickname, 0.05, 0.002), lv(LevelClose, 0.05, 0.003),
				lv(LevelFuzzy, 0.03, 0.02), lv(LevelInitial, 0.025, 0.003), lv(LevelDifferent, 0.005, 0.935)}},
			{Kind: KindLastName, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.88, 0.005), lv(LevelClose, 0.07, 0.002), lv(LevelFuzzy, 0.03, 0.01), lv(LevelDifferent, 0.02, 0.983)}},
			{Kind: KindCompany, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.75, 0.01), lv(LevelClose, 0.05, 0.001), lv(LevelFuzzy, 0.1, 0.02), lv(LevelDifferent, 0.1, 0.969)}},
			{Kind: KindAddress, Levels: []Level{
				lv(LevelExact, 0.75, 0.0005), lv(LevelClose, 0.12, 0.002), lv(LevelFuzzy, 0.05, 0.02), lv(LevelDifferent, 0.08, 0.9775)}},
			{Kind: KindCity, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.85, 0.02), lv(LevelClose, 0.05, 0.005), lv(LevelDifferent, 0.1, 0.975)}},
			{Kind: KindPostcode, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.85, 0.005), lv(LevelClose, 0.08, 0.01), lv(LevelDifferent, 0.07, 0.985)}},
			{Kind: KindState, Levels: []Level{
				lv(LevelExact, 0.95, 0.15), lv(LevelDifferent, 0.05, 0.85)}},
			{Kind: KindDOB, Levels: []Level{
				lv(LevelExact, 0.85, 0.0003), lv(LevelClose, 0.08, 0.0005), lv(LevelYear, 0.06, 0.015), lv(LevelDifferent, 0.04, 0.9842)}},
			{Kind: KindNationalID, Levels: []Level{
				lv(LevelExact, 0.8, 0.00001), lv(LevelClose, 0.1, 0.0001), lv(LevelDifferent, 0.1, 0.99989)}},
			// One person's title is written alike more often than not
			// (titles change with jobs, and sources write them their own
			// way), and a namesake's seldom is: agreement is evidence,
			// weighed by how common the title is ("Owner" less than
			// "Director of Finance"); a difference says little.
			{Kind: KindJobTitle, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.6, 0.02), lv(LevelDifferent, 0.4, 0.98)}},
		},
	}
}

// Validate reports levels that are not the comparator's, probabilities
// outside (0, 1), and thresholds in the wrong order.
func (m Model) Validate() error {
	if !(m.Prior > 0 && m.Prior < 1) {
		return fmt.Errorf("model: prior %v: want between 0 and 1", m.Prior)
	}
	if m.PossibleWeight > m.MatchWeight {
		return fmt.Errorf("model: possible weight %v above match weight %v", m.PossibleWeight, m.MatchWeight)
	}
	for _, f := range m.Fields {
		names, ok := comparators[f.Kind]
		if !ok {
			return fmt.Errorf("model: field %q has no comparator", f.Kind)
		}
		var got []string
		for _, l := range f.Levels {
			if !(l.M > 0 && l.M < 1 && l.U > 0 && l.U < 1) {
				return fmt.Errorf("model: %s level %s: m %v and u %v must be between 0 and 1", f.Kind, l.Name, l.M, l.U)
			}
			got = append(got, l.Name)
		}
		if !slices.Equal(got, names) {
			return fmt.Errorf("model: %s levels %v, want %v", f.Kind, got, names)
		}
	}
	return nil
}
