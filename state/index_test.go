package state

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
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
