package stages

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// ReviewSink receives the pairs the gatekeeper proposes for a person's
// review: run writes them to the compacted review topic
// (schemas.TopicReview). Propose must not block for long; a proposal that
// is lost comes back with the next event of either record.
type ReviewSink interface {
	Propose(schemas.ReviewItem)
}

// ErrNotInIndex is wrapped by MergeAccepted's error for a pair whose
// record the identity index does not hold.
var ErrNotInIndex = errors.New("a record of the pair is not in the identity index")

// reviewSource is the Outcome.Source of a merge a reviewer accepted.
const reviewSource = "review"

// reviewProperties are the properties a review item shows of each record.
var reviewProperties = []string{connectors.PropFirstName, connectors.PropLastName, connectors.PropEmail,
	connectors.PropPhone, connectors.PropCompany}

// propose sends the pair of the attempt's record and c, which the scorer
// put in the possible band or beyond (cmp) without a rule joining them, to
// Config.Review.
func (g *Gatekeeper) propose(a *attempt, c candidate, cmp match.Comparison) {
	if g.cfg.Review == nil || a.recordID == "" || a.recordID == c.id {
		return
	}
	ids := [2]string{a.recordID, c.id}
	if ids[1] < ids[0] {
		ids[0], ids[1] = ids[1], ids[0] // as in schemas.ReviewKey
	}
	mine := func(name string) string { return a.merged.Properties[name].Value }
	g.cfg.Review.Propose(schemas.ReviewItem{
		RecordIDs: ids, Status: schemas.ReviewOpen, Proposed: schemas.ProposedMerge,
		EventID: a.ev.ce.EventID, Source: strings.TrimSpace(a.ev.ce.Source), Weight: round(cmp.Weight), Evidence: evidenceOf(cmp),
		Profiles: map[string]map[string]string{a.recordID: reviewProfile(mine), c.id: reviewProfile(c.property)},
		At:       g.cfg.Now().UTC(),
	})
}

func reviewProfile(property func(string) string) map[string]string {
	p := make(map[string]string, len(reviewProperties))
	for _, name := range reviewProperties {
		if v := property(name); v != "" {
			p[name] = v
		}
	}
	return p
}

// distinct reports whether a person rejected the pair a, b (state's
// MarkDistinct). An index that cannot answer says no: the pair is then
// only proposed again, or weighed as any other.
func (g *Gatekeeper) distinct(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	d, err := g.ix.Distinct(a, b)
	return err == nil && d
}

// MergeAccepted carries out a reviewer's accept of the pair of records
// (schemas.ReviewAccepted): the newer record is merged into the older in
// the CRM, both journalled first, and the index redirects it, as a bridge
// merge does. It returns the outcome to write to the outcome topic (action
// merged), or nil when the two are one record already (a replayed
// verdict). A record that the index does not hold is an error: the
// verdict is tried again at the next start.
func (g *Gatekeeper) MergeAccepted(ctx context.Context, pair [2]string) (*schemas.Outcome, error) {
	return g.mergePair(ctx, pair, reviewSource, nil)
}

// mergePair merges the newer record of pair into the older (MergeAccepted);
// source names who decided it in the outcome. With check, the pair itself
// (not records merged since) is merged, and only when check passes on both
// records as read under their locks.
func (g *Gatekeeper) mergePair(ctx context.Context, pair [2]string, source string, check func(a, b state.Record) bool) (*schemas.Outcome, error) {
	ids := [2]string{}
	for i, id := range pair {
		survivor, err := g.survivorOf(id)
		if err != nil {
			return nil, err
		}
		ids[i] = survivor
	}
	if ids[0] == ids[1] || check != nil && ids != pair {
		return nil, nil // one already, or not the pair that was weighed
	}
	master, member := ids[0], ids[1]
	if byAge(member, master) < 0 {
		master, member = member, master
	}
	unlock, err := g.lockPair(ctx, master, member)
	if err != nil {
		return nil, err
	}
	defer unlock()
	a, okA, err := g.ix.Get(master)
	if err != nil {
		return nil, indexError("get record "+master, err)
	}
	b, okB, err := g.ix.Get(member)
	if err != nil {
		return nil, indexError("get record "+member, err)
	}
	if (!okA || !okB) && check != nil {
		return nil, nil // merged away meanwhile
	}
	if !okA || !okB {
		return nil, fmt.Errorf("merge accepted pair %s: %w", schemas.ReviewKey(master, member), ErrNotInIndex)
	}
	if check != nil && !check(a, b) {
		return nil, nil
	}
	eventID := source + ":" + schemas.ReviewKey(master, member)
	err = g.mergeInCRM(ctx, a, b, eventID, func(err error) error { return err })
	if errors.Is(err, errMergedTheOtherWay) {
		// Another instance merged them with the member surviving.
		a, b, master, member, err = b, a, member, master, nil
	}
	if err != nil {
		return nil, err
	}
	rec := foldRecord(a, b)
	rec.UpdatedAt = g.cfg.Now().UTC()
	w := state.Write{Record: rec, MergedIDs: []string{member}}
	if err := g.ix.Apply(w); err != nil {
		return nil, indexError("write the merge of "+member+" into "+master, err)
	}
	g.terms.mergedAway(len(w.MergedIDs)) // their values were counted as theirs
	return &schemas.Outcome{RecordID: master, EventID: eventID, Source: source, Action: schemas.ActionMerged,
		MatchedBy: schemas.MatchedByNone, Identifiers: rec.Identifiers, Properties: rec.Properties,
		MergedIDs: []string{member}, ProcessedAt: rec.UpdatedAt}, nil
}

// survivorOf follows the index's redirects from id to the record it was
// merged into, if any. Redirects that come back to a record on the way
// are a *RedirectCycleError (an index written before absorb stopped
// redirecting a survivor to itself can hold one).
func (g *Gatekeeper) survivorOf(id string) (string, error) {
	chain := []string{id}
	for {
		to, ok, err := g.ix.MergedInto(id)
		if err != nil {
			return "", indexError("merged into", err)
		}
		if !ok {
			return id, nil
		}
		cycle := slices.Contains(chain, to)
		chain = append(chain, to)
		if cycle {
			return "", &RedirectCycleError{Chain: chain}
		}
		id = to
	}
}

// lockPair locks both records' stripes, never waiting for one while
// holding the other (attempts do the same: no deadlock).
func (g *Gatekeeper) lockPair(ctx context.Context, a, b string) (func(), error) {
	for {
		unlockA := g.locks.lock(a, nil)
		if unlockB, ok := g.locks.tryLock(b, a); ok {
			return func() { unlockB(); unlockA() }, nil
		}
		unlockA()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}
