package stages

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/contactgate/contactgate/match"
)

// minSourceIDSamples is how many events of a source sourceIDStats must have
// seen at a record that held the event's e-mail and an id of the source
// before another id of that source is weighed rather than refused: below
// that, how often the source gives one person two ids is a guess.
const minSourceIDSamples = 50

// minSourceIDShare is the least share of a source's events that bring a
// record another of its ids (sourceIDStats) for another id to be weighed:
// below it the source is a system of record (a CRM, billing: 1–2 % on the
// streams looked at) whose other id stays a verdict. log2 of such a share
// (-6 bits) is outweighed by what namesakes at one office share besides
// their names (its city, postcode and switchboard, which the scorer weighs
// as if independent of the company): weighing those sources too joined 20
// more duplicates on gen4's looked-at streams and made 6 more false
// merges, and a streamgen namesake sharing a number took a billing id
// that source had never given anyone twice.
const minSourceIDShare = 0.05

// sourceIDStats measures, for each source of external ids, how often it
// gives one person another id: of the events of the source whose e-mail
// (a person's own, not an office's) a record of the index already held,
// beside an id of the same source, the share whose id the record did not
// hold. That share stands for m, the chance that one person's two records
// carry two ids of the source; u, the chance for two people's, is 1 (two
// people have two ids). It counts events, not people: a person's every
// later event under an id the record holds counts as agreeing, so a
// source that sends many events a person reads as giving fewer second
// ids than it does, which errs towards holding records apart. An id of
// the source that a candidate does not hold is then evidence of log2(m)
// bits against it, not a verdict:
//
//   - a CRM or a billing system keeps one id per person and rarely two
//     (m of 1–2 % on the streams looked at): below minSourceIDShare its
//     other id is a verdict, as it always was;
//   - a help desk keeps a user per address (m of 8 %), an events app one
//     attendee per registration (17–21 %), a partner portal one per deal
//     registration (60–80 %): there another id says little, and a name,
//     a company and a phone that agree decide.
//
// A source that never gave a person two ids (the demo's) stays a verdict.
// m is (other + ½) / (n + 1). The counts are this process's, from its
// start: after a restart, and on each of several instances, another id is
// a verdict again until the source has been seen minSourceIDSamples
// times. Safe for concurrent use.
type sourceIDStats struct {
	mu      sync.RWMutex
	sources map[string]*sourceIDCount // by the id's source prefix ("billing:")
}

type sourceIDCount struct{ same, other int }

func newSourceIDStats() *sourceIDStats {
	return &sourceIDStats{sources: make(map[string]*sourceIDCount)}
}

// observe counts the event a just written when the record it was written
// to (as the index held it before) held the event's own e-mail and an id
// of the event's source: the e-mail, not the id, says they are one person.
func (s *sourceIDStats) observe(a *attempt) {
	ext, email := a.ev.keys.external, a.ev.keys.email
	if s == nil || !a.inIndex || ext == "" || email == "" || officeMailbox(email) ||
		!slices.Contains(a.base.Identifiers.Emails, string(email)) {
		return
	}
	prefix := sourcePrefix(ext)
	held, same := false, false
	for _, x := range a.base.Identifiers.ExternalIDs {
		if strings.HasPrefix(x, prefix) {
			held, same = true, same || x == ext
		}
	}
	if !held {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.sources[prefix]
	if c == nil {
		c = new(sourceIDCount)
		s.sources[prefix] = c
	}
	if same {
		c.same++
	} else {
		c.other++
	}
}

// weight is the evidence, in bits (≤ 0), of a record holding another id of
// the source of ext than ext; ok is false, and another id a verdict as it
// always was, until the source has been seen minSourceIDSamples times,
// and for a source that gives fewer than minSourceIDShare of its people
// two ids.
func (s *sourceIDStats) weight(ext string) (w float64, ok bool) {
	if s == nil {
		return 0, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.sources[sourcePrefix(ext)]
	if c == nil || c.same+c.other < minSourceIDSamples {
		return 0, false
	}
	m := (float64(c.other) + 0.5) / float64(c.same+c.other+1)
	if m < minSourceIDShare {
		return 0, false
	}
	return math.Log2(m), true
}

// sourcePrefix is the source part of an external id key, with its colon
// ("billing:" of "billing:cus_123").
func sourcePrefix(ext string) string { return ext[:strings.IndexByte(ext, ':')+1] }

// anotherSourceID is the weight (≤ 0, bits) of the one thing that holds ev
// and c apart when it is an id of the event's source that c does not hold
// (sourceDisagrees) and nothing else disagrees (addressDisagrees); ok is
// false when something else does, or when the stream has not yet shown
// how often the source gives a person two ids (sourceIDStats.weight).
func (g *Gatekeeper) anotherSourceID(ev *event, c candidate) (w float64, ok bool) {
	if !sourceDisagrees(ev, c) || addressDisagrees(ev, c) {
		return 0, false
	}
	return g.sourceIDs.weight(ev.keys.external)
}

// withAnotherSourceID is cmp with the evidence of another id of the
// event's source added (weight w, from anotherSourceID), banded again.
func (g *Gatekeeper) withAnotherSourceID(cmp match.Comparison, w float64) match.Comparison {
	return g.scorer.Reweigh(cmp, match.Evidence{Kind: match.KindExternalID, Level: match.LevelDifferent, Weight: w})
}
