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
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestKilledInstancesAndTheGroup: two `contactgate run` processes in one
// group with --instance-id and the default --session-timeout. One is killed
// (SIGKILL) and restarted with the same instance id: the group consumes
// again within 30 s. It is killed again and stays dead: the other takes its
// partitions over within 30 s. (Issue 15: without static membership and
// with a 45 s session, 17 of 20 crash-restarted processes consumed nothing
// for minutes.) 30 s is the default session (10 s) with room for a busy
// machine to start a process, rebalance and consume a batch, and still
// less than a 45 s session alone.
func TestKilledInstancesAndTheGroup(t *testing.T) {
	if os.Getenv(kafkatest.EnvBrokers) == "" {
		t.Skip("needs the real broker (KAFKA_BROKERS, started by scripts/test.sh): the processes and the broker must outlive each other")
	}
	if testing.Short() {
		t.Skip("about 20 s: skipped with -short")
	}
	const groupBound = 30 * time.Second
	cluster := kafkatest.New(t)
	ctx := kafkatest.Context(t, 3*time.Minute)
	prefix := kafkatest.Name(t, "")
	topics := processor.Topics{Events: prefix + "in", Outcomes: prefix + "out", DLQ: prefix + "dlq", Partitions: 6, ReplicationFactor: 1}
	group := prefix + "g"
	adm := cluster.Admin(t)
	if err := processor.EnsureTopics(ctx, adm, topics); err != nil {
		t.Fatal(err)
	}
	const token = "group-token"
	crm := emulator.New(emulator.Config{Latency: 3 * time.Millisecond, Token: token})
	crmURL := serveLocal(t, crm.Handler())
	next := 0
	produceBatch := func() {
		t.Helper()
		var recs []*kgo.Record
		for range 300 {
			email := fmt.Sprintf("person%d@example.com", next)
			ev := schemas.ContactEvent{EventID: fmt.Sprintf("ev-%05d", next), Source: "web_form", Email: email,
				FirstName: "Ann", LastName: fmt.Sprintf("Person%d", next), OccurredAt: time.Date(2026, 3, 1, 0, 0, next, 0, time.UTC)}
			next++
			v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &ev)
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, &kgo.Record{Topic: topics.Events, Key: []byte(email), Value: v})
		}
		if err := cluster.Client(t).ProduceSync(ctx, recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	args := func(instance string) []string {
		return []string{"run", "--brokers", strings.Join(cluster.Brokers, ","),
			"--events-topic", topics.Events, "--outcomes-topic", topics.Outcomes, "--dlq-topic", topics.DLQ,
			"--group", group, "--state-dir", t.TempDir(), "--crm", "hubspot", "--crm-url", crmURL,
			"--crm-tier", string(hubspot.TierPack), "--instance-id", instance, "--log-level", "warn"}
	}
	env := []string{hubspot.TokenEnv + "=" + token}
	consumed := func(what string, procs []*runProc) time.Duration {
		t.Helper()
		began := time.Now()
		waitFor(t, ctx, what, procs, func() (bool, error) { return committedToEnd(ctx, adm, group, topics.Events) })
		return time.Since(began)
	}

	// Given two instances that consumed a first batch
	survivor := startRunProc(t, "run-0", args("contactgate-0"), env)
	victim := startRunProc(t, "run-2", args("contactgate-1"), env)
	produceBatch()
	consumed("the first batch", []*runProc{survivor, victim})

	// When one is killed and restarted with its instance id, and events
	// arrive
	victim.kill()
	restarted := startRunProc(t, "run-3", args("contactgate-1"), env)
	produceBatch()
	// Then the group consumes them within the bound
	tookRestart := consumed("the batch after a restart", []*runProc{survivor, restarted})

	// When it is killed again and stays dead
	restarted.kill()
	produceBatch()
	// Then the other instance takes its partitions over within the bound
	tookTakeOver := consumed("the batch after a kill", []*runProc{survivor})
	for what, took := range map[string]time.Duration{"restart": tookRestart, "take-over": tookTakeOver} {
		if took > groupBound {
			t.Errorf("%s: the group consumed the batch %s after the kill, want at most %s", what, took, groupBound)
		}
	}
	t.Logf("consumed again %s after a kill and a restart with the same instance id, %s after a kill without restart (session %s)",
		tookRestart.Round(time.Millisecond), tookTakeOver.Round(time.Millisecond), processor.DefaultSessionTimeout)
}
