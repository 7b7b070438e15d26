package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestSIGTERMWithABacklogExitsWithinTheShutdownTimeout: `contactgate run`
// with 4,000 events in flight against a slow CRM (200 ms a request, over
// HTTP) gets SIGTERM: it exits 0 within --shutdown-timeout, dead-letters
// nothing, and commits no input offset past a record without an outcome.
// (Issue 15: a stop under backlog took 68 s, past an orchestrator's grace
// period, and committed far behind what was done.)
func TestSIGTERMWithABacklogExitsWithinTheShutdownTimeout(t *testing.T) {
	if os.Getenv(kafkatest.EnvBrokers) == "" {
		t.Skip("needs the real broker (KAFKA_BROKERS, started by scripts/test.sh): the process and the broker must outlive each other")
	}
	cluster := kafkatest.New(t)
	ctx := kafkatest.Context(t, 3*time.Minute)
	prefix := kafkatest.Name(t, "")
	topics := processor.Topics{Events: prefix + "in", Outcomes: prefix + "out", DLQ: prefix + "dlq", Partitions: 6, ReplicationFactor: 1}
	group := prefix + "g"
	adm := cluster.Admin(t)
	if err := processor.EnsureTopics(ctx, adm, topics); err != nil {
		t.Fatal(err)
	}
	const token = "shutdown-token"
	crm := emulator.New(emulator.Config{Latency: 200 * time.Millisecond, Token: token})
	crmURL := serveLocal(t, crm.Handler())

	// Given a backlog of 4,000 events of 2,000 persons
	const n = 4000
	var recs []*kgo.Record
	for i := range n {
		email := fmt.Sprintf("person%d@example.com", i%2000)
		ev := schemas.ContactEvent{EventID: fmt.Sprintf("ev-%05d", i), Source: "list_import", Email: email,
			FirstName: "Ann", LastName: fmt.Sprintf("Person%d", i%2000), OccurredAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)}
		v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &ev)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &kgo.Record{Topic: topics.Events, Key: []byte(email), Value: v})
	}
	if err := cluster.Client(t).ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}

	// When contactgate run works on it and gets SIGTERM once 100 events
	// have outcomes
	const timeout = 5 * time.Second
	proc := startRunProc(t, "run-0", []string{"run", "--brokers", strings.Join(cluster.Brokers, ","),
		"--events-topic", topics.Events, "--outcomes-topic", topics.Outcomes, "--dlq-topic", topics.DLQ,
		"--group", group, "--state-dir", t.TempDir(), "--crm", "hubspot", "--crm-url", crmURL,
		"--crm-tier", string(hubspot.TierPack), "--shutdown-timeout", timeout.String(), "--log-level", "info"},
		[]string{hubspot.TokenEnv + "=" + token})
	waitFor(t, ctx, "100 outcomes", []*runProc{proc}, func() (bool, error) {
		n, err := endOffsetsSum(ctx, adm, topics.Outcomes)
		return n >= 100, err
	})
	outcomesAtStop, _ := endOffsetsSum(ctx, adm, topics.Outcomes)
	stopped := time.Now()
	proc.terminate()
	err := proc.wait(time.Minute)
	took := time.Since(stopped)

	// Then it exits 0 within the timeout
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, proc.tail())
	}
	if took > timeout {
		t.Errorf("exited %s after SIGTERM, --shutdown-timeout is %s\n%s", took, timeout, proc.tail())
	}
	// And nothing is dead-lettered, every committed offset follows
	// records with outcomes
	outs, dls := readOutcomesAndDeadLetters(t, ctx, cluster, topics)
	if len(dls) != 0 {
		t.Errorf("%d dead letters, e.g. %+v", len(dls), dls[0])
	}
	done := map[inputPos]bool{}
	for _, o := range outs {
		done[inputPos{o.Input.Partition, o.Input.Offset}] = true
	}
	committed, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	committed.Each(func(o kadm.OffsetResponse) {
		total += o.At
		for off := range o.At {
			if !done[inputPos{o.Partition, off}] {
				t.Errorf("partition %d committed at %d, but offset %d has no outcome", o.Partition, o.At, off)
				return
			}
		}
	})
	t.Logf("SIGTERM with %d of %d events without an outcome: exit 0 after %s; %d outcomes, %d offsets committed",
		n-outcomesAtStop, n, took.Round(time.Millisecond), len(outs), total)
}
