package schemas

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// The fixtures in testdata/cdc are change events as Debezium's connector
// documentation shows them (MySQL with the JSON converter's schema/payload
// wrapper; PostgreSQL and Oracle without it) and a Kafka Connect JSON row.
func cdcFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "cdc", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixtureMapping(t *testing.T) Mapping {
	t.Helper()
	m, err := LoadMapping(filepath.Join("..", "testdata", "cdc", "mapping.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDecodeCDCEnvelopes(t *testing.T) {
	ctx := context.Background()
	robert := ContactEvent{Source: "erp", OccurredAt: time.UnixMilli(1_700_000_000_000).UTC(), ExternalID: "1005",
		Email: "R.Smith@AcmeCorp.com", Phone: "+1 415 555 0134", FirstName: "Robert", LastName: "Smith", Company: "Acme Corp",
		Properties: map[string]string{"jobtitle": "CFO"}}
	upper := fixtureMapping(t)
	robertRow := robert
	robertRow.Source, robertRow.Phone, robertRow.Company = "cdc", "", ""
	for _, tc := range []struct {
		name     string
		fixture  string
		envelope Envelope
		mapping  *Mapping
		want     ContactEvent
	}{
		{name: "should read the after row of a Debezium create with the schema/payload wrapper", fixture: "debezium-mysql-create.json",
			envelope: EnvelopeAuto, want: ContactEvent{Source: "mysql-server-1", OccurredAt: time.UnixMilli(1_465_491_411_000).UTC(),
				FirstName: "Anne", LastName: "Kretchmar", Email: "annek@noanswer.org"}},
		{name: "should read the after row of a bare Debezium update, its source from the mapping's table", fixture: "debezium-postgres-update.json",
			envelope: EnvelopeDebezium, mapping: &Mapping{Sources: map[string]string{"customers": "billing"}}, want: ContactEvent{Source: "billing", OccurredAt: time.UnixMilli(1_559_033_904_863).UTC(),
				FirstName: "Anne Marie", LastName: "Kretchmar", Email: "annek@noanswer.org"}},
		{name: "should map upper-case columns of a snapshot read", fixture: "debezium-oracle-snapshot.json",
			envelope: EnvelopeAuto, mapping: &upper, want: robert},
		{name: "should map a Kafka Connect JSON row", fixture: "connect-json-row.json",
			envelope: EnvelopeConnectJSON, mapping: &upper, want: robertRow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Given a decoder for the envelope, with the fixture mapping or none
			var m Mapping
			if tc.mapping != nil {
				m = *tc.mapping
			}
			dec := NewDecoder(nil, WithEnvelope(tc.envelope, m))

			// When the fixture is decoded twice
			b := cdcFixture(t, tc.fixture)
			got, err := dec.ContactEvent(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			again, err := dec.ContactEvent(ctx, b)
			if err != nil {
				t.Fatal(err)
			}

			// Then it is the equivalent ContactEvent, with a derived event id
			// that a replay of the same change repeats
			if !strings.HasPrefix(got.EventID, "cdc-") || again.EventID != got.EventID {
				t.Errorf("event ids %q and %q: want one cdc- id", got.EventID, again.EventID)
			}
			got.EventID = ""
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestCDCRecordsWithNothingToApplyAreSkipped(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		in     []byte
		reason string
	}{
		{name: "should skip a Debezium delete", in: cdcFixture(t, "debezium-postgres-delete.json"), reason: SkipDebeziumDelete},
		{name: "should skip a Kafka tombstone", in: nil, reason: SkipTombstone},
		{name: "should skip a wrapped null payload", in: []byte(`{"schema":null,"payload":null}`), reason: SkipTombstone},
		{name: "should skip a truncate", in: []byte(`{"op":"t","before":null,"after":null,"source":{}}`), reason: SkipDebeziumTruncate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewDecoder(nil).ContactEvent(ctx, tc.in)
			var sk *SkippedError
			if !errors.As(err, &sk) || sk.Reason != tc.reason || !errors.Is(err, ErrSkipped) {
				t.Fatalf("error %v (%T), want a skip for %s", err, err, tc.reason)
			}
		})
	}
}

func TestEnvelopeIsEnforced(t *testing.T) {
	ctx := context.Background()
	event := []byte(`{"event_id":"e1","source":"web","email":"a@example.com"}`)
	for _, tc := range []struct {
		name     string
		envelope Envelope
		in       []byte
		field    string
	}{
		{name: "should refuse a Debezium event where only ContactEvents are read", envelope: EnvelopeContactEvent,
			in: cdcFixture(t, "debezium-postgres-update.json")},
		{name: "should refuse a ContactEvent where Debezium events are read", envelope: EnvelopeDebezium, in: event, field: "op"},
		{name: "should refuse a ContactEvent where Connect JSON is read", envelope: EnvelopeConnectJSON, in: event, field: "payload"},
		{name: "should refuse an unknown operation", envelope: EnvelopeAuto, in: []byte(`{"op":"x","after":{}}`), field: "op"},
		{name: "should refuse a create without an after row", envelope: EnvelopeAuto, in: []byte(`{"op":"c","after":null}`), field: "after"},
		{name: "should refuse a column that is not a scalar", envelope: EnvelopeAuto, in: []byte(`{"op":"c","after":{"email":{"a":1,"b":2}}}`), field: "email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewDecoder(nil, WithEnvelope(tc.envelope, Mapping{})).ContactEvent(ctx, tc.in)
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v (%T), want a malformed-record DecodeError", err, err)
			}
			if de.Field != tc.field {
				t.Errorf("field = %q, want %q (%v)", de.Field, tc.field, err)
			}
		})
	}
	// And auto still reads the ContactEvent.
	if e, err := NewDecoder(nil).ContactEvent(ctx, event); err != nil || e.Email != "a@example.com" {
		t.Fatalf("auto: %+v, %v", e, err)
	}
}

func TestDecodeDebeziumAvroThroughTheRegistry(t *testing.T) {
	ctx := context.Background()
	// A Debezium change event written with the Avro converter: the
	// envelope's before and after are unions of null and the table's Value
	// record.
	debeziumAvroSchema := string(cdcFixture(t, "debezium-mysql-envelope.avsc"))
	_, reg := newFakeRegistry(t)
	// Given the Debezium envelope schema registered for a CDC topic
	ss, err := reg.cl.CreateSchema(ctx, "mysql-server-1.inventory.customers-value", sr.Schema{Schema: debeziumAvroSchema})
	if err != nil {
		t.Fatal(err)
	}
	codec, err := goavro.NewCodec(debeziumAvroSchema)
	if err != nil {
		t.Fatal(err)
	}
	row := func(first string) any {
		return goavro.Union("mysql_server_1.inventory.customers.Value", map[string]any{"id": int32(1004), "first_name": first,
			"last_name": "Kretchmar", "email": goavro.Union("string", "annek@noanswer.org")})
	}
	source := map[string]any{"version": "2.7.0.Final", "connector": "mysql", "name": "mysql-server-1", "ts_ms": int64(1_465_491_411_000),
		"db": "inventory", "table": goavro.Union("string", "customers"), "file": "mysql-bin.000003", "pos": int64(484), "row": int32(0)}
	encode := func(op string, before, after any) []byte {
		b, err := codec.BinaryFromNative(AppendWireHeader(nil, ss.ID), map[string]any{"before": before, "after": after,
			"source": source, "op": op, "ts_ms": goavro.Union("long", int64(1_465_491_411_815))})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	dec := NewDecoder(reg, WithEnvelope(EnvelopeDebezium, Mapping{Sources: map[string]string{"inventory.customers": "billing"}}))

	// When a create and a delete are decoded
	got, err := dec.ContactEvent(ctx, encode("c", nil, row("Anne")))
	if err != nil {
		t.Fatal(err)
	}
	_, delErr := dec.ContactEvent(ctx, encode("d", row("Anne"), nil))

	// Then the create is the row's ContactEvent, and the delete is skipped
	want := ContactEvent{EventID: got.EventID, Source: "billing", OccurredAt: time.UnixMilli(1_465_491_411_000).UTC(),
		FirstName: "Anne", LastName: "Kretchmar", Email: "annek@noanswer.org"}
	if !reflect.DeepEqual(got, want) || !strings.HasPrefix(got.EventID, "cdc-") {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if !errors.Is(delErr, ErrSkipped) {
		t.Errorf("delete: %v, want skipped", delErr)
	}
}

func TestMappingRefusesUnknownFields(t *testing.T) {
	var m Mapping
	if err := m.ParseFieldMap("emial=EMAIL_ADDR"); err == nil || !strings.Contains(err.Error(), `"emial"`) {
		t.Errorf("field map with a typo: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(path, []byte("fields:\n  email: E\nsorces:\n  t: s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMapping(path); err == nil || !strings.Contains(err.Error(), "sorces") {
		t.Errorf("mapping file with a typo: %v", err)
	}
}

// DESIGN: plain Avro without the wire header decodes with the embedded schema.
func TestDecodeBareAvro(t *testing.T) {
	e := ContactEvent{EventID: "bare-1", Source: "billing", OccurredAt: time.UnixMilli(1_750_000_000_123).UTC(),
		Email: "r.smith@acmecorp.com", Properties: map[string]string{"jobtitle": "CFO"}}
	b, err := AppendContactEventAvro(nil, &e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewDecoder(nil).ContactEvent(context.Background(), b)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("bare Avro = %+v, %v; want %+v", got, err, e)
	}
}

// A delete's skip carries the deleted row, mapped like an event's, for the
// gatekeeper to name the record it leaves alone; source.ts_ms is its time.
func TestADebeziumDeleteCarriesItsRow(t *testing.T) {
	_, err := NewDecoder(nil).ContactEvent(context.Background(), cdcFixture(t, "debezium-mysql-delete.json"))
	var sk *SkippedError
	if !errors.As(err, &sk) || sk.Reason != SkipDebeziumDelete {
		t.Fatalf("error %v, want a skip for %s", err, SkipDebeziumDelete)
	}
	if sk.Row == nil {
		t.Fatal("no row")
	}
	if r := sk.Row; r.Email != "annek@noanswer.org" || r.FirstName != "Anne Marie" || !r.OccurredAt.Equal(time.UnixMilli(1465581029000)) || r.EventID == "" {
		t.Errorf("row %+v: want Anne Marie's, at source.ts_ms, with an event id", r)
	}
}
