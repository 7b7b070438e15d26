package match

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

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

// Level is the level field k agreed at in c, "" when c holds no evidence
// of k (a side lacked it).
func (c Comparison) Level(k Kind) string {
	for _, e := range c.Evidence {
		if e.Kind == k {
			return e.Level
		}
	}
	return ""
}

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
	// weighsEmail: the model has an e-mail field.
	weighsEmail bool
	recency     Recency // nil: times are not weighed (WithRecency)
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
	weighsEmail := slices.ContainsFunc(m.Fields, func(f FieldModel) bool { return f.Kind == KindEmail })
	return &Scorer{model: m, prior: math.Log2(m.Prior / (1 - m.Prior)), tf: tf, weights: weights, weighsEmail: weighsEmail}, nil
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

// FieldWeight is the weight the model gives a's and b's agreement on field
// k alone, at its level's weight (no term frequency, no guard), and false
// when the model has no field k or a side lacks it. A caller that holds
// several values of one field for a record weighs each with it, to compare
// the nearest with another contact.
func (s *Scorer) FieldWeight(k Kind, a, b *Profile) (float64, bool) {
	for i := range s.model.Fields {
		if s.model.Fields[i].Kind != k {
			continue
		}
		if level, _ := compare(k, a, b); level >= 0 {
			return s.weights[i][level], true
		}
		return 0, false
	}
	return 0, false
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
	org := !s.people && a.First == "" && a.Last == "" && b.First == "" && b.Last == ""
	a, b = orientNames(a, b)
	// The e-mail level, when a side wrote no name and reads its names from
	// its address: found once, here, for the loop below too.
	emailLevel, emailValue, emailKnown := noLevel, "", false
	var ca, cb Profile
	if s.weighsEmail && (a.Nameless() || b.Nameless()) {
		emailLevel, emailValue = compare(KindEmail, a, b)
		emailKnown = true
		if emailLevel == emailDomainSlip || emailLevel == emailLocalSlip {
			// One address, mistyped: the names a side that wrote none
			// reads from its address are that address's letters again,
			// no evidence for or against the other side's names (a parse
			// of sbertr.and3222@ is no second person beside Sylvie
			// Bertrand's sbertrand3222@).
			ca, cb = withoutAddressNames(*a), withoutAddressNames(*b)
			a, b = &ca, &cb
		}
	}
	c := Comparison{Weight: s.prior, Evidence: buf[:0]}
	identity, proof, nameDiffers := false, false, false
	// The names-differ guard yields to stronger identifiers together: a
	// national id one typo apart (an exact one is proof already) with the
	// same birth date, or with the same home (sameHome) and either the
	// birth date missing on one side (a form that left it out does not say
	// the two were born apart) or the first name the same (no relative
	// shares a first name and a number one slip from one's own: twins
	// given consecutive numbers are named apart). Birth date and address
	// are not enough: twins share them.
	dobExact, idClose := false, false
	// And it yields to one first name, one birth date (exact, or one slip
	// or day and month swapped apart) and one home (sameHome: the address
	// exact or one slip or a word apart) when only
	// the last name differs: no two people in one household share a
	// first name and a birthday (twins are named apart, a namesake parent
	// was born a generation before), while a surname changes with a
	// marriage or is written as another's; a national id that differs
	// beside them is more often a household member's number entered on
	// the form, or one mistyped past a slip, than a second person.
	sameHome, dobClose := false, false
	firstExact, lastExact, localPart, emailClose, emailField := -1, -1, -1, -1, -1
	samePhone := false
	var moved [4]int // evidence indexes of the location fields that differ
	nMoved := 0
	seen := nameLevels{first: notCompared, last: notCompared, dob: notCompared}
	for i := range s.model.Fields {
		f := &s.model.Fields[i]
		var level int
		var value string
		if f.Kind == KindEmail && emailKnown {
			level, value = emailLevel, emailValue
		} else {
			level, value = compare(f.Kind, a, b)
		}
		if f.Kind == KindEmail {
			emailLevel = level
		}
		seen.record(f.Kind, level)
		if level < 0 {
			continue
		}
		l := f.Levels[level]
		w := s.weights[i][level]
		if level == levelExact && f.TermFrequency && s.tf != nil {
			w = s.tfWeight(f.Kind, value, l)
		}
		name := l.Name
		if f.Kind == KindEmail && level == levelExact && (a.RoleEmail && !org || SharedMailbox(a, b)) {
			// One address, two people's names, or a role account's
			// (info@): the address of a family or an office says no more
			// than a local part in common.
			name, w = LevelShared, min(w, s.weights[i][1])
		}
		identity = identity || identifies(f.Kind, name, org)
		switch {
		case f.Kind == KindPhone && level == levelExact:
			samePhone = true
		case f.Kind == KindFirstName && level == levelExact:
			firstExact = len(c.Evidence)
		case f.Kind == KindLastName && level == levelExact:
			lastExact = len(c.Evidence)
		case f.Kind == KindEmail && l.Name == LevelLocal:
			localPart, emailField = len(c.Evidence), i
		case f.Kind == KindEmail && (l.Name == LevelClose || l.Name == LevelLocalSlip):
			emailClose, emailField = len(c.Evidence), i
		case (f.Kind == KindFirstName || f.Kind == KindLastName) && l.Name == LevelDifferent:
			nameDiffers = true
		case f.Kind == KindNationalID && level == levelExact, f.Kind == KindEmail && name == LevelExact:
			proof = true
		case f.Kind == KindDOB && l.Name == LevelExact:
			dobExact = true
		case f.Kind == KindDOB && l.Name == LevelClose:
			dobClose = true
		case f.Kind == KindNationalID && l.Name == LevelClose:
			idClose = true
		case f.Kind == KindAddress && (l.Name == LevelExact || l.Name == LevelClose):
			sameHome = true
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
	spelt := emailClose // the e-mail's evidence if two addresses alike may each spell a name
	if localPart >= 0 && a.EmailLocal != b.EmailLocal {
		spelt = localPart
	}
	if spelt >= 0 && spelt == localPart && a.PersonalEmail != b.PersonalEmail && (ownSurnamesInAddresses(a, b) || ownFirstNamesInAddresses(a, b)) {
		// A work address and a personal one, each of its own name: no
		// evidence either way, as for any work and personal address.
		c.Weight -= c.Evidence[spelt].Weight
		c.Evidence[spelt].Weight = 0
	} else if spelt >= 0 && (ownSurnamesInAddresses(a, b) || ownFirstNamesInAddresses(a, b)) {
		// fiona.hart@ and fiona.harris@ at one company, beside Fiona Hart
		// and Fiona Harris: each address spells its own record's surname,
		// so the two are no slip of one address but two accounts, made of
		// two names (a slip typed into a name field is not copied into
		// the address, which keeps the right spelling): different, as
		// two numbered accounts are. So too at two domains: tara.guzeloski@
		// and tara.guguloski@ are two names' addresses, not one name at
		// two providers; weighed as a local part in common, the names'
		// likeness counted twice, and a bridge merged the two Taras.
		w := s.weights[emailField][len(s.weights[emailField])-1]
		c.Weight += w - c.Evidence[spelt].Weight
		c.Evidence[spelt].Weight, c.Evidence[spelt].Level = w, LevelDifferent
	} else if localPart >= 0 && seen.namesAgree(a, b) {
		// "veronica.aguilar" at two providers says nothing the two names
		// did not: most addresses are made of the name.
		c.Weight -= c.Evidence[localPart].Weight
		c.Evidence[localPart].Weight = 0
	}
	if emailClose >= 0 && (a.NamesFromAddress || b.NamesFromAddress) && (a.PersonalEmail || b.PersonalEmail) {
		// Names read from a consumer address one slip from the other's
		// (ines.polokaski@gmail.com beside inespopokaski@gmail.com): the
		// slip is weighed once, as the e-mail's, and the names it spells
		// are the same letters again. At a provider of millions, two
		// accounts a letter apart are two people's as often as one
		// person's slip; at a company's domain, seldom, and the names
		// read from it stay.
		c.dropNameAgreement(true, true)
	}
	if emailLevel == emailDomainSlip || emailLevel == emailLocalSlip {
		// A name that a side wrote in part and read from its address for
		// the rest (a first name beside the surname its address spells, the
		// name of an initial) is that address's letters again where it
		// agrees: the slip weighs as the address, once.
		both := a.NamesFromAddress || b.NamesFromAddress
		c.dropNameAgreement(both || a.FirstFromAddress || b.FirstFromAddress, both || a.LastFromAddress || b.LastFromAddress)
	}
	if s.recency != nil && len(a.Seen) > 0 && len(b.Seen) > 0 && !a.NamesFromAddress && !b.NamesFromAddress && seen.namesAgree(a, b) {
		// One name, written by both, at times close together: see Recency.
		gap, at := NearestGap(a.Seen, b.Seen)
		if level, w := s.recency.Weight(gap, at); w > 0 {
			c.Weight += w
			c.Evidence = append(c.Evidence, Evidence{Kind: KindSeen, Level: level, Weight: w})
		}
	}
	// A mobile number is one person's: agreeing on one identifies as a
	// name does, and with the first name too it outweighs a surname that
	// differs (a marriage, a surname written as another's).
	// An initial is no first name in common ("J. Smith", "J Brown").
	firstName := firstExact >= 0 && utf8.RuneCountInString(a.First) > 1
	if samePhone && !org && (!identity || nameDiffers && firstName) && IsMobileNumber(a.Phone) {
		identity = true
		nameDiffers = nameDiffers && !firstName
	}
	if !nameDiffers && seen.relatives(a, b) {
		nameDiffers = true
	}
	// The guards in order; the first that holds and is not turned off in
	// the model (Model.GuardsOff) is the pair's.
	for _, g := range [...]struct {
		name  string
		holds bool
	}{
		// A first or last name that differs, with nothing but shared
		// surroundings (the other name, a company, a phone): relatives and
		// colleagues, not one person.
		{GuardNameDiffers, nameDiffers && !proof && !(idClose && (dobExact || (seen.dob < 0 || firstExact >= 0) && sameHome)) && !((dobExact || dobClose) && sameHome && firstExact >= 0)},
		// Nothing that identifies a person agreed (a name, an e-mail, a
		// national id, a birth date): a shared switchboard and company are
		// colleagues as often as one person.
		{GuardNothingIdentifies, !identity},
		// A father and his son.
		{GuardGenerations, a.Generation != "" && b.Generation != "" && a.Generation != b.Generation ||
			!proof && seen.parentAndChild(a, b)},
		// Two people, or a case for review.
		{GuardColleagues, colleagues(a, b)},
	} {
		if g.holds && !slices.Contains(s.model.GuardsOff, g.name) {
			c.Guard = g.name
			break
		}
	}
	if c.Guard != "" {
		c.Weight = min(c.Weight, s.model.PossibleWeight)
	}
	c.Band = s.band(c.Weight)
	return c
}

// withoutAddressNames is p without the names it read from its e-mail
// address when it wrote none (nameless), as if never written.
func withoutAddressNames(p Profile) Profile {
	if p.Nameless() {
		p.First, p.FirstKeys, p.FirstToken, p.Last, p.LastParts, p.LastCore, p.FullName, p.Middle = "", nil, "", "", nil, "", "", nil
		p.NamesFromAddress = false
	}
	return p
}

// lastWritten and firstWritten: p wrote that name itself, not read from its
// address.
func (p *Profile) lastWritten() bool  { return !p.NamesFromAddress && !p.LastFromAddress }
func (p *Profile) firstWritten() bool { return !p.NamesFromAddress && !p.FirstFromAddress }

// Nameless reports whether p wrote no name of its own, its names, if any,
// read from its address (an initial written is a name: "V" at
// victor.yamamoto@).
func (p *Profile) Nameless() bool { return p.NamesFromAddress && p.InitialWritten == "" }

// dropNameAgreement takes back the weight of the first name's agreement
// (first) and the last name's (last): letters the e-mail's evidence
// already counted.
func (c *Comparison) dropNameAgreement(first, last bool) {
	for i := range c.Evidence {
		if k := c.Evidence[i].Kind; c.Evidence[i].Weight > 0 && (k == KindFirstName && first || k == KindLastName && last) {
			c.Weight -= c.Evidence[i].Weight
			c.Evidence[i].Weight = 0
		}
	}
}

// ownSurnamesInAddresses reports whether a and b hold two last names and
// each one's e-mail local part spells its own. A name read from the address
// itself (both names, or a surname lent beside a written first name: not
// lastWritten) is no name of the record's: its address spells it whatever
// the address is, a slip included (theodore.fleminh@ beside Theodore
// Fleming's theodore.fleming@; "Fiona" at fiona.hrat@). A first name read
// from the address beside a written surname leaves the surname the
// record's ("Polokaski" at ines.polokaski@).
// One surname within the other is one person's (Garcia, Garcia Lopez):
// the addresses spell one name, the shorter with a surname left out.
func ownSurnamesInAddresses(a, b *Profile) bool {
	return a.lastWritten() && b.lastWritten() && len(a.Last) >= 2 && len(b.Last) >= 2 && a.Last != b.Last &&
		!strings.Contains(a.Last, b.Last) && !strings.Contains(b.Last, a.Last) &&
		strings.Contains(a.EmailLocal, a.Last) && strings.Contains(b.EmailLocal, b.Last)
}

// ownFirstNamesInAddresses reports whether a and b wrote two first names,
// neither a nickname, an initial nor a part of the other's, and each one's
// e-mail local part spells its own and not the other's: yuka.ono@ beside
// Yuka Ono and yuki.ono@ beside Yuki Ono are two accounts of two names, as
// two surnames' are (ownSurnamesInAddresses); a slip typed into a name
// field is not copied into the address.
func ownFirstNamesInAddresses(a, b *Profile) bool {
	if a.First == "" || b.First == "" || !a.firstWritten() || !b.firstWritten() || len(a.First) < 3 || len(b.First) < 3 ||
		strings.Contains(a.First, b.First) || strings.Contains(b.First, a.First) {
		return false
	}
	if level, _ := compareFirst(a, b); level == levelExact || level == firstNickname || level == firstInitial {
		return false
	}
	return strings.Contains(a.EmailLocal, a.First) && strings.Contains(b.EmailLocal, b.First) &&
		!strings.Contains(a.EmailLocal, b.First) && !strings.Contains(b.EmailLocal, a.First)
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

func (s *Scorer) band(w float64) Band {
	switch {
	case w >= s.model.MatchWeight:
		return BandMatch
	case w >= s.model.PossibleWeight:
		return BandPossible
	}
	return BandDistinct
}

// KindExternalID is the evidence of an external id (a source's own id of
// the person) that one side holds and the other holds another of: the
// gatekeeper weighs it from its stream (how often the source gives one
// person two ids) and adds it with Reweigh. No model field compares it.
const KindExternalID Kind = "external_id"

// Reweigh returns c with e added to its weight and evidence, banded
// again; a guard still caps the weight at the possible band. For
// evidence measured outside the model's fields.
func (s *Scorer) Reweigh(c Comparison, e Evidence) Comparison {
	c.Evidence = append(slices.Clip(c.Evidence), e)
	c.Weight += e.Weight
	if c.Guard != "" {
		c.Weight = min(c.Weight, s.model.PossibleWeight)
	}
	c.Band = s.band(c.Weight)
	return c
}
