package stages

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kgo"
)

// lostAnswer is a CRM whose creates land and whose answers are lost, as
// when the gatekeeper dies (or times out) between the CRM's write and the
// index write: the create is applied, the caller gets an ambiguous failure.
type lostAnswer struct {
	connectors.CRM
}

var errLost = &connectors.TransientError{MaybeApplied: true, Err: errors.New("the process died before the answer")}

func (l lostAnswer) Create(ctx context.Context, props map[string]string) (connectors.Contact, error) {
	_, _ = l.CRM.Create(ctx, props)
	return connectors.Contact{}, errLost
}

func (l lostAnswer) BatchCreate(ctx context.Context, inputs []map[string]string) (connectors.BatchResult, error) {
	_, _ = l.CRM.BatchCreate(ctx, inputs)
	return connectors.BatchResult{}, errLost
}

func (l lostAnswer) BatchUpsert(ctx context.Context, inputs []connectors.UpsertInput) (connectors.BatchResult, error) {
	_, _ = l.CRM.BatchUpsert(ctx, inputs)
	return connectors.BatchResult{}, errLost
}

// gatekeeperOn is a fresh Gatekeeper with an empty in-memory index on crm:
// another instance, or the same one restarted without its state.
func gatekeeperOn(t *testing.T, crm connectors.CRM, mod func(*Config)) (*Gatekeeper, *state.Index) {
	t.Helper()
	ix, err := state.Open("", state.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	cfg := Config{Decoder: schemas.NewDecoder(nil), Index: ix, CRM: crm, DefaultRegion: "US"}
	if mod != nil {
		mod(&cfg)
	}
	g, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g, ix
}

// applyOnce prepares r and applies it once.
func applyOnce(t *testing.T, g *Gatekeeper, r *kgo.Record) (*schemas.Outcome, error) {
	t.Helper()
	job, err := g.Prepare(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	return g.Apply(t.Context(), job)
}

func TestCreateIsIdempotentByKey(t *testing.T) {
	// An event without an e-mail: nothing but the key can find its contact
	// before the search index catches up.
	phoneOnly := func(id string) schemas.ContactEvent {
		return schemas.ContactEvent{EventID: id, Source: "webinar", OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
			Phone: "+1 415 555 0142", FirstName: "Dana", LastName: "Okafor", Properties: map[string]string{"jobtitle": "CTO"}}
	}
	crash := func(t *testing.T, crm *emulator.Emulator, r *kgo.Record, mod func(*Config)) {
		t.Helper()
		dying, _ := gatekeeperOn(t, lostAnswer{crm}, mod)
		if _, err := applyOnce(t, dying, r); !dying.Retryable(err) {
			t.Fatalf("apply with the answer lost = %v, want a retryable error", err)
		}
		if n := crm.Stats().Records; n != 1 {
			t.Fatalf("%d records after the lost create, want 1", n)
		}
	}

	t.Run("should find the contact of a create that landed before a crash, from an empty index", func(t *testing.T) {
		// Given a CRM whose search lags far behind, and a gatekeeper that
		// creates an e-mail-less contact and dies before its index write
		crm := emulator.New(emulator.Config{SearchLag: time.Hour})
		r := kafkaRecord(t, phoneOnly("evt-crash-1"))
		crash(t, crm, r, nil)

		// When another gatekeeper, with an empty index, replays the event
		g, ix := gatekeeperOn(t, crm, nil)
		out, err := applyOnce(t, g, r)

		// Then the CRM still holds exactly one contact: the replay's
		if err != nil {
			t.Fatal(err)
		}
		if st := crm.Stats(); st.Records != 1 || st.UpsertsFound != 1 {
			t.Fatalf("%d records after the replay, %d upserts that found their contact; want 1 and 1", st.Records, st.UpsertsFound)
		}
		page, _ := crm.List(t.Context(), "", 10, []string{connectors.PropContactgateKey, "jobtitle"})
		c := page.Results[0]
		if out.RecordID != c.ID || out.Action != schemas.ActionCreated || out.MatchedBy != schemas.MatchedByNone {
			t.Fatalf("outcome %s %s by %s, want created %s", out.RecordID, out.Action, out.MatchedBy, c.ID)
		}
		if !strings.HasPrefix(c.Properties[connectors.PropContactgateKey], createKeyPrefix) || c.Properties["jobtitle"] != "CTO" {
			t.Fatalf("contact %+v, want the event's key and properties", c.Properties)
		}
		// And the replaying instance indexed it, so that the person's next
		// event updates it
		if ids, _ := ix.Lookup(state.Key{Kind: state.KeyPhone, Value: "+14155550142"}); len(ids) != 1 || ids[0] != c.ID {
			t.Fatalf("index by phone: %v, want %s", ids, c.ID)
		}
		next := phoneOnly("evt-crash-2")
		next.Properties = map[string]string{"jobtitle": "CEO"}
		if out, err := applyOnce(t, g, kafkaRecord(t, next)); err != nil || out.RecordID != c.ID || out.Action != schemas.ActionUpdated {
			t.Fatalf("next event: %+v, %v; want an update of %s", out, err, c.ID)
		}
		if n := crm.Stats().Records; n != 1 {
			t.Fatalf("%d records at the end, want 1", n)
		}
	})

	t.Run("should create a second contact without the key (the path the key replaces)", func(t *testing.T) {
		noKey := func(c *Config) { c.NoKeyProperty = true }
		crm := emulator.New(emulator.Config{SearchLag: time.Hour})
		r := kafkaRecord(t, phoneOnly("evt-crash-1"))
		crash(t, crm, r, noKey)

		g, _ := gatekeeperOn(t, crm, noKey)
		if _, err := applyOnce(t, g, r); err != nil {
			t.Fatal(err)
		}

		if n := crm.Stats().Records; n != 2 {
			t.Fatalf("%d records, want the duplicate the key prevents", n)
		}
	})

	t.Run("should set the key on a create with an e-mail, still a create", func(t *testing.T) {
		crm := emulator.New(emulator.Config{})
		g, _ := gatekeeperOn(t, crm, nil)
		ev := phoneOnly("evt-mail-1")
		ev.Email = "dana@okafor.example"
		job, err := g.Prepare(t.Context(), kafkaRecord(t, ev))
		if err != nil {
			t.Fatal(err)
		}

		out, err := g.Apply(t.Context(), job)

		if err != nil || out.Action != schemas.ActionCreated {
			t.Fatalf("%+v, %v", out, err)
		}
		c, _ := crm.Get(t.Context(), out.RecordID, []string{connectors.PropEmail})
		if want := createKey(job.Value.(*event)); c.Key != want {
			t.Fatalf("key %q, want %q", c.Key, want)
		}
		if st := crm.Stats(); st.Create != 1 || st.ByOperation[emulator.OpBatchUpsert] != 0 {
			t.Fatalf("%d creates, %d upserts; want the create (its 409 finds an existing e-mail)", st.Create, st.ByOperation[emulator.OpBatchUpsert])
		}
	})

	t.Run("should update the contact holding its key when the contact lost its e-mail since", func(t *testing.T) {
		// Given a create with an e-mail that landed before a crash, and an
		// admin who then changed that contact's e-mail
		crm := emulator.New(emulator.Config{SearchLag: time.Hour})
		ev := phoneOnly("evt-mail-2")
		ev.Email = "dana@okafor.example"
		r := kafkaRecord(t, ev)
		crash(t, crm, r, nil)
		page, _ := crm.List(t.Context(), "", 1, nil)
		orphan := page.Results[0]
		if _, err := crm.Update(t.Context(), orphan.ID, map[string]string{"email": "d.okafor@elsewhere.example"}); err != nil {
			t.Fatal(err)
		}

		// When another gatekeeper replays the event: its create misses the
		// e-mail and meets the key
		g, _ := gatekeeperOn(t, crm, nil)
		out, err := applyOnce(t, g, r)

		// Then the event is merged into that contact (the admin's e-mail,
		// ranked "crm", wins), not into a new one
		if err != nil || out.RecordID != orphan.ID || out.Action == schemas.ActionCreated {
			t.Fatalf("%+v, %v; want the event applied to %s", out, err, orphan.ID)
		}
		if n := crm.Stats().Records; n != 1 {
			t.Fatalf("%d records, want 1", n)
		}
	})

	t.Run("should not let an event's properties set the key", func(t *testing.T) {
		crm := emulator.New(emulator.Config{})
		g, _ := gatekeeperOn(t, crm, nil)
		ev := phoneOnly("evt-prop-1")
		ev.Properties = map[string]string{connectors.PropContactgateKey: "mine"}
		out, err := applyOnce(t, g, kafkaRecord(t, ev))
		if err != nil {
			t.Fatal(err)
		}
		c, _ := crm.Get(t.Context(), out.RecordID, []string{connectors.PropPhone})
		if got := c.Key; !strings.HasPrefix(got, createKeyPrefix) {
			t.Fatalf("key %q, want contactgate's", got)
		}
	})
}

func TestCreateKey(t *testing.T) {
	ev := func(id, topic string, partition int32, offset int64) *event {
		return &event{ce: schemas.ContactEvent{EventID: id}, input: inputPosition{topic, partition, offset}}
	}
	t.Run("should derive the key from the event id alone", func(t *testing.T) {
		a, b := createKey(ev("evt-1", "in", 0, 10)), createKey(ev("evt-1", "in.retry", 3, 99))
		if a != b || len(a) != len(createKeyPrefix)+32 || !strings.HasPrefix(a, createKeyPrefix) {
			t.Fatalf("keys %q and %q, want one 128-bit key for both", a, b)
		}
		if createKey(ev("evt-2", "in", 0, 10)) == a || createKey(ev("EVT-1", "in", 0, 10)) == a {
			t.Fatal("two events share a key")
		}
	})
	t.Run("should derive the key from the input record without an event id", func(t *testing.T) {
		a := createKey(ev("", "in", 1, 7))
		if a != createKey(ev(" ", "in", 1, 7)) || a == createKey(ev("", "in", 1, 8)) || a == createKey(ev("", "in", 2, 7)) {
			t.Fatal("want one key per input record")
		}
	})
	t.Run("should keep the derivation of version 1", func(t *testing.T) {
		// A change would make replays of events created before it miss their
		// contacts: bump createKeyPrefix instead.
		if got, want := createKey(ev("evt-1", "", 0, 0)), "cg1-7918bf7a3792be9a7f79ef02dc1a3fd0"; got != want {
			t.Fatalf("key %q, want %q (SHA-256 of \"event:evt-1\", 128 bits)", got, want)
		}
	})
}

func TestKeyPropertyConfig(t *testing.T) {
	crm := emulator.New(emulator.Config{})
	t.Run("should default to contactgate_key", func(t *testing.T) {
		g, _ := gatekeeperOn(t, crm, nil)
		if g.cfg.KeyProperty != connectors.PropContactgateKey || g.cfg.NoKeyProperty {
			t.Fatalf("key property %q (off: %t)", g.cfg.KeyProperty, g.cfg.NoKeyProperty)
		}
	})
	t.Run("should refuse a key property that is no property name", func(t *testing.T) {
		ix, err := state.Open("", state.Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		_, err = New(Config{Decoder: schemas.NewDecoder(nil), Index: ix, CRM: crm, KeyProperty: "Contactgate-Key"})
		if err == nil || !strings.Contains(err.Error(), "key property") {
			t.Fatalf("New = %v, want a refusal of the key property", err)
		}
	})
}
