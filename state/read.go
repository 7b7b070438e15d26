package state

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// Lookup returns the ids of the records that hold key k, sorted. An e-mail
// or an external id normally resolves to one record; a phone or a name key
// may resolve to several. An empty value resolves to none.
func (ix *Index) Lookup(k Key) ([]string, error) {
	if k.Value == "" {
		return nil, nil
	}
	if err := k.validate(); err != nil {
		return nil, err
	}
	var ids []string
	err := ix.db.View(func(txn *badger.Txn) error {
		prefix := postingPrefix(k)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			ids = append(ids, string(bytes.TrimPrefix(it.Item().Key(), prefix)))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lookup %s: %w", k.Kind, err)
	}
	return ids, nil
}

// LookupAny returns the ids of the records indexed under any of keys, each
// once, in the order of keys: one read transaction for all of them, which
// matters for the dozens of near-name keys of one event.
func (ix *Index) LookupAny(keys []Key) ([]string, error) {
	for _, k := range keys {
		if err := k.validate(); k.Value != "" && err != nil {
			return nil, err
		}
	}
	var ids []string
	err := ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for _, k := range keys {
			if k.Value == "" {
				continue
			}
			prefix := postingPrefix(k)
			for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
				if id := string(bytes.TrimPrefix(it.Item().Key(), prefix)); !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lookup %d keys: %w", len(keys), err)
	}
	return ids, nil
}

// Get returns record id; ok is false when the index does not hold it.
func (ix *Index) Get(id string) (Record, bool, error) {
	var (
		s  stored
		ok bool
	)
	err := ix.db.View(func(txn *badger.Txn) (err error) {
		s, ok, err = readRecord(txn, id)
		return err
	})
	if err != nil {
		return Record{}, false, fmt.Errorf("get record %q: %w", id, err)
	}
	return s.rec, ok, nil
}

// GetMany returns the records of ids that the index holds, in the order of
// ids, read in one transaction.
func (ix *Index) GetMany(ids []string) ([]Record, error) {
	out := make([]Record, 0, len(ids))
	err := ix.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			s, ok, err := readRecord(txn, id)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, s.rec)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("get records: %w", err)
	}
	return out, nil
}

// LookupPrefix returns the ids of the records indexed under a key of kind
// whose value starts with any of prefixes, each once, at most limit of
// them; truncated reports that there were more. It finds what a blocking
// key's leading parts block together: "john|smith|" finds John Smith at
// every company. An empty prefix matches nothing, not everything.
func (ix *Index) LookupPrefix(kind KeyKind, prefixes []string, limit int) (ids []string, truncated bool, err error) {
	for _, p := range prefixes {
		if err := (Key{Kind: kind, Value: p}).validate(); p != "" && err != nil {
			return nil, false, err
		}
	}
	err = ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for _, p := range prefixes {
			if p == "" {
				continue
			}
			prefix := matchKey(prefixPosting, Key{Kind: kind, Value: p})
			for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
				k := it.Item().Key()
				// The value ends at its NUL separator; the record id follows.
				id := string(k[bytes.IndexByte(k[len(prefix):], 0)+len(prefix)+1:])
				if slices.Contains(ids, id) {
					continue
				}
				if len(ids) == limit {
					truncated = true
					return nil
				}
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("lookup %s prefixes: %w", kind, err)
	}
	return ids, truncated, nil
}

// EachRecord calls fn with every record the index holds, in key order,
// inside one read transaction, until fn returns an error, which it returns.
// It reads and decodes every record: seconds for a million.
func (ix *Index) EachRecord(fn func(Record) error) error {
	if err := eachRecord(ix.db, fn); err != nil {
		return fmt.Errorf("read every record: %w", err)
	}
	return nil
}

// eachRecord calls fn with every record db holds, in key order, inside one
// read transaction, until fn returns an error, which it returns.
func eachRecord(db *badger.DB, fn func(Record) error) error {
	return db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixRecord, PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			id := string(item.Key()[len(prefixRecord):])
			var s stored
			if err := item.Value(func(v []byte) (err error) {
				s, err = decodeRecord(id, v)
				return err
			}); err != nil {
				return err
			}
			if err := fn(s.rec); err != nil {
				return err
			}
		}
		return nil
	})
}
