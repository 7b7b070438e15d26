package match

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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
}

// The level names of the comparators.
const (
	LevelExact     = "exact"
	LevelNickname  = "nickname"
	LevelClose     = "close"
	LevelFuzzy     = "fuzzy"
	LevelInitial   = "initial"
	LevelYear      = "year"
	LevelLocal     = "local_part"
	LevelDifferent = "different"
	// LevelShared is the evidence of an exact e-mail held in two people's
	// names (SharedMailbox); it is weighed as LevelLocal.
	LevelShared = "shared"
)

// comparators lists, per kind, the levels its comparator can return, in
// order; a model's levels must have these names.
var comparators = map[Kind][]string{
	KindEmail:      {LevelExact, LevelLocal, LevelClose, LevelDifferent},
	KindPhone:      {LevelExact, LevelClose, LevelDifferent},
	KindFirstName:  {LevelExact, LevelNickname, LevelClose, LevelFuzzy, LevelInitial, LevelDifferent},
	KindLastName:   {LevelExact, LevelClose, LevelFuzzy, LevelDifferent},
	KindCompany:    {LevelExact, LevelClose, LevelDifferent},
	KindAddress:    {LevelExact, LevelClose, LevelFuzzy, LevelDifferent},
	KindCity:       {LevelExact, LevelClose, LevelDifferent},
	KindPostcode:   {LevelExact, LevelClose, LevelDifferent},
	KindState:      {LevelExact, LevelDifferent},
	KindDOB:        {LevelExact, LevelClose, LevelYear, LevelDifferent},
	KindNationalID: {LevelExact, LevelClose, LevelDifferent},
}

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
				lv(LevelExact, 0.9, 0.000001), lv(LevelLocal, 0.03, 0.002), lv(LevelClose, 0.02, 0.0005), lv(LevelDifferent, 0.05, 0.997499)}},
			{Kind: KindPhone, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.85, 0.0005), lv(LevelClose, 0.05, 0.0002), lv(LevelDifferent, 0.1, 0.9993)}},
			{Kind: KindFirstName, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.84, 0.01), lv(LevelNickname, 0.05, 0.002), lv(LevelClose, 0.05, 0.003),
				lv(LevelFuzzy, 0.03, 0.02), lv(LevelInitial, 0.025, 0.003), lv(LevelDifferent, 0.005, 0.935)}},
			{Kind: KindLastName, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.88, 0.005), lv(LevelClose, 0.07, 0.002), lv(LevelFuzzy, 0.03, 0.01), lv(LevelDifferent, 0.02, 0.983)}},
			{Kind: KindCompany, TermFrequency: true, Levels: []Level{
				lv(LevelExact, 0.8, 0.01), lv(LevelClose, 0.1, 0.02), lv(LevelDifferent, 0.1, 0.97)}},
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

// Evidence is what one field contributed to a score.
type Evidence struct {
	Kind   Kind    `json:"kind"`
	Level  string  `json:"level"`
	Weight float64 `json:"weight"`
}

// Comparison is the score of a pair: its match weight, its band, and the
// evidence of every field both sides have.
type Comparison struct {
	Weight   float64    `json:"weight"`
	Band     Band       `json:"band"`
	Evidence []Evidence `json:"evidence"`
	// Guard names the first rule that holds the pair to the possible band
	// at most, whatever its weight (one of the Guard constants); "" when
	// none applies.
	Guard string `json:"guard,omitempty"`
}

// The guards: evidence that, however strong the rest, leaves two people
// possible.
const (
	// GuardNameDiffers: a first or last name differs, with no e-mail or
	// national id proving one person: relatives and colleagues.
	GuardNameDiffers = "name_differs"
	// GuardNothingIdentifies: only surroundings (a company, a phone, a
	// city) agree.
	GuardNothingIdentifies = "nothing_identifies"
	// GuardGenerations: Jr and Sr.
	GuardGenerations = "generations"
	// GuardColleagues: two addresses at one company.
	GuardColleagues = "colleagues"
	// GuardAmbiguous: the record matches two people held apart as well
	// as each other (a John Smith without a birth date, at the address of
	// two John Smiths born twenty years apart). Set by resolvers, which
	// see more than one pair.
	GuardAmbiguous = "ambiguous"
)

// Probability is the posterior probability that the pair is one person.
func (c Comparison) Probability() float64 { return 1 / (1 + math.Exp2(-c.Weight)) }

// Explain renders the evidence as "first_name exact +6.1, dob different
// -4.6": the reasons of a decision, in a line.
func (c Comparison) Explain() string {
	parts := make([]string, len(c.Evidence))
	for i, e := range c.Evidence {
		parts[i] = fmt.Sprintf("%s %s %+.1f", e.Kind, e.Level, e.Weight)
	}
	return strings.Join(parts, ", ")
}

// Frequencies counts the records holding a value of a kind, for the
// term-frequency adjustment; nil means no adjustment.
type Frequencies interface {
	// Count returns how many records hold value, and how many there are,
	// the records being scored among them.
	Count(k Kind, value string) (count, total int)
}

// tfPseudoRecords is how many records the level's average u counts for
// when a value's own frequency is estimated: with few records counted, a
// value's share says little, and u stays near the average.
const tfPseudoRecords = 1000

// Scorer scores pairs of profiles with a model. It is safe for concurrent
// use.
type Scorer struct {
	model   Model
	prior   float64
	tf      Frequencies
	weights [][]float64 // Level.Weight of each field's levels, computed once
	people  bool        // every record is a person's (WithPeople)
}

// WithPeople returns a scorer that takes every record for a person's,
// named or not: in an export of contacts, two records without names that
// share a company and a switchboard are two colleagues as often as one
// person. By default two records without names are organisations or
// sites, which a company, a street or a phone identifies (a file of
// sites).
func (s *Scorer) WithPeople() *Scorer {
	c := *s
	c.people = true
	return &c
}

// NewScorer returns a scorer of m, with term frequencies from tf (nil for
// none).
func NewScorer(m Model, tf Frequencies) (*Scorer, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	weights := make([][]float64, len(m.Fields))
	for i, f := range m.Fields {
		for _, l := range f.Levels {
			weights[i] = append(weights[i], l.Weight())
		}
	}
	return &Scorer{model: m, prior: math.Log2(m.Prior / (1 - m.Prior)), tf: tf, weights: weights}, nil
}

// CompareField returns the level at which a and b agree on field k (one of
// the level names of the field's comparator), or "" when either lacks it.
func CompareField(k Kind, a, b *Profile) string {
	level, _ := compare(k, a, b)
	if level < 0 || level >= len(comparators[k]) {
		return ""
	}
	return comparators[k][level]
}

// Model returns the scorer's model.
func (s *Scorer) Model() Model { return s.model }

// Score compares a and b. First and last names written the other way
// round on one side ("Watson, Noah") are compared the right way round.
func (s *Scorer) Score(a, b *Profile) Comparison { return s.ScoreTo(nil, a, b) }

// ScoreTo is Score with the evidence appended to buf[:0]: a caller that
// scores many pairs and keeps few reuses one buffer, and clones the
// evidence of the comparisons it keeps.
func (s *Scorer) ScoreTo(buf []Evidence, a, b *Profile) Comparison {
	switch {
	case swappedNames(a, b):
		b = withNamesSwapped(b)
	case swappedNames(b, a):
		a = withNamesSwapped(a)
	}
	c := Comparison{Weight: s.prior, Evidence: buf[:0]}
	identity, proof, nameDiffers := false, false, false
	// The names-differ guard yields to stronger identifiers together: the
	// same birth date and a national id one typo apart (an exact one is
	// proof already). Birth date and address are not enough: twins share
	// them.
	dobExact, idClose := false, false
	org := !s.people && a.First == "" && a.Last == "" && b.First == "" && b.Last == ""
	firstExact, lastExact, localPart := -1, -1, -1
	samePhone := false
	var moved [4]int // evidence indexes of the location fields that differ
	nMoved := 0
	seen := nameLevels{first: notCompared, last: notCompared, dob: notCompared}
	for i := range s.model.Fields {
		f := &s.model.Fields[i]
		level, value := compare(f.Kind, a, b)
		seen.record(f.Kind, level)
		if level < 0 {
			continue
		}
		l := f.Levels[level]
		w := s.weights[i][level]
		if level == 0 && f.TermFrequency && s.tf != nil {
			w = s.tfWeight(f.Kind, value, l)
		}
		name := l.Name
		if f.Kind == KindEmail && level == 0 && (a.RoleEmail && !org || SharedMailbox(a, b)) {
			// One address, two people's names, or a role account's
			// (info@): the address of a family or an office says no more
			// than a local part in common.
			name, w = LevelShared, min(w, s.weights[i][1])
		}
		identity = identity || identifies(f.Kind, name, org)
		switch {
		case f.Kind == KindPhone && level == 0:
			samePhone = true
		case f.Kind == KindFirstName && level == 0:
			firstExact = len(c.Evidence)
		case f.Kind == KindLastName && level == 0:
			lastExact = len(c.Evidence)
		case f.Kind == KindEmail && l.Name == LevelLocal:
			localPart = len(c.Evidence)
		case (f.Kind == KindFirstName || f.Kind == KindLastName) && l.Name == LevelDifferent:
			nameDiffers = true
		case f.Kind == KindNationalID && level == 0, f.Kind == KindEmail && name == LevelExact:
			proof = true
		case f.Kind == KindDOB && l.Name == LevelExact:
			dobExact = true
		case f.Kind == KindNationalID && l.Name == LevelClose:
			idClose = true
		case isLocation(f.Kind) && l.Name == LevelDifferent && nMoved < len(moved):
			moved[nMoved] = len(c.Evidence)
			nMoved++
		}
		c.Weight += w
		c.Evidence = append(c.Evidence, Evidence{Kind: f.Kind, Level: name, Weight: w})
	}
	if firstExact >= 0 && lastExact >= 0 && s.tf != nil && a.FullName != "" {
		// First and last names are not independent: weigh the full name by
		// its own frequency (three Ella Simpsons in a file are three
		// people more often than "ella" and "simpson" suggest apart).
		fe, le := &c.Evidence[firstExact], &c.Evidence[lastExact]
		if joint := s.jointNameWeight(a.FullName); joint < fe.Weight+le.Weight {
			c.Weight += joint - fe.Weight - le.Weight
			share := fe.Weight / (fe.Weight + le.Weight)
			fe.Weight, le.Weight = joint*share, joint*(1-share)
		}
	}
	if nMoved > 0 && samePhone && !org {
		// Two people with one number are a household or an office: they
		// share a place. One number at two places is a person who moved
		// and kept it about as often as two people: the move says nothing.
		for _, i := range moved[:nMoved] {
			c.Weight -= c.Evidence[i].Weight
			c.Evidence[i].Weight = 0
		}
		nMoved = 0
	}
	if nMoved > 1 {
		// A street, a city, a postcode and a state that all differ are
		// one move, not four pieces of evidence: only the strongest counts.
		worst := moved[0]
		for _, i := range moved[1:nMoved] {
			if c.Evidence[i].Weight < c.Evidence[worst].Weight {
				worst = i
			}
		}
		for _, i := range moved[:nMoved] {
			if i != worst {
				c.Weight -= c.Evidence[i].Weight
				c.Evidence[i].Weight = 0
			}
		}
	}
	if localPart >= 0 && seen.namesAgree(a, b) {
		// "veronica.aguilar" at two providers says nothing the two names
		// did not: most addresses are made of the name.
		c.Weight -= c.Evidence[localPart].Weight
		c.Evidence[localPart].Weight = 0
	}
	if !nameDiffers && seen.relatives(a, b) {
		nameDiffers = true
	}
	switch {
	case nameDiffers && !proof && !(dobExact && idClose):
		// A first or last name that differs, with nothing but shared
		// surroundings (the other name, a company, a phone): relatives and
		// colleagues, not one person.
		c.Guard = GuardNameDiffers
	case !identity:
		// Nothing that identifies a person agreed (a name, an e-mail, a
		// national id, a birth date): a shared switchboard and company are
		// colleagues as often as one person.
		c.Guard = GuardNothingIdentifies
	case a.Generation != "" && b.Generation != "" && a.Generation != b.Generation,
		!proof && seen.parentAndChild(a, b):
		c.Guard = GuardGenerations // a father and his son
	case colleagues(a, b):
		c.Guard = GuardColleagues // two people, or a case for review
	}
	if c.Guard != "" {
		c.Weight = min(c.Weight, s.model.PossibleWeight)
	}
	c.Band = s.band(c.Weight)
	return c
}

// tfWeight is the weight of an exact agreement on value: the chance that
// two people share it is its frequency, not the level's average u,
// smoothed towards u when few records were counted.
func (s *Scorer) tfWeight(k Kind, value string, l Level) float64 {
	n, total := s.tf.Count(k, value)
	n, total = others(n, total)
	u := (float64(n) + tfPseudoRecords*l.U) / float64(total+tfPseudoRecords)
	return math.Log2(l.M / max(u, l.U/10))
}

// others turns a value's count among all records into its count among
// the records of neither side of the pair compared: the chance that
// another person's record shares the value is estimated as (n-2)/(N-2).
// The pair is the question, not evidence: counting it made a phone that
// only the two hold look common in a small file (1 in 158 of senzing's
// records), weaker than an average phone, and two Andreasons with one
// number and nothing else stayed apart.
func others(n, total int) (int, int) {
	return max(n-2, 0), max(total-2, 0)
}

// jointNameWeight is the weight of two records sharing a full name, by
// its frequency; +Inf when the model has no name levels. Unlike others,
// the count keeps the pair's other record: namesakes share a full name by
// the chance of two draws, more often than its count in a file says, and
// leaving the pair out (a full name only the two hold weighs a bit more in
// a large file) cost the 100,000-record synthetic export precision, 0.940
// to 0.929.
func (s *Scorer) jointNameWeight(full string) float64 {
	var mf, ml, uf, ul float64 = -1, -1, 0, 0
	for _, f := range s.model.Fields {
		switch f.Kind {
		case KindFirstName:
			mf, uf = f.Levels[0].M, f.Levels[0].U
		case KindLastName:
			ml, ul = f.Levels[0].M, f.Levels[0].U
		}
	}
	if mf < 0 || ml < 0 {
		return math.Inf(1)
	}
	n, total := s.tf.Count(KindFullName, full)
	n, total = max(n-1, 0), max(total-1, 0) // see the doc comment
	u := (float64(n) + tfPseudoRecords*uf*ul) / float64(total+tfPseudoRecords)
	return math.Log2(mf * ml / max(u, uf*ul/10))
}

// isLocation: the fields of where a person lives, which differ together
// when they move.
func isLocation(k Kind) bool {
	return k == KindAddress || k == KindCity || k == KindPostcode || k == KindState
}

// identifies: agreement at this level points at one person; for records
// of organisations (no names on either side), a company, a street or a
// phone number points at one site.
func identifies(k Kind, level string, org bool) bool {
	switch k {
	case KindCompany, KindAddress, KindPhone:
		return org && (level == LevelExact || level == LevelClose)
	case KindEmail, KindNationalID:
		return level != LevelDifferent
	case KindFirstName, KindLastName:
		return level == LevelExact || level == LevelNickname || level == LevelClose
	case KindDOB:
		return level == LevelExact || level == LevelClose
	}
	return false
}

// notCompared marks a level Score's loop did not compute (a model without
// that field).
const notCompared = -2

// nameLevels keeps the levels of the name and birth-date fields that
// Score's loop computed, for the rules that weigh them together, so that
// no pair is compared twice on the scan's hot path.
type nameLevels struct{ first, last, dob int }

func (l *nameLevels) record(k Kind, level int) {
	switch k {
	case KindFirstName:
		l.first = level
	case KindLastName:
		l.last = level
	case KindDOB:
		l.dob = level
	}
}

// level returns the recorded level of k, comparing a and b only when the
// loop did not.
func (l *nameLevels) level(k Kind, recorded int, a, b *Profile) int {
	if recorded != notCompared {
		return recorded
	}
	level, _ := compare(k, a, b)
	return level
}

// namesAgree: both names agree beyond a slip (the first name exact, a
// nickname or close, the last exact or close): an e-mail local part,
// which is mostly made of them, then says nothing more.
func (l *nameLevels) namesAgree(a, b *Profile) bool {
	first, last := l.level(KindFirstName, l.first, a, b), l.level(KindLastName, l.last, a, b)
	return first >= 0 && first <= 2 && last >= 0 && last <= 1
}

// relatives: first names no more than alike and two different birth
// dates: a household's members (Mark and Mary Kusha, at one address).
func (l *nameLevels) relatives(a, b *Profile) bool {
	return l.level(KindFirstName, l.first, a, b) == 3 && l.level(KindDOB, l.dob, a, b) == 3
}

// parentAndChild: one name, birth dates a generation apart
// (generationApart), and no national id alike: a parent and a child named
// after them (John Smith, born 1970 and 1990, at one address), whom no Jr
// or Sr tells apart.
func (l *nameLevels) parentAndChild(a, b *Profile) bool {
	if l.level(KindDOB, l.dob, a, b) != 3 || !generationApart(a.DOB, b.DOB) || !l.namesAgree(a, b) {
		return false
	}
	id, _ := compare(KindNationalID, a, b)
	return id != 0 && id != 1
}

// SharedMailbox reports whether a and b, two records of one e-mail
// address, are in the names of two people, as a family's or an office's
// mailbox is: the first names differ (two known given names, not one spelt
// two ways as SoundAlike reads them, or at a role account: a typo is no
// second person), or the last names differ and the first names are no
// more than alike, or the first names are only alike and the birth dates
// differ. The address alone is then no proof of one
// person. (A married name keeps the first name.) Records without a first
// name on either side are not told apart.
func SharedMailbox(a, b *Profile) bool {
	first, _ := compare(KindFirstName, a, b)
	if first < 0 || first <= 1 || crossedAlike(a, b) {
		return false // a name missing, the same name, or one written the other way round
	}
	if first == 5 && (a.RoleEmail || knownGivenName(a.First) && knownGivenName(b.First)) {
		// Two names, not a slip in one: both are known given names
		// (Christina and Austin, not Izn and Ian), or the address is a
		// role account's, which anyone at the office writes from.
		return true
	}
	last, _ := compare(KindLastName, a, b)
	dob, _ := compare(KindDOB, a, b)
	return first >= 2 && last == 3 || first >= 3 && dob == 3
}

// crossedAlike: each side's first name is alike the other's last name
// ("Hary aLrence" and "Lawrence Harry"): one name written the other way
// round, with slips that swappedNames, which wants one crossing exact,
// does not read.
func crossedAlike(a, b *Profile) bool {
	return a.First != "" && a.Last != "" && b.First != "" && b.Last != "" &&
		nearName(a.First, b.Last) && nearName(a.Last, b.First)
}

// colleagues: both have an address at one corporate domain, different
// ones beyond a slip: two people at one company (the gatekeeper's rule).
func colleagues(a, b *Profile) bool {
	return a.EmailKey != "" && b.EmailKey != "" && a.EmailDomain == b.EmailDomain && !a.PersonalEmail &&
		a.EmailKey != b.EmailKey && JaroWinkler(a.EmailLocal, b.EmailLocal) < 0.9
}

func (s *Scorer) band(w float64) Band {
	switch {
	case w >= s.model.MatchWeight:
		return BandMatch
	case w >= s.model.PossibleWeight:
		return BandPossible
	}
	return BandDistinct
}

// compare returns the level index of kind k for a and b (in the order of
// comparators[k]), or -1 when either side lacks the field; value is the
// shared value of an exact agreement, for its term frequency.
func compare(k Kind, a, b *Profile) (level int, value string) {
	switch k {
	case KindEmail:
		switch {
		case a.EmailKey == "" || b.EmailKey == "":
			return -1, ""
		case a.EmailKey == b.EmailKey:
			return 0, a.EmailKey
		case a.EmailDomain != b.EmailDomain && (a.EmailLocal == b.EmailLocal || JaroWinkler(a.EmailLocal, b.EmailLocal) >= 0.94):
			return 1, "" // one person's name at two providers
		case a.EmailDomain == b.EmailDomain && EditDistanceAtMost1(a.EmailLocal, b.EmailLocal),
			a.EmailLocal == b.EmailLocal && EditDistanceAtMost1(a.EmailDomain, b.EmailDomain),
			JaroWinkler(a.EmailLocal, b.EmailLocal) >= 0.9 && JaroWinkler(a.EmailKey, b.EmailKey) >= 0.94:
			return 2, "" // slips in the address
		}
		return 3, ""
	case KindPhone:
		switch {
		case a.Phone != "" && a.Phone == b.Phone && a.PhoneExt != "" && b.PhoneExt != "" && a.PhoneExt != b.PhoneExt:
			return 2, "" // one switchboard, two extensions: two desks
		case a.Phone != "" && a.Phone == b.Phone:
			return 0, a.Phone
		case a.PhoneTail == "" || b.PhoneTail == "":
			return -1, ""
		case a.PhoneTail == b.PhoneTail:
			return 1, "" // the same local number, the area code missing or different
		}
		return 2, ""
	case KindFirstName:
		switch {
		case a.First == "" || b.First == "":
			return -1, ""
		case a.First == b.First:
			return 0, a.First
		case overlapStrings(a.FirstKeys, b.FirstKeys):
			return 1, ""
		case SoundAlike(a.First, b.First):
			return 2, "" // one name spelt two ways: Zara, Sarah
		case inNicknameTable(a.First) && inNicknameTable(b.First):
			return 5, "" // two names the nickname table knows apart: Jon and Joan
		}
		if knownGivenName(a.First) && knownGivenName(b.First) && (!EditDistanceAtMost1(a.First, b.First) || feminine(a.First, b.First)) {
			return 5, "" // two names, not a slip: Darla and Darlene, Mark and Mary
		}
		switch jw := JaroWinkler(a.First, b.First); {
		case jw >= 0.92:
			return 2, "" // a slip, or a spelling of one name (Sara, Sarah)
		case jw >= 0.8 || SameLetters(a.First, b.First) || EditDistanceAtMost1(a.First, b.First):
			return 3, ""
		}
		if len(a.First) == 1 && strings.HasPrefix(b.First, a.First) || len(b.First) == 1 && strings.HasPrefix(a.First, b.First) {
			return 4, ""
		}
		return 5, ""
	case KindLastName:
		l, v := similar(a.Last, b.Last, 0.92, 0.8)
		switch {
		case l == 2 && min(len(a.Last), len(b.Last)) >= 5 && EditDistanceAtMost1(a.Last, b.Last):
			return 1, "" // a slip mid-name, which Jaro-Winkler weighs more than one at the end: Salinger, Salenger
		case l == 3 && SameLetters(a.Last, b.Last):
			return 2, ""
		}
		return l, v
	case KindCompany:
		switch {
		case a.Company == "" || b.Company == "":
			return -1, ""
		case a.Company == b.Company:
			return 0, a.Company
		case TokenSetSimilarity(a.CompanyTokens, b.CompanyTokens) >= 0.5:
			return 1, ""
		}
		return 2, ""
	case KindAddress:
		if len(a.Address) == 0 || len(b.Address) == 0 {
			return -1, ""
		}
		switch sim := TokenSetSimilarity(a.Address, b.Address); {
		case sim == 1:
			return 0, ""
		case sim >= 0.6:
			return 1, ""
		case sim >= 0.3:
			return 2, ""
		}
		return 3, ""
	case KindCity:
		l, v := similar(a.City, b.City, 0.9, 2)
		if l == 3 && SameLetters(a.City, b.City) {
			return 1, ""
		}
		return min(l, 2), v
	case KindPostcode:
		switch l, v := exact(a.Postcode, b.Postcode); {
		case l != 1:
			return l, v
		case EditDistanceAtMost1(a.Postcode, b.Postcode):
			return 1, ""
		}
		return 2, ""
	case KindState:
		return exact(a.State, b.State)
	case KindDOB:
		switch l, v := exact(a.DOB, b.DOB); {
		case l != 1:
			return l, v
		case EditDistanceAtMost1(a.DOB, b.DOB) || dayMonthSwapped(a.DOB, b.DOB):
			return 1, ""
		case a.DOB[:4] == b.DOB[:4]:
			return 2, ""
		}
		return 3, ""
	case KindNationalID:
		switch l, v := exact(a.NationalID, b.NationalID); {
		case l != 1:
			return l, v
		case EditDistanceAtMost1(a.NationalID, b.NationalID):
			return 1, ""
		}
		return 2, ""
	}
	return -1, ""
}

// swappedNames: b's first name is a's last name and b's last name is a's
// first (or missing: b holds one name, in the other slot), and the names
// are not the same both ways. One of the two crossings may carry a typo
// ("Thomas, Harry" and "Harry Tomas"), when the names as written do not
// already agree.
func swappedNames(a, b *Profile) bool {
	if a.Last == "" || a.First == a.Last || a.First == b.First {
		return false
	}
	switch {
	case b.First == a.Last:
		return b.Last == a.First || b.Last == "" && a.First != "" ||
			a.First != "" && b.Last != "" && nearName(a.First, b.Last) && !nearName(a.First, b.First)
	case b.Last == a.First && a.Last != b.Last:
		return b.First == "" || nearName(a.Last, b.First) && !nearName(a.Last, b.Last)
	}
	return false
}

// withNamesSwapped returns a copy of p with its first and last names
// swapped.
func withNamesSwapped(p *Profile) *Profile {
	swapped := *p
	swapped.First, swapped.Last, swapped.FirstKeys = p.Last, p.First, FirstNameKeys(p.Last)
	return &swapped
}

// feminine: one name is the other with a feminine ending (Paul and Paula,
// Robert and Roberta, Louis and Louise): two names a letter apart.
func feminine(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(b) == len(a)+1 && b[:len(a)] == a && (b[len(a)] == 'a' || b[len(a)] == 'e')
}

// inNicknameTable: the nickname table knows the name (as a name or a
// nickname), and so which names it is a spelling of.
func inNicknameTable(s string) bool {
	_, ok := firstNameKeys[s]
	return ok
}

// knownGivenName: a common given name (the nickname table or
// moreGivenNames).
func knownGivenName(s string) bool {
	return givenNameSet[s] || inNicknameTable(s)
}

// nearName: two name keys alike enough to be one name with a slip.
func nearName(a, b string) bool {
	return JaroWinkler(a, b) >= 0.8 || SameLetters(a, b)
}

// exact: -1 when a side is missing, 0 equal, 1 different.
func exact(a, b string) (int, string) {
	switch {
	case a == "" || b == "":
		return -1, ""
	case a == b:
		return 0, a
	}
	return 1, ""
}

// similar: -1 missing, 0 equal, 1 Jaro-Winkler ≥ close, 2 ≥ fuzzy, 3 else.
func similar(a, b string, close, fuzzy float64) (int, string) {
	switch {
	case a == "" || b == "":
		return -1, ""
	case a == b:
		return 0, a
	}
	switch jw := JaroWinkler(a, b); {
	case jw >= close:
		return 1, ""
	case jw >= fuzzy:
		return 2, ""
	}
	return 3, ""
}

func overlapStrings(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// generationApart: two YYYYMMDD birth dates a generation apart, and not
// by a slip in the year (the month and day differ too).
func generationApart(a, b string) bool {
	if len(a) != 8 || len(b) != 8 || a[4:] == b[4:] || a[4:6] == b[6:8] && a[6:8] == b[4:6] {
		return false
	}
	ya, errA := strconv.Atoi(a[:4])
	yb, errB := strconv.Atoi(b[:4])
	return errA == nil && errB == nil && max(ya-yb, yb-ya) >= generationYears
}

// generationYears is the least gap between a parent's and a child's
// birth years.
const generationYears = 15

// dayMonthSwapped: two YYYYMMDD dates that are one with day and month
// exchanged.
func dayMonthSwapped(a, b string) bool {
	return len(a) == 8 && len(b) == 8 && a[:4] == b[:4] && a[4:6] == b[6:8] && a[6:8] == b[4:6]
}

// TokenSetSimilarity is |a ∩ b| / |a ∪ b| over the distinct tokens, in
// [0, 1]; 0 when either is empty. Token order does not matter ("acme
// widgets" and "widgets acme" are 1), and a plural matches its singular
// ("clubs" and "club").
func TokenSetSimilarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a)+len(b) <= 16 {
		// A handful of tokens: a list of them beats a map.
		var tokens [16]string
		var sides [16]uint8
		n := 0
		for side, list := range [2][]string{a, b} {
			for _, t := range list {
				t = singular(t)
				i := slices.Index(tokens[:n], t)
				if i < 0 {
					i, tokens[n] = n, t
					n++
				}
				sides[i] |= 1 << side
			}
		}
		inter := 0
		for _, v := range sides[:n] {
			if v == 3 {
				inter++
			}
		}
		return float64(inter) / float64(n)
	}
	inter, union := 0, 0
	seen := make(map[string]uint8, len(a)+len(b))
	for _, t := range a {
		seen[singular(t)] |= 1
	}
	for _, t := range b {
		seen[singular(t)] |= 2
	}
	for _, v := range seen {
		union++
		if v == 3 {
			inter++
		}
	}
	return float64(inter) / float64(union)
}

// singular drops the "s" of a plural of four letters or more.
func singular(t string) string {
	if len(t) >= 4 && t[len(t)-1] == 's' && t[len(t)-2] != 's' {
		return t[:len(t)-1]
	}
	return t
}

// EditDistanceAtMost1 reports whether a and b differ by at most one
// inserted, deleted or substituted byte, or two adjacent bytes swapped
// (the slips of typing digits).
func EditDistanceAtMost1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	}
	return a[i:] == b[i+1:] // insertion
}
