package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestRunServesMetricsAndReadiness(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given two good events and one that does not decode
		prefix := kafkatest.Name(t, "")
		events, outcomes, dlq := prefix+"in", prefix+"out", prefix+"dlq"
		var recs []*kgo.Record
		for i, email := range []string{"ann@example.com", "bob@example.com"} {
			ev := schemas.ContactEvent{EventID: "ev-" + email, Source: "web_form", Email: email,
				OccurredAt: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)}
			v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &ev)
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, &kgo.Record{Topic: events, Key: []byte(email), Value: v})
		}
		recs = append(recs, &kgo.Record{Topic: events, Value: []byte("not avro")})

		// When contactgate run consumes them with --metrics-addr
		addr := freeAddr(t)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		app := newApp()
		app.Writer, app.ErrWriter = io.Discard, io.Discard
		app.ExitErrHandler = func(*cli.Context, error) {}
		done := make(chan error, 1)
		go func() {
			done <- app.RunContext(ctx, []string{"contactgate", "run", "--brokers", strings.Join(c.Brokers, ","),
				"--events-topic", events, "--outcomes-topic", outcomes, "--dlq-topic", dlq, "--group", prefix + "g",
				"--crm", "emulator", "--state-dir", t.TempDir(), "--metrics-addr", addr, "--status-interval", "200ms"})
		}()
		get := func(path string) (int, string) {
			resp, err := http.Get("http://" + addr + path)
			if err != nil {
				return 0, ""
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		deadline := time.Now().Add(time.Minute)
		for {
			if code, _ := get("/readyz"); code == http.StatusOK {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("never ready")
			}
			time.Sleep(50 * time.Millisecond)
		}
		cl := c.Client(t)
		if err := cl.ProduceSync(t.Context(), recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}

		// Then /metrics counts two created and one dead letter of class
		// decode, and the CRM's calls
		want := []string{
			`contactgate_events_total{outcome="created"} 2`,
			`contactgate_events_total{outcome="dead_lettered"} 1`,
			`contactgate_dead_letters_total{class="decode"} 1`,
			`contactgate_index_records 2`,
			`contactgate_crm_requests_total{operation=`,
			`contactgate_consumer_lag{partition=`,
		}
		var body string
		for {
			_, body = get("/metrics")
			missing := 0
			for _, w := range want {
				if !strings.Contains(body, w) {
					missing++
				}
			}
			if missing == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("metrics after a minute:\n%s", grepLines(body, "contactgate_"))
			}
			time.Sleep(100 * time.Millisecond)
		}
		if strings.Contains(body, "example.com") {
			t.Error("metrics carry an e-mail")
		}

		// And it stops cleanly when cancelled
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run: %v", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("run did not stop")
		}
	})
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
