package state

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/dgraph-io/badger/v4"
)

// Record is what the index knows of one CRM record.
type Record struct {
	// ID is the CRM record id.
	ID string
	// Identifiers are the record's match keys: ExternalIDs ("source:id"),
	// Emails (e-mail keys), Phones (E.164, or match.PhoneDigitsKey) and NameKey.
	Identifiers schemas.Identifiers
	// Properties are the current values with provenance.
	Properties map[string]schemas.PropertyValue
	// UpdatedAt is when the record was last written; ApplyOutcome orders
	// writes of one record by it.
	UpdatedAt time.Time
	// Members are what the events applied to the record said of its
	// person, most recent first, each once, at most MaxMembers: the
	// resolver compares an event with each as well as with the record's
	// current values, which precedence picked from all of them. They are
	// the index's alone (an outcome does not carry them): a record rebuilt
	// from the outcome topic gains them from its next events.
	Members []Member
	// Seen are the Unix times (seconds) of the record's latest events, by
	// their occurred_at, latest first, each once, at most MaxSeen: the
	// scorer weighs how close an event came to them (match.Recency). The
	// index's alone, as Members are.
	Seen []int64
}

// MaxSeen is how many event times a record keeps.
const MaxSeen = 8

// JoinSeen returns the latest MaxSeen of the times given, latest first,
// each once; zero and negative times are left out. Two records folded into
// one keep the latest times of both, whichever held more.
func JoinSeen(seen []int64, older ...int64) []int64 {
	all := slices.Concat(seen, older)
	all = slices.DeleteFunc(all, func(t int64) bool { return t <= 0 })
	if len(all) == 0 {
		return nil
	}
	slices.SortFunc(all, func(a, b int64) int { return cmp.Compare(b, a) })
	all = slices.Compact(all)
	return slices.Clip(all[:min(len(all), MaxSeen)])
}

// Member is what one event said of a record's person: its values by
// field name (first_name, last_name, company, email and phone as their
// match keys, and the person details the event carried), none empty.
type Member map[string]string

// MaxMembers is how many members a record keeps.
const MaxMembers = 6

// JoinMembers returns members (most recent first) followed by the older
// ones not equal to one already there, cut to MaxMembers.
func JoinMembers(members []Member, older ...Member) []Member {
	out := make([]Member, 0, min(len(members)+len(older), MaxMembers))
	for _, m := range slices.Concat(members, older) {
		if len(out) == MaxMembers {
			break
		}
		if len(m) > 0 && !slices.ContainsFunc(out, func(o Member) bool { return maps.Equal(o, m) }) {
			out = append(out, m)
		}
	}
	return out
}

// Write is the effect of one processed event, applied in one transaction by
// Apply.
type Write struct {
	// Record is the record as it stands after the event. Its key set
	// replaces the one the index held: keys it no longer has stop resolving
	// to it.
	Record Record
	// EventID, when set, is remembered as processed into Record.ID
	// (Processed) for Options.ProcessedTTL.
	EventID string
	// ClaimOwner, when set, names the claims the write releases.
	ClaimOwner string
	// Offset, when set, is the input position the write brings the index
	// to. It is also kept with the record to order later writes of it
	// (ApplyOutcome).
	Offset *Offset
	// MergedIDs are records merged into Record.ID: each is removed, and its
	// identifiers are added to Record's, so that its keys resolve to
	// Record.ID. Record keeps its own name key when it has one.
	MergedIDs []string
}

// Offset is a position in a topic-partition: the next offset to read, Kafka
// style.
type Offset struct {
	Topic     string
	Partition int32
	Offset    int64
}

// Apply writes the effects of one processed event in one transaction: the
// record and its key set, the processed event id, the release of
// w.ClaimOwner's claims, the records merged away, and the offset. Either all
// of them are stored or none is.
//
// A stored offset never moves back: a write with a lower one leaves it. The
// offset key is read by every write that sets one, so concurrent writes for
// one partition conflict and are retried (see maxAttempts).
func (ix *Index) Apply(w Write) error {
	if w.Record.ID == "" {
		return fmt.Errorf("%w: a record without an id", ErrInvalid)
	}
	if w.Offset != nil && w.Offset.Topic == "" {
		return fmt.Errorf("%w: an offset without a topic", ErrInvalid)
	}
	err := ix.update(func(txn *badger.Txn) error {
		s := stored{rec: w.Record}
		for _, id := range w.MergedIDs {
			if id == "" || id == s.rec.ID {
				continue
			}
			if err := absorb(txn, &s.rec, id); err != nil {
				return err
			}
		}
		if w.Offset != nil {
			s.pos = position{topic: w.Offset.Topic, partition: w.Offset.Partition, next: w.Offset.Offset}
		}
		if err := putRecord(txn, &s); err != nil {
			return err
		}
		if w.EventID != "" {
			if err := ix.setProcessed(txn, w.EventID, s.rec.ID, time.Now()); err != nil {
				return err
			}
		}
		if w.ClaimOwner != "" {
			if err := releaseClaims(txn, w.ClaimOwner); err != nil {
				return err
			}
		}
		if w.Offset != nil {
			return advanceOffset(txn, w.Offset.Topic, w.Offset.Partition, w.Offset.Offset)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply record %q: %w", w.Record.ID, err)
	}
	return nil
}

// putRecord stores s and replaces the postings of the record's old key set
// with those of its new one.
func putRecord(txn *badger.Txn, s *stored) error {
	id := s.rec.ID
	next := s.rec.Keys()
	for _, k := range next {
		if err := k.validate(); err != nil {
			return err
		}
	}
	old, found, err := readRecord(txn, id)
	if err != nil {
		return err
	}
	var prev []Key
	if found {
		prev = old.rec.Keys()
	}
	for _, k := range prev {
		if _, keep := slices.BinarySearchFunc(next, k, compareKeys); !keep {
			if err := txn.Delete(postingKey(k, id)); err != nil {
				return err
			}
		}
	}
	for _, k := range next {
		if _, had := slices.BinarySearchFunc(prev, k, compareKeys); !had {
			if err := txn.Set(postingKey(k, id), nil); err != nil {
				return err
			}
		}
	}
	return txn.Set(recordKey(id), encodeRecord(s))
}

// deleteRecord removes record id and its postings; found is false when the
// index does not hold it.
func deleteRecord(txn *badger.Txn, id string) (old stored, found bool, err error) {
	old, found, err = readRecord(txn, id)
	if err != nil || !found {
		return old, found, err
	}
	for _, k := range old.rec.Keys() {
		if err := txn.Delete(postingKey(k, id)); err != nil {
			return old, found, err
		}
	}
	return old, true, txn.Delete(recordKey(id))
}

// absorb removes merged record id, adds its identifiers to rec's and leaves
// a redirect from id (and from every record merged into id before) to
// rec.ID, so that what named id (a processed event, a stale outcome) finds
// rec. A record the index does not hold still gets its redirect: an outcome
// naming it merged may be read before its own last outcome.
func absorb(txn *badger.Txn, rec *Record, id string) error {
	old, _, err := deleteRecord(txn, id)
	if err != nil {
		return err
	}
	JoinIdentifiers(&rec.Identifiers, id, old.rec.Identifiers)
	rec.Members = JoinMembers(rec.Members, old.rec.Members...)
	rec.Seen = JoinSeen(rec.Seen, old.rec.Seen...)
	for _, m := range append([]string{id}, old.rec.Identifiers.MergedIDs...) {
		if m == rec.ID {
			// rec was merged into id once and survives it now (a merge
			// made the other way): it is live, no redirect of its own.
			continue
		}
		if err := txn.Set(redirectKey(m), []byte(rec.ID)); err != nil {
			return err
		}
	}
	return txn.Delete(redirectKey(rec.ID))
}

// JoinIdentifiers adds to ids those of record id, merged into it: every
// external id, e-mail, phone and name key, id itself and the records
// merged into id before. ids keeps its own name key when it has one. The
// index absorbs a merged record with it, and the gatekeeper folds one
// before its index write.
func JoinIdentifiers(ids *schemas.Identifiers, id string, from schemas.Identifiers) {
	ids.MergedIDs = sortedUnion(ids.MergedIDs, append([]string{id}, from.MergedIDs...))
	ids.ExternalIDs = sortedUnion(ids.ExternalIDs, from.ExternalIDs)
	ids.Emails = sortedUnion(ids.Emails, from.Emails)
	ids.Phones = sortedUnion(ids.Phones, from.Phones)
	if ids.NameKey == "" {
		ids.NameKey = from.NameKey
	}
	ids.NameKeys = BoundedNameKeys(ids.NameKeys, append([]string{from.NameKey}, from.NameKeys...)...)
	ids.DetailKeys = BoundedNameKeys(ids.DetailKeys, from.DetailKeys...)
}

// BoundedNameKeys returns keys (most recent first) followed by the older
// ones not already there, without empty values, cut to
// schemas.MaxNameKeys: the name keys a record keeps.
func BoundedNameKeys(keys []string, older ...string) []string {
	out := make([]string, 0, min(len(keys)+len(older), schemas.MaxNameKeys))
	for _, k := range slices.Concat(keys, older) {
		if len(out) == schemas.MaxNameKeys {
			break
		}
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// redirected returns the record that id was merged into, following a
// redirect written by absorb; ok is false when id was never merged.
func redirected(txn *badger.Txn, id string) (string, bool, error) {
	v, found, err := get(txn, redirectKey(id))
	if err != nil || !found {
		return "", false, err
	}
	return string(v), true, nil
}

// sortedUnion is a new sorted set of the values of a and b.
func sortedUnion(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// readRecord reads record id in txn.
func readRecord(txn *badger.Txn, id string) (stored, bool, error) {
	v, found, err := get(txn, recordKey(id))
	if err != nil || !found {
		return stored{}, false, err
	}
	s, err := decodeRecord(id, v)
	return s, err == nil, err
}

// setProcessed remembers event as processed into record id, until
// Options.ProcessedTTL after at. An entry that would already have expired is
// not written.
func (ix *Index) setProcessed(txn *badger.Txn, event, id string, at time.Time) error {
	e := badger.NewEntry(processedKey(event), []byte(id))
	if ix.ttl > 0 {
		expires := at.Add(ix.ttl).Unix()
		if expires <= time.Now().Unix() {
			return nil
		}
		e.ExpiresAt = uint64(expires)
	}
	return txn.SetEntry(e)
}

// advanceOffset stores next for topic-partition unless it holds a higher one.
func advanceOffset(txn *badger.Txn, topic string, partition int32, next int64) error {
	key := offsetKey(topic, partition)
	v, found, err := get(txn, key)
	if err != nil {
		return err
	}
	if found {
		cur, err := decodeOffset(v)
		if err != nil {
			return err
		}
		if cur >= next {
			return nil
		}
	}
	return txn.Set(key, encodeOffset(next))
}

// Processed returns the record that event id was applied to, if the index
// remembers it (see Options.ProcessedTTL): when that record was merged into
// another since, the survivor.
func (ix *Index) Processed(eventID string) (recordID string, ok bool, err error) {
	err = ix.db.View(func(txn *badger.Txn) error {
		v, found, err := get(txn, processedKey(eventID))
		if err != nil || !found {
			return err
		}
		recordID, ok = string(v), true
		if to, merged, err := redirected(txn, recordID); err != nil || merged {
			recordID = to
			return err
		}
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("processed event %q: %w", eventID, err)
	}
	return recordID, ok, nil
}

// MergedInto returns the record that record id was merged into; ok is
// false when id was never merged away.
func (ix *Index) MergedInto(id string) (survivor string, ok bool, err error) {
	err = ix.db.View(func(txn *badger.Txn) (err error) {
		survivor, ok, err = redirected(txn, id)
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("merged into of %q: %w", id, err)
	}
	return survivor, ok, nil
}

// Offset returns where consumption of topic-partition stands in the index:
// the next offset to read. ok is false when nothing was recorded for it.
func (ix *Index) Offset(topic string, partition int32) (int64, bool, error) {
	var (
		off int64
		ok  bool
	)
	err := ix.db.View(func(txn *badger.Txn) error {
		v, found, err := get(txn, offsetKey(topic, partition))
		if err != nil || !found {
			return err
		}
		off, err = decodeOffset(v)
		ok = err == nil
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("offset of %s/%d: %w", topic, partition, err)
	}
	return off, ok, nil
}
