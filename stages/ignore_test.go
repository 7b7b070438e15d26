package stages

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// cdcRecord is a Kafka record holding one of the change events in
// testdata/cdc, as Debezium's documentation shows them.
func cdcRecord(t *testing.T, name string) *kgo.Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "cdc", name))
	if err != nil {
		t.Fatal(err)
	}
	return &kgo.Record{Topic: schemas.TopicEvents, Value: b}
}

// DESIGN section 8: a Debezium delete is an outcome ignored, with its
// reason; the CRM record stays as it is.
func TestADebeziumDeleteIsAnOutcomeIgnored(t *testing.T) {
	ctx := context.Background()
	// Given a contact made from a Debezium create
	e := newEnv(t)
	created, err := e.processRecord(ctx, cdcRecord(t, "debezium-mysql-create.json"))
	if err != nil {
		t.Fatal(err)
	}
	before := e.contact(created.RecordID)
	calls := e.crm.Stats()

	// When the same row's delete arrives
	out, err := e.processRecord(ctx, cdcRecord(t, "debezium-mysql-delete.json"))
	if err != nil {
		t.Fatalf("delete: %v", err)
	}

	// Then the CRM was not called
	if now := e.crm.Stats(); now.Total != calls.Total {
		t.Errorf("%d CRM calls for the delete, want none", now.Total-calls.Total)
	}
	// And its outcome names the record, says ignored and why, and carries
	// the record's state as the last outcome did
	if out.RecordID != created.RecordID || out.Action != schemas.ActionIgnored || out.MatchedBy != schemas.MatchedByEmail {
		t.Fatalf("outcome %s %s by %s, want %s ignored by email", out.RecordID, out.Action, out.MatchedBy, created.RecordID)
	}
	if len(out.Refused) != 1 || out.Refused[0].Field != "op" || out.Refused[0].Value != "d" || out.Refused[0].Reason == "" {
		t.Errorf("refused %+v, want the op d with its reason", out.Refused)
	}
	if out.Source != created.Source {
		t.Errorf("source %q, want the create's %q", out.Source, created.Source)
	}
	for name, v := range created.Properties {
		if out.Properties[name].Value != v.Value {
			t.Errorf("property %s = %q, want %q as the record holds it", name, out.Properties[name].Value, v.Value)
		}
	}
	if len(out.Identifiers.Emails) == 0 || out.Identifiers.Emails[0] != created.Identifiers.Emails[0] {
		t.Errorf("identifiers %+v, want the record's %+v", out.Identifiers, created.Identifiers)
	}
	// And the CRM was neither written nor emptied: the deleted row's first
	// name (Anne Marie) is not the record's (Anne)
	if after := e.contact(created.RecordID); after.Properties[connectors.PropFirstName] != before.Properties[connectors.PropFirstName] ||
		after.Properties[connectors.PropEmail] != before.Properties[connectors.PropEmail] {
		t.Errorf("CRM contact %v, was %v", after.Properties, before.Properties)
	}
}

func TestADebeziumDeleteOfNoKnownRecordIsSkipped(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, fixture string }{
		{name: "should skip the delete of a row the index never saw", fixture: "debezium-mysql-delete.json"},
		{name: "should skip a delete whose before row names no one", fixture: "debezium-postgres-delete.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			out, err := e.processRecord(ctx, cdcRecord(t, tc.fixture))
			var sk *schemas.SkippedError
			if !errors.As(err, &sk) || sk.Reason != schemas.SkipDebeziumDelete {
				t.Fatalf("outcome %+v, error %v: want a skip for %s", out, err, schemas.SkipDebeziumDelete)
			}
			if n := e.records(); n != 0 {
				t.Errorf("%d CRM records, want none", n)
			}
		})
	}
}
