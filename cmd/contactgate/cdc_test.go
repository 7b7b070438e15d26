package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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

// cdcFixture reads a change event of testdata/cdc, as Debezium's
// documentation shows them.
func cdcFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cdc", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Issue 16's Show: CDC records from a fixture set end as the same outcomes
// as the equivalent ContactEvents. Two runs of contactgate run on the real
// broker (kfake without KAFKA_BROKERS), one fed the change events, one the
// ContactEvents a producer would write for the same rows; their outcomes
// are compared field by field, all but the event ids, the record ids (each
// run's CRM numbers its own; they are compared by which input made them)
// and where and when they were processed.
func TestCDCRecordsEndAsTheOutcomesOfTheirContactEvents(t *testing.T) {
	c := kafkatest.New(t)
	ctx := kafkatest.Context(t, 3*time.Minute)
	fake := srfake.New()
	t.Cleanup(fake.Close)
	srcl, err := sr.NewClient(sr.URLs(fake.URL()))
	if err != nil {
		t.Fatal(err)
	}

	// Given change events: a MySQL create (the JSON converter's wrapper), a
	// PostgreSQL update of the same row, a create written with the Avro
	// converter under registry id 31, an Oracle snapshot row with mapped
	// upper-case columns, a Kafka Connect JSON row of the same person, and
	// the MySQL delete of the first row
	envelope := string(cdcFixture(t, "debezium-mysql-envelope.avsc"))
	fake.SeedSchema("mysql-server-1.inventory.customers-value", 1, 31, sr.Schema{Schema: envelope})
	codec, err := goavro.NewCodec(envelope)
	if err != nil {
		t.Fatal(err)
	}
	avroCreate, err := codec.BinaryFromNative(schemas.AppendWireHeader(nil, 31), map[string]any{
		"before": nil,
		"after": goavro.Union("mysql_server_1.inventory.customers.Value", map[string]any{"id": int32(1007),
			"first_name": "Carla", "last_name": "Diaz", "email": goavro.Union("string", "carla.diaz@example.com")}),
		"source": map[string]any{"version": "2.7.0.Final", "connector": "mysql", "name": "mysql-server-1",
			"ts_ms": int64(1_465_491_500_000), "db": "inventory", "table": goavro.Union("string", "customers"),
			"file": "mysql-bin.000003", "pos": int64(912), "row": int32(0)},
		"op": "c", "ts_ms": goavro.Union("long", int64(1_465_491_500_321))})
	if err != nil {
		t.Fatal(err)
	}
	cdc := [][]byte{
		cdcFixture(t, "debezium-mysql-create.json"),
		cdcFixture(t, "debezium-postgres-update.json"),
		avroCreate,
		cdcFixture(t, "debezium-oracle-snapshot.json"),
		cdcFixture(t, "connect-json-row.json"),
		cdcFixture(t, "debezium-mysql-delete.json"),
	}
	// And the ContactEvents of the same rows: the source the mapping names
	// for their table, source.ts_ms (or the mapped UPDATED_AT) as their time
	events := [][]byte{
		[]byte(`{"event_id":"anne-c","source":"billing","occurred_at":"2016-06-09T16:56:51Z",
			"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org"}`),
		[]byte(`{"event_id":"anne-u","source":"billing","occurred_at":"2019-05-28T08:58:24.863Z",
			"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org"}`),
		[]byte(`{"event_id":"carla","source":"billing","occurred_at":"2016-06-09T16:58:20Z",
			"first_name":"Carla","last_name":"Diaz","email":"carla.diaz@example.com"}`),
		[]byte(`{"event_id":"robert-erp","source":"erp","occurred_at":"2023-11-14T22:13:20Z","external_id":"1005",
			"first_name":"Robert","last_name":"Smith","email":"R.Smith@AcmeCorp.com","phone":"+1 415 555 0134",
			"company":"Acme Corp","properties":{"jobtitle":"CFO"}}`),
		[]byte(`{"event_id":"robert-cdc","source":"cdc","occurred_at":"2023-11-14T22:13:20Z","external_id":"1005",
			"first_name":"Robert","last_name":"Smith","email":"R.Smith@AcmeCorp.com","properties":{"jobtitle":"CFO"}}`),
	}

	// When each set goes through its own contactgate run
	fromCDC := runOutcomes(t, ctx, c, fake, srcl, "cdc", cdc, len(cdc))
	fromEvents := runOutcomes(t, ctx, c, fake, srcl, "ce", events, len(events))

	// Then each change event's outcome is its ContactEvent's
	cdcRecords, eventRecords := map[string]int64{}, map[string]int64{}
	for i := range events {
		got, want := fromCDC[int64(i)], fromEvents[int64(i)]
		if got == nil || want == nil {
			t.Fatalf("input %d: outcome %v from the change event, %v from the ContactEvent", i, got, want)
		}
		if !strings.HasPrefix(got["event_id"].(string), "cdc-") {
			t.Errorf("input %d: event id %v, want one derived from the change", i, got["event_id"])
		}
		t.Logf("input %d: %v by %v", i, got["action"], got["matched_by"])
		sameRecord(t, i, cdcRecords, got, eventRecords, want)
		g, w := withoutIDs(got), withoutIDs(want)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("input %d: the change event's outcome\n%v\nthe ContactEvent's\n%v", i, g, w)
		}
	}
	// And the delete is an outcome ignored on Anne's record, which keeps
	// the state of the update before it
	del := fromCDC[int64(len(cdc)-1)]
	if del == nil || del["action"] != string(schemas.ActionIgnored) || del["record_id"] != fromCDC[1]["record_id"] {
		t.Fatalf("the delete's outcome %v, want ignored on record %v", del, fromCDC[1]["record_id"])
	}
	if !reflect.DeepEqual(del["properties"], fromCDC[1]["properties"]) || !reflect.DeepEqual(del["identifiers"], fromCDC[1]["identifiers"]) {
		t.Errorf("the delete's record state\n%v %v\nwant the update's\n%v %v", del["identifiers"], del["properties"],
			fromCDC[1]["identifiers"], fromCDC[1]["properties"])
	}
}

// sameRecord checks that input i went to the record of the same earlier
// input (or to a new one) in both runs: record ids are each CRM's own.
func sameRecord(t *testing.T, i int, cdcRecords map[string]int64, got map[string]any, eventRecords map[string]int64, want map[string]any) {
	t.Helper()
	g, gok := cdcRecords[got["record_id"].(string)]
	w, wok := eventRecords[want["record_id"].(string)]
	if gok != wok || g != w {
		t.Errorf("input %d: the change event went to the record of input %d (%v), the ContactEvent to input %d's (%v)", i, g, gok, w, wok)
	}
	if !gok {
		cdcRecords[got["record_id"].(string)] = int64(i)
		eventRecords[want["record_id"].(string)] = int64(i)
	}
}

// withoutIDs is an outcome without what differs between the two runs by
// construction: the ids, the input position and the processing time.
func withoutIDs(o map[string]any) map[string]any {
	c := make(map[string]any, len(o))
	for k, v := range o {
		switch k {
		case "event_id", "record_id", "input", "processed_at":
		default:
			c[k] = v
		}
	}
	return c
}

// runOutcomes runs contactgate run (CRM: the emulator, through the
// registry, mapping testdata/cdc/mapping.yaml) on values produced in order
// to one partition of a new topic, and returns the first n outcomes by
// input offset, decoded with the registry's schema for them.
func runOutcomes(t *testing.T, ctx context.Context, c *kafkatest.Cluster, fake *srfake.Registry, srcl *sr.Client, name string, values [][]byte, n int) map[int64]map[string]any {
	t.Helper()
	prefix := kafkatest.Name(t, name)
	events, outcomes := prefix+"in", prefix+"out"
	addr := freeAddr(t)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(runCtx, []string{"contactgate", "run", "--brokers", strings.Join(c.Brokers, ","),
			"--events-topic", events, "--outcomes-topic", outcomes, "--dlq-topic", prefix + "dlq", "--group", prefix + "g",
			"--crm", "emulator", "--state-dir", t.TempDir(), "--metrics-addr", addr,
			"--schema-registry-url", fake.URL(), "--schema-registry-register",
			"--mapping", filepath.Join("..", "..", "testdata", "cdc", "mapping.yaml")})
	}()
	waitReady(t, ctx, addr, done)
	recs := make([]*kgo.Record, len(values))
	for i, v := range values {
		// One key: one partition, so the input offsets are the order here.
		recs[i] = &kgo.Record{Topic: events, Key: []byte("contacts"), Value: v}
	}
	cl := c.Client(t, kgo.ConsumeTopics(outcomes), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	latest, err := srcl.SchemaByVersion(ctx, schemas.SubjectFor(outcomes), -1)
	if err != nil {
		t.Fatal(err)
	}
	byOffset := map[int64]map[string]any{}
	for _, o := range readOutcomes(t, ctx, cl, srcl, latest.ID, n) {
		in := o["input"].(map[string]any)
		byOffset[in["offset"].(int64)] = o
	}
	if body := getMetrics(addr); strings.Contains(body, `outcome="dead_lettered"`) {
		t.Errorf("%s: dead letters:\n%s", name, grepLines(body, "dead_letter"))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run %s: %v", name, err)
	}
	return byOffset
}
