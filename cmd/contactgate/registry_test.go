package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"github.com/urfave/cli/v2"
)

// A producer's ContactEvent schema, newer than ours: fields reordered, one
// added. Registered under an id contactgate's embedded ids (1, 2) never use.
const evolvedContactEventSchema = `{"type":"record","name":"ContactEvent","namespace":"contactgate.v1","fields":[
	{"name":"source","type":"string"},
	{"name":"event_id","type":"string"},
	{"name":"email","type":["null","string"],"default":null},
	{"name":"first_name","type":["null","string"],"default":null},
	{"name":"occurred_at","type":{"type":"long","logicalType":"timestamp-millis"}},
	{"name":"utm_campaign","type":["null","string"],"default":null}]}`

// The registry here is franz-go's srfake, an in-process server of the
// Confluent REST API that pkg/sr speaks: no Confluent-compatible registry
// (Karapace, Apicurio) installs on this machine from the registries it
// reaches. The broker is the real one when KAFKA_BROKERS is set.
func TestRunWithSchemaRegistry(t *testing.T) {
	c := kafkatest.New(t)
	ctx := kafkatest.Context(t, 3*time.Minute)
	prefix := kafkatest.Name(t, "")
	events, outcomes, dlq := prefix+"in", prefix+"out", prefix+"dlq"

	// Given a registry behind basic auth that holds the producer's schema
	// under id 7, and an unrelated schema under id 2
	const user, pass = "contactgate", "registry-secret-1"
	fake := srfake.New(srfake.WithAuth("Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))))
	t.Cleanup(fake.Close)
	fake.SeedSchema("billing-value", 1, 2, sr.Schema{Schema: `{"type":"record","name":"Invoice","fields":[{"name":"n","type":"long"}]}`})
	fake.SeedSchema(schemas.SubjectFor(events), 1, 7, sr.Schema{Schema: evolvedContactEventSchema})
	t.Setenv(schemaRegistryPasswordEnv, pass)
	srcl, err := sr.NewClient(sr.URLs(fake.URL()), sr.BasicAuth(user, pass))
	if err != nil {
		t.Fatal(err)
	}

	// And input records: one written with registry id 7, a Debezium create
	// and the same person as a ContactEvent, that row's Debezium delete, a
	// Debezium delete of a row that names no one, a tombstone, a bare Avro ContactEvent, and one more person as a
	// Debezium snapshot row with upper-case columns, a Kafka Connect JSON
	// row and a ContactEvent
	evolved, err := goavro.NewCodec(evolvedContactEventSchema)
	if err != nil {
		t.Fatal(err)
	}
	v7, err := evolved.BinaryFromNative(schemas.AppendWireHeader(nil, 7), map[string]any{"source": "web_form", "event_id": "ev-7",
		"email": goavro.Union("string", "carla@example.com"), "first_name": goavro.Union("string", "Carla"),
		"occurred_at": time.UnixMilli(1_750_000_000_000), "utm_campaign": goavro.Union("string", "spring")})
	if err != nil {
		t.Fatal(err)
	}
	annJSON := []byte(`{"event_id":"ev-ann","source":"web_form","email":"annek@noanswer.org","first_name":"Anne","occurred_at":"2026-01-01T00:00:00Z"}`)
	bare, err := schemas.AppendContactEventAvro(nil, &schemas.ContactEvent{EventID: "ev-bare", Source: "billing",
		OccurredAt: time.UnixMilli(1_750_000_000_000).UTC(), Email: "dan@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	fixture := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cdc", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	robertJSON := []byte(`{"event_id":"ev-robert","source":"web_form","email":"r.smith@acmecorp.com","occurred_at":"2026-01-01T00:00:00Z"}`)
	recs := []*kgo.Record{
		{Topic: events, Key: []byte("carla"), Value: v7},
		{Topic: events, Key: []byte("ann"), Value: fixture("debezium-mysql-create.json")},
		{Topic: events, Key: []byte("ann"), Value: annJSON},
		{Topic: events, Key: []byte("ann"), Value: fixture("debezium-mysql-delete.json")},
		{Topic: events, Key: []byte("ann"), Value: fixture("debezium-postgres-delete.json")},
		{Topic: events, Key: []byte("ann")},
		{Topic: events, Key: []byte("dan"), Value: bare},
		{Topic: events, Key: []byte("robert"), Value: fixture("debezium-oracle-snapshot.json")},
		{Topic: events, Key: []byte("robert"), Value: fixture("connect-json-row.json")},
		{Topic: events, Key: []byte("robert"), Value: robertJSON},
	}

	// When contactgate run consumes them through the registry, allowed to
	// register the outcome schema
	addr := freeAddr(t)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(runCtx, []string{"contactgate", "run", "--brokers", strings.Join(c.Brokers, ","),
			"--events-topic", events, "--outcomes-topic", outcomes, "--dlq-topic", dlq, "--group", prefix + "g",
			"--crm", "emulator", "--state-dir", t.TempDir(), "--metrics-addr", addr, "--status-interval", "1s",
			"--schema-registry-url", fake.URL(), "--schema-registry-user", user, "--schema-registry-register",
			"--mapping", filepath.Join("..", "..", "testdata", "cdc", "mapping.yaml")})
	}()
	waitReady(t, ctx, addr, done)
	cl := c.Client(t, kgo.ConsumeTopics(outcomes), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}

	// Then the outcome subject holds our outcome schema under a new id
	latest, err := srcl.SchemaByVersion(ctx, schemas.SubjectFor(outcomes), -1)
	if err != nil {
		t.Fatal(err)
	}
	if latest.ID == schemas.EmbeddedOutcomeID || latest.ID == 7 {
		t.Fatalf("outcome schema id %d: want one the registry assigned", latest.ID)
	}
	// And the seven events with a contact and the delete of a known row
	// end as outcomes that carry that id and decode with the schema the
	// registry serves for it
	got := readOutcomes(t, ctx, cl, srcl, latest.ID, 8)
	bySource := map[string]map[string]any{}
	var ignored []map[string]any
	for id, o := range got {
		switch {
		case o["action"] == string(schemas.ActionIgnored):
			ignored = append(ignored, o)
		case strings.HasPrefix(id, "cdc-"):
			bySource[o["source"].(string)] = o
		}
	}
	for _, id := range []string{"ev-7", "ev-ann", "ev-bare", "ev-robert"} {
		if got[id] == nil {
			t.Fatalf("no outcome for %s (got %v)", id, keys(got))
		}
	}
	// And a CDC record ends on the same record as the equivalent ContactEvent
	for source, want := range map[string]string{"billing": "ev-ann", "erp": "ev-robert", "cdc": "ev-robert"} {
		switch o := bySource[source]; {
		case o == nil:
			t.Errorf("no outcome of a CDC record from %s (got %v)", source, keys(got))
		case o["record_id"] != got[want]["record_id"]:
			t.Errorf("the CDC row from %s and ContactEvent %s went to records %v and %v", source, want, o["record_id"], got[want]["record_id"])
		}
	}
	// And the delete of Ann's row is an outcome ignored on her record, with
	// the reason
	if len(ignored) != 1 || ignored[0]["record_id"] != got["ev-ann"]["record_id"] {
		t.Errorf("ignored outcomes %v, want one on Ann's record %v", ignored, got["ev-ann"]["record_id"])
	} else if refused, _ := ignored[0]["refused"].([]any); len(refused) != 1 || !strings.Contains(fmt.Sprint(refused[0]), "never deletes") {
		t.Errorf("the ignored delete's refused %v, want the op with its reason", ignored[0]["refused"])
	}
	// And the other delete and the tombstone are skipped and counted,
	// nothing is dead-lettered
	waitMetrics(t, ctx, addr, done, []string{
		`contactgate_events_total{outcome="ignored"} 1`,
		`contactgate_input_skipped_total{reason="debezium_delete"} 1`,
		`contactgate_input_skipped_total{reason="tombstone"} 1`,
	})
	if body := getMetrics(addr); strings.Contains(body, `outcome="dead_lettered"`) {
		t.Errorf("dead letters:\n%s", grepLines(body, "dead_letter"))
	}

	// When the registry stops answering, and an event arrives with a schema
	// id contactgate has not seen
	var refused atomic.Int32
	fake.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/") {
			refused.Add(1)
			http.Error(w, `{"error_code":50001,"message":"store unavailable"}`, http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	fake.SeedSchema(schemas.SubjectFor(events), 2, 9, sr.Schema{Schema: schemas.ContactEventSchema})
	v9, err := schemas.AppendContactEventWire(nil, 9, &schemas.ContactEvent{EventID: "ev-9", Source: "billing",
		OccurredAt: time.UnixMilli(1_750_000_000_000).UTC(), Email: "erin@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: events, Key: []byte("erin"), Value: v9}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	// Then it is retried, not dead-lettered, and processed once the
	// registry is back
	for refused.Load() < 2 {
		select {
		case <-ctx.Done():
			t.Fatal("the registry was never asked twice for id 9")
		case err := <-done:
			t.Fatalf("run stopped: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	fake.ClearInterceptors()
	if o := readOutcomes(t, ctx, cl, srcl, latest.ID, 1); o["ev-9"] == nil {
		t.Errorf("after the registry came back: outcomes %v, want ev-9", keys(o))
	}
	if body := getMetrics(addr); strings.Contains(body, `outcome="dead_lettered"`) {
		t.Errorf("dead letters:\n%s", grepLines(body, "dead_letter"))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// readOutcomes reads n outcome records, checks that each carries schemaID
// in its wire header, and decodes each with the registry's schema for that
// id and plain goavro, as a consumer that knows nothing of contactgate
// would. It returns them by event id.
func readOutcomes(t *testing.T, ctx context.Context, cl *kgo.Client, srcl *sr.Client, schemaID, n int) map[string]map[string]any {
	t.Helper()
	s, err := srcl.SchemaByID(ctx, schemaID)
	if err != nil {
		t.Fatal(err)
	}
	codec, err := goavro.NewCodec(s.Schema)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]map[string]any)
	for len(out) < n {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("%d of %d outcomes before the deadline: %v", len(out), n, keys(out))
		}
		fs.EachRecord(func(r *kgo.Record) {
			id, payload, err := schemas.SplitWire(r.Value)
			if err != nil || id != schemaID {
				t.Fatalf("outcome at offset %d: schema id %d, %v; want %d", r.Offset, id, err, schemaID)
			}
			native, _, err := codec.NativeFromBinary(payload)
			if err != nil {
				t.Fatalf("outcome at offset %d does not decode with the registry's schema: %v", r.Offset, err)
			}
			m := native.(map[string]any)
			out[m["event_id"].(string)] = m
		})
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func getMetrics(addr string) string {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// waitReady waits until run answers /readyz, or fails when it stops.
func waitReady(t *testing.T, ctx context.Context, addr string, done <-chan error) {
	t.Helper()
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("run stopped before it was ready: %v", err)
		case <-ctx.Done():
			t.Fatal("run never ready")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitMetrics waits until /metrics has every line of want.
func waitMetrics(t *testing.T, ctx context.Context, addr string, done <-chan error, want []string) {
	t.Helper()
	for {
		body, missing := getMetrics(addr), 0
		for _, w := range want {
			if !strings.Contains(body, w) {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("run stopped: %v", err)
		case <-ctx.Done():
			t.Fatalf("metrics never had %q:\n%s", want, grepLines(body, "contactgate_"))
		case <-time.After(50 * time.Millisecond):
		}
	}
}
