package state

import (
	"fmt"

	"github.com/contactgate/contactgate/schemas"
	"github.com/dgraph-io/badger/v4"
)

// ApplyOutcome applies one record of the compacted outcome topic (the latest
// state of one CRM record, read at offset of topic-partition) in one
// transaction: the record and its key set, its event id as processed (until
// Options.ProcessedTTL after o.ProcessedAt), and the outcome topic's offset
// (offset+1, the next to read; it never moves back).
//
// An outcome older than the record the index holds does not overwrite it:
// writes of one record are ordered by time (o.ProcessedAt against the
// record's UpdatedAt), then, within one input partition, by input offset. An
// outcome as new as the stored record overwrites it, so applying one twice is
// harmless.
//
// A tombstone (a nil value) has no outcome to pass: call DeleteRecord with
// the record id from the Kafka key.
func (ix *Index) ApplyOutcome(o *schemas.Outcome, topic string, partition int32, offset int64) error {
	switch {
	case o == nil:
		return fmt.Errorf("%w: a tombstone is applied by DeleteRecord", ErrInvalid)
	case o.RecordID == "":
		return fmt.Errorf("%w: an outcome without a record id", ErrInvalid)
	case topic == "":
		return fmt.Errorf("%w: an outcome without its topic", ErrInvalid)
	}
	s := stored{rec: Record{
		ID:          o.RecordID,
		Identifiers: o.Identifiers,
		Properties:  o.Properties,
		UpdatedAt:   o.ProcessedAt,
	}}
	if o.Input.Topic != "" {
		s.pos = position{topic: o.Input.Topic, partition: o.Input.Partition, next: o.Input.Offset + 1}
	}
	err := ix.update(func(txn *badger.Txn) error {
		id := s.rec.ID
		survivor, merged, err := redirected(txn, id)
		if err != nil {
			return err
		}
		if merged {
			// A merged-away record's last outcome: the survivor holds it.
			id = survivor
		} else if err := restoreRecord(txn, &s); err != nil {
			return err
		}
		if o.EventID != "" {
			if err := ix.setProcessed(txn, o.EventID, id, o.ProcessedAt); err != nil {
				return err
			}
		}
		return advanceOffset(txn, topic, partition, offset+1)
	})
	if err != nil {
		return fmt.Errorf("apply the outcome of record %q: %w", o.RecordID, err)
	}
	return nil
}

// restoreRecord stores s unless the index holds a later write of it, and
// absorbs the records merged into it.
func restoreRecord(txn *badger.Txn, s *stored) error {
	old, found, err := readRecord(txn, s.rec.ID)
	if err != nil {
		return err
	}
	if found && newer(&old, s) {
		return nil
	}
	if found {
		// An outcome carries neither: they are the index's own (the
		// follower applies this instance's outcomes too).
		s.rec.Members = JoinMembers(s.rec.Members, old.rec.Members...)
		s.rec.Seen = JoinSeen(s.rec.Seen, old.rec.Seen...)
	}
	for _, m := range s.rec.Identifiers.MergedIDs {
		if m == s.rec.ID {
			continue
		}
		// Absorbed by an earlier outcome of the record: nothing to do.
		if to, done, err := redirected(txn, m); err != nil {
			return err
		} else if done && to == s.rec.ID {
			continue
		}
		if err := absorb(txn, &s.rec, m); err != nil {
			return err
		}
	}
	return putRecord(txn, s)
}

// DeleteRecord applies a tombstone of the outcome topic, read at offset of
// topic-partition: it removes record id and its keys, and stores the next
// offset to read, in one transaction. Deleting a record the index does not
// hold only stores the offset.
func (ix *Index) DeleteRecord(id string, topic string, partition int32, offset int64) error {
	if id == "" || topic == "" {
		return fmt.Errorf("%w: a tombstone needs a record id and its topic", ErrInvalid)
	}
	err := ix.update(func(txn *badger.Txn) error {
		if _, _, err := deleteRecord(txn, id); err != nil {
			return err
		}
		return advanceOffset(txn, topic, partition, offset+1)
	})
	if err != nil {
		return fmt.Errorf("delete record %q: %w", id, err)
	}
	return nil
}

// newer reports whether a is a strictly later write of a record than b.
func newer(a, b *stored) bool {
	if c := a.rec.UpdatedAt.Compare(b.rec.UpdatedAt); c != 0 {
		return c > 0
	}
	return a.pos.topic != "" && a.pos.topic == b.pos.topic &&
		a.pos.partition == b.pos.partition && a.pos.next > b.pos.next
}
