package main

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

// TestCrashAfterCreateWithoutEmailSalesforce is TestCrashAfterCreateWithoutEmail
// against an emulated Salesforce org through the Salesforce client: a
// process is killed after the org applied its create of an event without an
// e-mail; another with an empty state directory replays the event while
// SOSL does not show the contact yet. Unlike HubSpot's, the replay finds the
// contact with or without the key: the gatekeeper's coalesced phone lookup
// (phone IN (...)) has no term to FIND, so the connector runs it as SOQL,
// which is consistent (docs/salesforce.md). No record is created twice.
func TestCrashAfterCreateWithoutEmailSalesforce(t *testing.T) {
	if os.Getenv(kafkatest.EnvBrokers) == "" {
		t.Skip("needs the real broker (KAFKA_BROKERS, started by scripts/test.sh): the processes and the broker must outlive each other")
	}
	if testing.Short() {
		t.Skip("about half a minute: skipped with -short")
	}
	for _, tc := range []struct {
		name        string
		keyProperty string
		wantRecords int
	}{
		{"should find the contact with the key property", connectors.PropContactgateKey, 1},
		{"should find the contact without a key property too: the phone lookup is consistent SOQL", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) { crashAfterCreateSalesforce(t, tc.keyProperty, tc.wantRecords) })
	}
}

func crashAfterCreateSalesforce(t *testing.T, keyProperty string, wantRecords int) {
	cluster := kafkatest.New(t)
	ctx := kafkatest.Context(t, 2*time.Minute)
	prefix := kafkatest.Name(t, "")
	topics := processor.Topics{Events: prefix + "in", Outcomes: prefix + "out", DLQ: prefix + "dlq", Partitions: 1, ReplicationFactor: 1}
	adm := cluster.Admin(t)
	if err := processor.EnsureTopics(ctx, adm, topics); err != nil {
		t.Fatal(err)
	}

	// Given an org whose SOSL lags a minute, and which keeps the answer to
	// the first create it applies until the test ends
	org := sfemulator.New(sfemulator.Config{SearchLag: time.Minute, ClientID: "app", ClientSecret: "crash-secret"})
	held := &heldSalesforceCreate{h: org.Handler(), applied: make(chan struct{}), done: make(chan struct{})}
	srv := httptest.NewServer(held)
	t.Cleanup(srv.Close)
	t.Cleanup(held.release)

	// And an event without an e-mail
	ev := schemas.ContactEvent{EventID: "crash-sf-1", Source: "webinar", OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Phone: "+1 415 555 0142", FirstName: "Dana", LastName: "Okafor", Company: "Okafor Labs"}
	v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &ev)
	if err != nil {
		t.Fatal(err)
	}
	if err := cluster.Client(t).ProduceSync(ctx, &kgo.Record{Topic: topics.Events, Key: []byte("phone:+14155550142"), Value: v}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	args := func(group string) []string {
		return []string{"run", "--brokers", strings.Join(cluster.Brokers, ","),
			"--events-topic", topics.Events, "--outcomes-topic", topics.Outcomes, "--dlq-topic", topics.DLQ,
			"--group", group, "--state-dir", t.TempDir(), "--crm", "salesforce", "--crm-url", srv.URL,
			"--crm-client-id", "app", "--crm-key-property", keyProperty, "--log-level", "warn"}
	}
	env := []string{salesforce.SecretEnv + "=crash-secret"}

	// When a process creates the contact and is killed before it hears back
	dying := startRunProc(t, "run-1", args(prefix+"g1"), env)
	select {
	case <-held.applied:
	case <-ctx.Done():
		t.Fatalf("no create reached the org: %v\n%s", ctx.Err(), dying.tail())
	}
	dying.kill()
	before := org.Stats().Routes

	// And another, with an empty state directory, replays the event
	replay := startRunProc(t, "run-2", args(prefix+"g2"), env)
	waitFor(t, ctx, "the replay to commit the event", []*runProc{replay}, func() (bool, error) {
		return committedToEnd(ctx, adm, prefix+"g2", topics.Events)
	})
	replay.terminate()
	if err := replay.wait(time.Minute); err != nil {
		t.Errorf("run-2: %v\n%s", err, replay.tail())
	}

	// Then the org holds one contact, and the replay's outcome names it,
	// found by its phone
	outs, dls := readOutcomesAndDeadLetters(t, ctx, cluster, topics)
	st := org.Stats()
	if st.Contacts != wantRecords || len(outs) != 1 || len(dls) != 0 || outs[0].RecordID == "" {
		t.Fatalf("%d contacts, %d outcomes (%+v), %d dead letters; want %d contacts and one outcome",
			st.Contacts, len(outs), outs, len(dls), wantRecords)
	}
	if outs[0].Action != schemas.ActionUnchanged || outs[0].MatchedBy != schemas.MatchedByPhone {
		t.Errorf("outcome %s by %s, want %s by %s: the replay did not find the contact by its phone",
			outs[0].Action, outs[0].MatchedBy, schemas.ActionUnchanged, schemas.MatchedByPhone)
	}
	// and the replay found it through SOQL, not the lagging SOSL, and
	// created nothing: the one create is the dying process's
	replayed := func(route string) int { return st.Routes[route] - before[route] }
	if replayed("GET query") == 0 || replayed("GET search") != 0 {
		t.Errorf("the replay ran %d SOQL queries and %d SOSL searches, want SOQL only; routes %v",
			replayed("GET query"), replayed("GET search"), st.Routes)
	}
	creates := 0
	for _, route := range salesforceCreateRoutes {
		creates += st.Routes[route]
	}
	if creates != 1 {
		t.Errorf("%d create calls, want the dying process's one; routes %v", creates, st.Routes)
	}
	t.Logf("%d contacts; routes %v; outcome: %s %s by %s", st.Contacts, st.Routes, outs[0].RecordID, outs[0].Action, outs[0].MatchedBy)
}

// salesforceCreateRoutes are the emulated org's routes (Stats.Routes) that
// can create a contact: single, collection, and upsert by External ID.
var salesforceCreateRoutes = []string{"POST sobject", "PATCH upsert", "POST composite/sobjects", "PATCH composite/sobjects upsert"}

// heldSalesforceCreate serves the org's first create (single, collection,
// or upsert by External ID) to the end, then keeps its answer until
// release. Other requests pass.
type heldSalesforceCreate struct {
	h       http.Handler
	once    sync.Once
	applied chan struct{}
	done    chan struct{}
	stop    sync.Once
}

func (c *heldSalesforceCreate) release() { c.stop.Do(func() { close(c.done) }) }

func (c *heldSalesforceCreate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, sfemulator.DataPath)
	isCreate := (r.Method == http.MethodPost && (p == "/sobjects/Contact" || p == "/composite/sobjects")) ||
		(r.Method == http.MethodPatch && strings.HasPrefix(p, "/composite/sobjects/Contact/"))
	first := false
	if isCreate {
		c.once.Do(func() { first = true })
	}
	if !first {
		c.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r.WithContext(context.WithoutCancel(r.Context())))
	close(c.applied)
	<-c.done
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}
