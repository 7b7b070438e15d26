package state

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Claim is the set of keys that one in-flight create holds (DESIGN.md
// section 2): while it stands, no other owner can claim them, so two events
// for the same new person cannot both create a record. Claims are stored, so
// that after a crash PendingClaims finds the creates that were in flight.
type Claim struct {
	// Owner is who holds the claim: the processor uses the event id.
	Owner string
	// Keys are the claimed keys, sorted.
	Keys []Key
	// At is when the owner first claimed.
	At time.Time
}

// Claim takes every key of keys for owner, or none of them. When another
// owner holds one of the keys, Claim claims nothing and returns that owner;
// otherwise it returns "". Claiming again adds keys to owner's claim (keys it
// holds already stay held, and At stays the first claim's). Keys with an
// empty value are ignored.
//
// Two owners that claim a key at once conflict in Badger; the retry sees the
// winner's claim (see maxAttempts).
func (ix *Index) Claim(owner string, keys []Key, at time.Time) (heldBy string, err error) {
	if owner == "" {
		return "", fmt.Errorf("%w: a claim without an owner", ErrInvalid)
	}
	set, err := keySet(keys)
	if err != nil || len(set) == 0 {
		return "", err
	}
	err = ix.update(func(txn *badger.Txn) error {
		heldBy = ""
		for _, k := range set {
			v, found, err := get(txn, claimedKey(k))
			if err != nil {
				return err
			}
			if found && string(v) != owner {
				heldBy = string(v)
				return nil
			}
		}
		c := Claim{Owner: owner, Keys: set, At: at}
		v, found, err := get(txn, claimKey(owner))
		if err != nil {
			return err
		}
		if found {
			prev, err := decodeClaim(owner, v)
			if err != nil {
				return err
			}
			c.At = prev.At
			c.Keys = slices.Concat(prev.Keys, set)
			slices.SortFunc(c.Keys, compareKeys)
			c.Keys = slices.Compact(c.Keys)
		}
		for _, k := range set {
			if err := txn.Set(claimedKey(k), []byte(owner)); err != nil {
				return err
			}
		}
		return txn.Set(claimKey(owner), encodeClaim(&c))
	})
	if err != nil {
		return "", fmt.Errorf("claim keys for %q: %w", owner, err)
	}
	return heldBy, nil
}

// ReleaseClaims releases every key owner holds. Releasing an owner without
// claims does nothing.
func (ix *Index) ReleaseClaims(owner string) error {
	if err := ix.update(func(txn *badger.Txn) error { return releaseClaims(txn, owner) }); err != nil {
		return fmt.Errorf("release the claims of %q: %w", owner, err)
	}
	return nil
}

// releaseClaims releases owner's claim in txn.
func releaseClaims(txn *badger.Txn, owner string) error {
	v, found, err := get(txn, claimKey(owner))
	if err != nil || !found {
		return err
	}
	c, err := decodeClaim(owner, v)
	if err != nil {
		return err
	}
	for _, k := range c.Keys {
		held, found, err := get(txn, claimedKey(k))
		if err != nil {
			return err
		}
		if found && string(held) == owner {
			if err := txn.Delete(claimedKey(k)); err != nil {
				return err
			}
		}
	}
	return txn.Delete(claimKey(owner))
}

// PendingClaims lists the claims not released, oldest first.
func (ix *Index) PendingClaims() ([]Claim, error) {
	var out []Claim
	err := ix.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixClaim, PrefetchValues: true, PrefetchSize: 16})
		defer it.Close()
		for it.Seek(prefixClaim); it.ValidForPrefix(prefixClaim); it.Next() {
			item := it.Item()
			owner := string(bytes.TrimPrefix(item.Key(), prefixClaim))
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			c, err := decodeClaim(owner, v)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending claims: %w", err)
	}
	slices.SortFunc(out, func(a, b Claim) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Owner, b.Owner))
	})
	return out, nil
}
