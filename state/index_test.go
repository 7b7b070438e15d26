package state

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/contactgate/contactgate/match"
)

func TestOpenStampsAndChecksTheFormat(t *testing.T) {
	dir := t.TempDir()

	t.Run("should open a new index and reopen it", func(t *testing.T) {
		for range 2 {
			ix, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("should refuse an index of another format", func(t *testing.T) {
		// Given an index stamped by a future build
		db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(txn *badger.Txn) error { return txn.Set(keyFormat, []byte("99")) }); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		// Then Open says so
		if _, err := Open(dir, Options{}); !errors.Is(err, ErrIncompatibleFormat) {
			t.Fatalf("Open = %v, want ErrIncompatibleFormat", err)
		}
	})

	t.Run("should open in memory", func(t *testing.T) {
		ix, err := Open("", Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOptions(t *testing.T) {
	t.Run("should fill the defaults of the zero value", func(t *testing.T) {
		var o Options
		o.setDefaults()
		want := Options{ProcessedTTL: DefaultProcessedTTL, MemTableSize: DefaultMemTableSize,
			ValueLogFileSize: DefaultValueLogFileSize, BlockCacheSize: DefaultBlockCacheSize, NumCompactors: DefaultNumCompactors}
		if o != want {
			t.Fatalf("defaults = %+v, want %+v", o, want)
		}
	})

	t.Run("should refuse what Badger would refuse", func(t *testing.T) {
		for _, o := range []Options{{MemTableSize: 1000}, {ValueLogFileSize: 3 << 30}, {NumCompactors: 1}, {BlockCacheSize: -1}} {
			o.InMemory = true
			if _, err := Open("", o); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Open(%+v) = %v, want ErrInvalid", o, err)
			}
		}
	})
}

// An index of version 3 kept the e-mail slip keys among a record's detail
// keys, for its current address only; version 4 makes them from every
// address the record holds, and Open writes them for an index of version 3.
func TestOpenUpgradesAnIndexOfFormat3(t *testing.T) {
	// Given a record with two addresses in an index of version 3, which
	// has no postings of its slip keys
	dir := t.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := person("101", []string{"renee@rolyeon.fr", "j.washington@davisrivera.io"}, nil, "renee|valentin|rolyeon")
	mustApply(t, ix, Write{Record: r})
	var slips []Key
	for _, k := range r.Keys() {
		if k.Kind == KeyDetailBlock && match.IsEmailSlipKey(k.Value) {
			slips = append(slips, k)
		}
	}
	if len(slips) != 4 {
		t.Fatalf("slip keys %v: want the two ends of each address", slips)
	}
	err = ix.db.Update(func(txn *badger.Txn) error {
		for _, k := range slips {
			if err := txn.Delete(postingKey(k, r.ID)); err != nil {
				return err
			}
		}
		return txn.Set(keyFormat, []byte("3"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// When this build opens it
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open of a version 3 index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })

	// Then each slip key finds the record, and the index is version 4
	for _, k := range slips {
		wantIDs(t, ix, k, "101")
	}
	err = ix.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keyFormat)
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if string(v) != FormatVersion {
				t.Errorf("format %q after the upgrade, want %q", v, FormatVersion)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
