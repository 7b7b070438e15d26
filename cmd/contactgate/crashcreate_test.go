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

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestCrashAfterCreateWithoutEmail: a `contactgate run` process is killed
// after the CRM applied its create of an event without an e-mail, before its
// index knew of it; another process with an empty state directory replays the
// event while the CRM's search does not show the contact yet. With the key
// property (--crm-key-property) the replay's create is an upsert by the
// event's key and finds the contact; without it, the replay makes a second
// contact — the duplicate the key property exists to prevent.
//
// TestScaleOut kills a process too, but its timing rarely catches a create
// between the CRM and the index, and its persons' first events carry an
// e-mail: this test makes the crash happen there, every time.
func TestCrashAfterCreateWithoutEmail(t *testing.T) {
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
		{"should find the contact by the event's key", connectors.PropContactgateKey, 1},
		{"should create the contact twice without a key property", "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) { crashAfterCreate(t, tc.keyProperty, tc.wantRecords) })
	}
}

func crashAfterCreate(t *testing.T, keyProperty string, wantRecords int) {
	cluster := kafkatest.New(t)
	ctx := kafkatest.Context(t, 2*time.Minute)
	prefix := kafkatest.Name(t, "")
	topics := processor.Topics{Events: prefix + "in", Outcomes: prefix + "out", DLQ: prefix + "dlq", Partitions: 1, ReplicationFactor: 1}
	adm := cluster.Admin(t)
	if err := processor.EnsureTopics(ctx, adm, topics); err != nil {
		t.Fatal(err)
	}

	// Given a CRM whose search lags a minute, and which keeps the answer to
	// the first create it applies until the test ends
	const token = "crash-token"
	crm := emulator.New(emulator.Config{SearchLag: time.Minute, Token: token})
	held := newHeldCreate(crm.Handler())
	crmURL := serveLocal(t, held)
	t.Cleanup(held.release) // before the server closes (serveLocal), which waits for the held handler

	// And an event without an e-mail
	ev := schemas.ContactEvent{EventID: "crash-1", Source: "webinar", OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
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
			"--group", group, "--state-dir", t.TempDir(), "--crm", "hubspot", "--crm-url", crmURL,
			"--crm-tier", string(hubspot.TierPack), "--crm-key-property", keyProperty, "--log-level", "warn"}
	}
	env := []string{hubspot.TokenEnv + "=" + token}

	// When a process creates the contact and is killed before it hears back
	dying := startRunProc(t, "run-1", args(prefix+"g1"), env)
	select {
	case <-held.applied:
	case <-ctx.Done():
		t.Fatalf("no create reached the CRM: %v\n%s", ctx.Err(), dying.tail())
	}
	dying.kill()

	// And another, with an empty state directory, replays the event (in a
	// group of its own: the dead member would hold the partition until its
	// session times out)
	replay := startRunProc(t, "run-2", args(prefix+"g2"), env)
	waitFor(t, ctx, "the replay to commit the event", []*runProc{replay}, func() (bool, error) {
		return committedToEnd(ctx, adm, prefix+"g2", topics.Events)
	})
	replay.terminate()
	if err := replay.wait(time.Minute); err != nil {
		t.Errorf("run-2: %v\n%s", err, replay.tail())
	}

	// Then the CRM holds one contact (two without the key), and the
	// replay's outcome names one it created
	outs, dls := readOutcomesAndDeadLetters(t, ctx, cluster, topics)
	st := crm.Stats()
	if st.Records != wantRecords || len(outs) != 1 || len(dls) != 0 || outs[0].Action != schemas.ActionCreated {
		t.Fatalf("%d CRM records, %d outcomes (%+v), %d dead letters; want %d records and the replay's create",
			st.Records, len(outs), outs, len(dls), wantRecords)
	}
	if found := wantRecords == 1; found != (st.UpsertsFound == 1) {
		t.Fatalf("%d creates by key found their contact", st.UpsertsFound)
	}
	t.Logf("%d CRM records, %d found by key; outcome: %s %s", st.Records, st.UpsertsFound, outs[0].RecordID, outs[0].Action)
}

// heldCreate serves the first create (single, batch, or upsert by key) to
// the end, then keeps its answer until release: its caller, killed
// meanwhile, never learns of the contact the CRM made. Other requests pass.
type heldCreate struct {
	h       http.Handler
	once    sync.Once
	applied chan struct{}
	done    chan struct{}
	stop    sync.Once
}

func newHeldCreate(h http.Handler) *heldCreate {
	return &heldCreate{h: h, applied: make(chan struct{}), done: make(chan struct{})}
}

func (c *heldCreate) release() { c.stop.Do(func() { close(c.done) }) }

func (c *heldCreate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	isCreate := r.Method == http.MethodPost &&
		(p == emulator.BasePath || p == emulator.BasePath+"/batch/create" || p == emulator.BasePath+"/batch/upsert")
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
	_, _ = w.Write(rec.Body.Bytes()) // to a caller long dead
}
