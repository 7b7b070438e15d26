package state

import (
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// t0 is a fixed time for tests.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// openMem opens an in-memory index closed with the test.
func openMem(t testing.TB) *Index {
	t.Helper()
	ix, err := Open("", Options{InMemory: true, MemTableSize: 4 << 20, BlockCacheSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// openDir opens a persistent index in dir; the caller closes it.
func openDir(t testing.TB, dir string) *Index {
	t.Helper()
	ix, err := Open(dir, Options{MemTableSize: 4 << 20, BlockCacheSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// person is a record with the given e-mails and phones and a name key.
func person(id string, emails, phones []string, name string) Record {
	return Record{
		ID: id,
		Identifiers: schemas.Identifiers{
			ExternalIDs: []string{"crm:" + id},
			Emails:      emails,
			Phones:      phones,
			NameKey:     name,
		},
		Properties: map[string]schemas.PropertyValue{
			"firstname": {Value: "Jane", Source: "webform", UpdatedAt: t0},
			"lastname":  {Value: "Smith", Source: "webform", UpdatedAt: t0},
			"jobtitle":  {Value: "CTO", Source: "billing", UpdatedAt: t0.Add(time.Hour)},
		},
		UpdatedAt: t0,
	}
}

func email(v string) Key { return Key{Kind: KeyEmail, Value: v} }
func phone(v string) Key { return Key{Kind: KeyPhone, Value: v} }

func mustApply(t testing.TB, ix *Index, w Write) {
	t.Helper()
	if err := ix.Apply(w); err != nil {
		t.Fatal(err)
	}
}

// lookup returns the ids of k or fails the test.
func lookup(t testing.TB, ix *Index, k Key) []string {
	t.Helper()
	ids, err := ix.Lookup(k)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func wantIDs(t testing.TB, ix *Index, k Key, want ...string) {
	t.Helper()
	if got := lookup(t, ix, k); !slices.Equal(got, want) {
		t.Fatalf("Lookup(%s) = %q, want %q", k, got, want)
	}
}

func mustGet(t testing.TB, ix *Index, id string) (Record, bool) {
	t.Helper()
	r, ok, err := ix.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return r, ok
}
