package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The states of a review item. A proposal is open; a person's verdict,
// written to the same key, accepts (merge the two records) or rejects
// (they are two people, for ever) it.
const (
	ReviewOpen     = "open"
	ReviewAccepted = "accepted"
	ReviewRejected = "rejected"
)

// ReviewItem is one value of the review topic, keyed by ReviewKey of its
// two record ids: a pair of records that the scorer put in the possible
// band (or the match band, where no rule joined them), with both records'
// profiles and the evidence, proposed for a merge; or a verdict on such a
// pair. The topic is compacted: the latest value of a key is the pair's
// state. Values are JSON (one object), readable by any consumer.
type ReviewItem struct {
	// RecordIDs are the two records, sorted as in the key.
	RecordIDs [2]string `json:"record_ids"`
	// Status is ReviewOpen, ReviewAccepted or ReviewRejected.
	Status string `json:"status"`
	// Proposed is the action a verdict of accept takes: "merge".
	Proposed string `json:"proposed,omitempty"`
	// EventID is the event whose resolution proposed the pair, Source
	// that event's source (the review page's source filter).
	EventID string `json:"event_id,omitempty"`
	Source  string `json:"source,omitempty"`
	// Weight and Evidence are the scorer's comparison of the pair.
	Weight   float64    `json:"weight"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Profiles holds each record's identifying properties (names, e-mail,
	// phone, company) by record id, as they were when proposed.
	Profiles map[string]map[string]string `json:"profiles,omitempty"`
	// DecidedBy names who gave the verdict (a person, or "contactgate"
	// for an automatic one); empty while open.
	DecidedBy string `json:"decided_by,omitempty"`
	// Reopened marks an open item that a reviewer took back (the review
	// page's undo of a reject): run forgets the pair's reject. A proposal
	// is never reopened.
	Reopened bool `json:"reopened,omitempty"`
	// Note is the reviewer's comment, if any.
	Note string    `json:"note,omitempty"`
	At   time.Time `json:"at"`
}

// ProposedMerge is ReviewItem.Proposed for a pair to merge.
const ProposedMerge = "merge"

// ErrInvalidReview is wrapped by the errors of ParseReview and
// ParseReviewKey.
var ErrInvalidReview = errors.New("invalid review item")

// ReviewKey is the key of the pair a, b on the review topic: the two ids
// sorted, joined by "|" (CRM ids hold no "|").
func ReviewKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// ParseReviewKey returns the two record ids of a ReviewKey (or of "A,B",
// "A B", as a person types a pair), sorted.
func ParseReviewKey(key string) ([2]string, error) {
	f := strings.FieldsFunc(key, func(r rune) bool { return r == '|' || r == ',' || r == ' ' })
	if len(f) != 2 || f[0] == f[1] {
		return [2]string{}, fmt.Errorf("%w: pair %q is not two record ids", ErrInvalidReview, key)
	}
	if f[1] < f[0] {
		f[0], f[1] = f[1], f[0]
	}
	return [2]string{f[0], f[1]}, nil
}

// Key returns the item's ReviewKey.
func (r *ReviewItem) Key() string { return ReviewKey(r.RecordIDs[0], r.RecordIDs[1]) }

// ParseReview decodes a review topic value and checks it.
func ParseReview(value []byte) (ReviewItem, error) {
	var r ReviewItem
	if err := json.Unmarshal(value, &r); err != nil {
		return r, fmt.Errorf("%w: %w", ErrInvalidReview, err)
	}
	switch {
	case r.RecordIDs[0] == "" || r.RecordIDs[1] == "" || r.RecordIDs[0] == r.RecordIDs[1]:
		return r, fmt.Errorf("%w: record_ids %q", ErrInvalidReview, r.RecordIDs)
	case r.Status != ReviewOpen && r.Status != ReviewAccepted && r.Status != ReviewRejected:
		return r, fmt.Errorf("%w: status %q", ErrInvalidReview, r.Status)
	}
	if r.RecordIDs[1] < r.RecordIDs[0] {
		r.RecordIDs[0], r.RecordIDs[1] = r.RecordIDs[1], r.RecordIDs[0]
	}
	return r, nil
}
