package state

import (
	"bytes"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Stats is the size of the index, for metrics and benchmarks.
type Stats struct {
	// Records is the number of records.
	Records int64
	// Keys is the number of distinct match keys; Postings the number of
	// (key, record) pairs, larger when records share keys.
	Keys, Postings int64
	// ProcessedEvents is the number of processed event ids not yet expired.
	ProcessedEvents int64
	// Claims is the number of owners with pending claims.
	Claims int64
	// LSMBytes and VlogBytes are Badger's on-disk sizes (DB.Size), which
	// Badger refreshes once a minute; 0 in memory.
	LSMBytes, VlogBytes int64
}

// Stats counts the index's entries. It reads every key (not the values), so
// it takes about a second per million records: call it for metrics now and
// then, not per event.
func (ix *Index) Stats() (Stats, error) {
	var st Stats
	err := ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		var lastKey []byte
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			switch {
			case bytes.HasPrefix(k, prefixRecord):
				st.Records++
			case bytes.HasPrefix(k, prefixPosting):
				st.Postings++
				key := k[:bytes.IndexByte(k, 0)+1]
				if !bytes.Equal(key, lastKey) {
					st.Keys++
					lastKey = append(lastKey[:0], key...)
				}
			case bytes.HasPrefix(k, prefixProcessed):
				st.ProcessedEvents++
			case bytes.HasPrefix(k, prefixClaim):
				st.Claims++
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("index stats: %w", err)
	}
	st.LSMBytes, st.VlogBytes = ix.db.Size()
	return st, nil
}
