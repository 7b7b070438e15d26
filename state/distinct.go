package state

import (
	"bytes"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// prefixDistinct holds the pairs of records a person said are two people
// ("d/<a>|<b>", a < b): a rejected review (schemas.ReviewRejected).
var prefixDistinct = []byte("d/")

func distinctKey(a, b string) []byte {
	if b < a {
		a, b = b, a
	}
	k := append(bytes.Clone(prefixDistinct), a...)
	k = append(k, '|')
	return append(k, b...)
}

// MarkDistinct records that records a and b are two people, for ever: the
// gatekeeper never matches, bridges or proposes them as one again.
// Marking a pair twice is harmless.
func (ix *Index) MarkDistinct(a, b string) error {
	if a == "" || b == "" || a == b {
		return fmt.Errorf("%w: distinct pair %q, %q", ErrInvalid, a, b)
	}
	if err := ix.update(func(txn *badger.Txn) error { return txn.Set(distinctKey(a, b), nil) }); err != nil {
		return fmt.Errorf("mark %s and %s distinct: %w", a, b, err)
	}
	return nil
}

// Distinct reports whether a and b were marked distinct (MarkDistinct).
func (ix *Index) Distinct(a, b string) (bool, error) {
	var found bool
	err := ix.db.View(func(txn *badger.Txn) (err error) {
		_, found, err = get(txn, distinctKey(a, b))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("distinct %s and %s: %w", a, b, err)
	}
	return found, nil
}

// ClearDistinct undoes MarkDistinct: a later verdict (an accept) replaced
// the reject.
func (ix *Index) ClearDistinct(a, b string) error {
	if err := ix.update(func(txn *badger.Txn) error { return txn.Delete(distinctKey(a, b)) }); err != nil {
		return fmt.Errorf("clear distinct %s and %s: %w", a, b, err)
	}
	return nil
}
