package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/processor"
)

// TestRateLimitedGroup: three `contactgate run` processes in one group on
// the real broker share a HubSpot Free account (100 requests per 10 s, 5
// searches per second) over HTTP, each with a third of it
// (--crm-quota-share 0.33, or 0: from the group's membership), and get a
// backlog of ~3,000 events at once. Rate limits are back-pressure: every
// valid event ends as an outcome, the only dead letters are the poison
// records', and at most 1 % of the requests are answered 429.
func TestRateLimitedGroup(t *testing.T) {
	if os.Getenv(kafkatest.EnvBrokers) == "" {
		t.Skip("needs the real broker (KAFKA_BROKERS, started by scripts/test.sh)")
	}
	if testing.Short() {
		t.Skip("about a minute: skipped with -short")
	}
	began := time.Now()
	cluster := kafkatest.New(t)
	ctx := kafkatest.Context(t, 5*time.Minute)
	prefix := kafkatest.Name(t, "")
	topics := processor.Topics{Events: prefix + "in", Outcomes: prefix + "out", DLQ: prefix + "dlq",
		Partitions: scalePartitions, ReplicationFactor: 1}
	group := prefix + "g"
	adm := cluster.Admin(t)
	if err := processor.EnsureTopics(ctx, adm, topics); err != nil {
		t.Fatal(err)
	}

	// Given a CRM over HTTP at a Free account's limits, with HubSpot's
	// search lag
	const token = "rate-limit-token"
	crm := emulator.New(emulator.Config{RateLimit: 100, RateWindow: 10 * time.Second, SearchRateLimit: 5,
		SearchLag: 2 * time.Second, Token: token})
	crmURL := serveLocal(t, crm.Handler())

	// And a backlog of ~3,000 events of 600 persons, poison records among them
	world := newScaleWorld(rand.New(rand.NewPCG(5, 13)))
	recs := world.records(t, topics.Events)

	// When three processes in one group, each with a third of the account
	// (two told so, the third reading it from the group's membership),
	// get the backlog at once
	var procs []*runProc
	for i, share := range []string{"0.33", "0.33", "0"} {
		args := []string{"run", "--brokers", strings.Join(cluster.Brokers, ","),
			"--events-topic", topics.Events, "--outcomes-topic", topics.Outcomes, "--dlq-topic", topics.DLQ,
			"--group", group, "--state-dir", t.TempDir(), "--crm", "hubspot", "--crm-url", crmURL,
			"--crm-tier", string(hubspot.TierFree), "--crm-quota-share", share, "--log-level", "info"}
		procs = append(procs, startRunProc(t, fmt.Sprintf("run-%d", i), args, []string{hubspot.TokenEnv + "=" + token}))
	}
	waitFor(t, ctx, "run-2 to take its share from the group's three members", procs, func() (bool, error) {
		return strings.Contains(procs[2].log.String(), `"members":3`), nil
	})
	if err := producePaced(ctx, cluster.Client(t), recs, 0); err != nil {
		t.Fatalf("produce: %v", err)
	}
	waitFor(t, ctx, "the group to commit every input offset", procs, func() (bool, error) {
		return committedToEnd(ctx, adm, group, topics.Events)
	})
	caughtUp := time.Since(began)
	for _, p := range procs {
		p.terminate()
	}
	for _, p := range procs {
		if err := p.wait(time.Minute); err != nil {
			t.Errorf("%s: %v\n%s", p.name, err, p.tail())
		}
	}

	// Then every valid event is an outcome and no dead letter is a rate
	// limit's, and the account answered at most 1 % of requests with 429
	outs, dls := readOutcomesAndDeadLetters(t, ctx, cluster, topics)
	st := crm.Stats()
	world.check(t, recs, outs, dls, st.Records)
	if st.RateLimited*100 > st.Total {
		t.Errorf("%d of %d requests answered 429 (%v), more than 1 %%", st.RateLimited, st.Total, st.RateLimitedBy)
	}
	t.Logf("%d input records, %d outcomes, %d dead letters, %d CRM records, %d CRM requests (%.0f per 1,000 events), "+
		"%d answered 429; group at the end at %s",
		len(recs), len(outs), len(dls), st.Records, st.Total, float64(st.Total)*1000/float64(len(recs)), st.RateLimited,
		caughtUp.Round(time.Millisecond))
}
