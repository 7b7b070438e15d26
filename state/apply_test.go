package state

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestApply(t *testing.T) {
	t.Run("should store a record and resolve it by every key", func(t *testing.T) {
		// Given an empty index
		ix := openMem(t)
		r := person("101", []string{"jane@example.com"}, []string{"+14155550100"}, "jane|smith|acme")
		// When a record is applied
		mustApply(t, ix, Write{Record: r, EventID: "ev-1"})
		// Then every key resolves to it and Get returns it as written
		for _, k := range r.Keys() {
			wantIDs(t, ix, k, "101")
		}
		got, ok := mustGet(t, ix, "101")
		if !ok || !reflect.DeepEqual(got, r) {
			t.Fatalf("Get = %+v, %v; want %+v", got, ok, r)
		}
	})

	t.Run("should replace the key set: a lost e-mail no longer resolves", func(t *testing.T) {
		// Given a record with two e-mails
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("101", []string{"a@example.com", "b@example.com"}, nil, "")})
		// When it is written again without the first
		mustApply(t, ix, Write{Record: person("101", []string{"b@example.com", "c@example.com"}, nil, "")})
		// Then the lost e-mail resolves to nothing, the others to the record
		wantIDs(t, ix, email("a@example.com"))
		wantIDs(t, ix, email("b@example.com"), "101")
		wantIDs(t, ix, email("c@example.com"), "101")
	})

	t.Run("should return every record that shares a phone, sorted", func(t *testing.T) {
		// Given two people behind one switchboard number
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("202", []string{"bob@acme.com"}, []string{"+14155550000"}, "")})
		mustApply(t, ix, Write{Record: person("101", []string{"ann@acme.com"}, []string{"+14155550000"}, "")})
		// Then the phone resolves to both, and their e-mails to one each
		wantIDs(t, ix, phone("+14155550000"), "101", "202")
		wantIDs(t, ix, email("bob@acme.com"), "202")
		// And a lookup of a prefix of the number finds nothing
		wantIDs(t, ix, phone("+1415555000"))
	})

	t.Run("should look up several keys at once, each record once, in key order", func(t *testing.T) {
		// Given two people behind one switchboard, and a third elsewhere
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("202", []string{"bob@acme.com"}, []string{"+14155550000"}, "")})
		mustApply(t, ix, Write{Record: person("101", []string{"ann@acme.com"}, []string{"+14155550000"}, "")})
		mustApply(t, ix, Write{Record: person("303", []string{"cy@initech.com"}, nil, "")})
		// When the e-mail of the third, a missing key, the switchboard and an
		// empty key are looked up together
		ids, err := ix.LookupAny([]Key{email("cy@initech.com"), email("nobody@x.com"), phone("+14155550000"), email("bob@acme.com"), {Kind: KeyEmail}})
		// Then each record comes once, in the order of the keys
		if err != nil || !reflect.DeepEqual(ids, []string{"303", "101", "202"}) {
			t.Fatalf("LookupAny = %v, %v", ids, err)
		}
		if _, err := ix.LookupAny([]Key{{Kind: "fax", Value: "1"}}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("LookupAny(fax) = %v, want ErrInvalid", err)
		}
	})

	t.Run("should remember processed events", func(t *testing.T) {
		// Given an event applied to a record
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("101", nil, nil, ""), EventID: "ev-1"})
		// Then the event is processed into it, and another is not
		if id, ok, err := ix.Processed("ev-1"); err != nil || !ok || id != "101" {
			t.Fatalf("Processed(ev-1) = %q, %v, %v", id, ok, err)
		}
		if _, ok, err := ix.Processed("ev-2"); err != nil || ok {
			t.Fatalf("Processed(ev-2) = %v, %v", ok, err)
		}
	})

	t.Run("should make processed events expire after the TTL", func(t *testing.T) {
		// Given an index that keeps processed events for an hour
		ix, err := Open("", Options{InMemory: true, ProcessedTTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		// When an event is applied
		mustApply(t, ix, Write{Record: person("101", nil, nil, ""), EventID: "ev-1"})
		// Then its entry expires in an hour
		txn := ix.db.NewTransaction(false)
		defer txn.Discard()
		item, err := txn.Get(processedKey("ev-1"))
		if err != nil {
			t.Fatal(err)
		}
		if left := time.Until(time.Unix(int64(item.ExpiresAt()), 0)); left < 59*time.Minute || left > time.Hour {
			t.Fatalf("expires in %v, want an hour", left)
		}
	})

	t.Run("should move the keys of merged records to the survivor", func(t *testing.T) {
		// Given two records of one person
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("101", []string{"jane@work.com"}, []string{"+14155550100"}, "jane|smith|acme")})
		mustApply(t, ix, Write{Record: person("102", []string{"jane@home.com"}, []string{"+14155550199"}, "")})
		// When 102 is merged into 101
		survivor := person("101", []string{"jane@work.com"}, []string{"+14155550100"}, "jane|smith|acme")
		mustApply(t, ix, Write{Record: survivor, EventID: "ev-merge", MergedIDs: []string{"102", "999"}})
		// Then 102's keys resolve to 101 only, and 102 is gone
		for _, k := range []Key{email("jane@home.com"), phone("+14155550199"), {KeyExternalID, "crm:102"}} {
			wantIDs(t, ix, k, "101")
		}
		if _, ok := mustGet(t, ix, "102"); ok {
			t.Fatal("merged record 102 is still indexed")
		}
		// And 101 holds both sets of identifiers
		got, _ := mustGet(t, ix, "101")
		want := []string{"jane@home.com", "jane@work.com"}
		if !slices.Equal(got.Identifiers.Emails, want) || got.Identifiers.NameKey != "jane|smith|acme" {
			t.Fatalf("survivor identifiers = %+v", got.Identifiers)
		}
	})

	t.Run("should refuse a record without an id or with a bad key", func(t *testing.T) {
		ix := openMem(t)
		if err := ix.Apply(Write{}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("Apply(no id) = %v, want ErrInvalid", err)
		}
		bad := person("101", []string{"a\x00b"}, nil, "")
		if err := ix.Apply(Write{Record: bad}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("Apply(NUL) = %v, want ErrInvalid", err)
		}
		if _, err := ix.Lookup(Key{Kind: "fax", Value: "1"}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("Lookup(fax) = %v, want ErrInvalid", err)
		}
	})

	t.Run("should get many records in the order asked, skipping unknown ids", func(t *testing.T) {
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("1", nil, nil, "")})
		mustApply(t, ix, Write{Record: person("2", nil, nil, "")})
		got, err := ix.GetMany([]string{"2", "3", "1"})
		if err != nil || len(got) != 2 || got[0].ID != "2" || got[1].ID != "1" {
			t.Fatalf("GetMany = %+v, %v", got, err)
		}
	})
}

func TestOffsets(t *testing.T) {
	t.Run("should store the offset with the data, or neither", func(t *testing.T) {
		// Given a persisted index
		dir := t.TempDir()
		ix := openDir(t, dir)
		// When one write succeeds and the next fails (a key it cannot store)
		mustApply(t, ix, Write{
			Record: person("101", []string{"a@example.com"}, nil, ""),
			Offset: &Offset{Topic: "contacts.events", Partition: 3, Offset: 42},
		})
		err := ix.Apply(Write{
			Record: person("102", []string{"bad\x00key"}, nil, ""),
			Offset: &Offset{Topic: "contacts.events", Partition: 3, Offset: 43},
		})
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("Apply = %v, want ErrInvalid", err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		// Then after a reopen the first write is there with its offset, and
		// nothing of the second
		ix = openDir(t, dir)
		defer ix.Close()
		if off, ok, err := ix.Offset("contacts.events", 3); err != nil || !ok || off != 42 {
			t.Fatalf("Offset = %d, %v, %v; want 42", off, ok, err)
		}
		wantIDs(t, ix, email("a@example.com"), "101")
		if _, ok := mustGet(t, ix, "102"); ok {
			t.Fatal("the failed write left its record")
		}
	})

	t.Run("should never move an offset back", func(t *testing.T) {
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("1", nil, nil, ""), Offset: &Offset{Topic: "in", Partition: 0, Offset: 10}})
		mustApply(t, ix, Write{Record: person("2", nil, nil, ""), Offset: &Offset{Topic: "in", Partition: 0, Offset: 7}})
		if off, _, _ := ix.Offset("in", 0); off != 10 {
			t.Fatalf("Offset = %d, want 10", off)
		}
		if _, ok, _ := ix.Offset("in", 1); ok {
			t.Fatal("partition 1 has an offset")
		}
	})
}

func TestReopen(t *testing.T) {
	t.Run("should keep records, keys, events and claims across a reopen", func(t *testing.T) {
		// Given a persisted index with a record, a processed event and a claim
		dir := t.TempDir()
		ix := openDir(t, dir)
		r := person("101", []string{"jane@example.com"}, []string{"+14155550100"}, "jane|smith|acme")
		mustApply(t, ix, Write{Record: r, EventID: "ev-1"})
		if _, err := ix.Claim("ev-2", []Key{email("new@example.com")}, t0); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		// When it is reopened
		ix = openDir(t, dir)
		defer ix.Close()
		// Then everything is there
		got, ok := mustGet(t, ix, "101")
		if !ok || !reflect.DeepEqual(got, r) {
			t.Fatalf("Get = %+v, %v", got, ok)
		}
		wantIDs(t, ix, phone("+14155550100"), "101")
		if id, ok, _ := ix.Processed("ev-1"); !ok || id != "101" {
			t.Fatalf("Processed = %q, %v", id, ok)
		}
		st, err := ix.Stats()
		if err != nil {
			t.Fatal(err)
		}
		// external id, e-mail, phone and its two blocking keys, name key
		// and its two blocking keys (initial and surname's sound, first
		// name at the company)
		want := Stats{Records: 1, Keys: 8, Postings: 8, ProcessedEvents: 1, Claims: 1}
		st.LSMBytes, st.VlogBytes = 0, 0
		if st != want {
			t.Fatalf("Stats = %+v, want %+v", st, want)
		}
	})
}
