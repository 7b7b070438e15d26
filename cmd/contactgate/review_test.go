package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

// TestReviewTopic runs contactgate run on the broker with a review topic:
// a pair in the possible band is proposed there, `review reject` keeps the
// pair apart where an event would have merged it, and `review accept`
// merges it, with an outcome saying so.
func TestReviewTopic(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		prefix := kafkatest.Name(t, "")
		events, outcomes, review := prefix+"in", prefix+"out", prefix+"review"
		brokers := strings.Join(c.Brokers, ",")
		addr := freeAddr(t)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		app := newApp()
		app.Writer, app.ErrWriter = io.Discard, io.Discard
		app.ExitErrHandler = func(*cli.Context, error) {}
		done := make(chan error, 1)
		go func() {
			done <- app.RunContext(ctx, []string{"contactgate", "run", "--brokers", brokers,
				"--events-topic", events, "--outcomes-topic", outcomes, "--dlq-topic", prefix + "dlq", "--group", prefix + "g",
				"--review-topic", review, "--crm", "emulator", "--state-dir", t.TempDir(), "--metrics-addr", addr})
		}()
		waitUntil(t, "run ready", func() bool { code, _ := httpGet(addr, "/readyz"); return code == http.StatusOK })

		cl := c.Client(t, kgo.ConsumeTopics(outcomes), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
		seen := map[string]*schemas.Outcome{}
		dec := schemas.NewDecoder(nil)
		outcomeOf := func(eventID string) *schemas.Outcome {
			t.Helper()
			waitUntil(t, "the outcome of "+eventID, func() bool {
				pollCtx, stop := context.WithTimeout(ctx, 200*time.Millisecond)
				defer stop()
				cl.PollFetches(pollCtx).EachRecord(func(r *kgo.Record) {
					if o, err := dec.Outcome(ctx, r.Value); err == nil {
						seen[o.EventID] = &o
					}
				})
				return seen[eventID] != nil
			})
			return seen[eventID]
		}
		produce := func(ev schemas.ContactEvent) *schemas.Outcome {
			t.Helper()
			v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &ev)
			if err != nil {
				t.Fatal(err)
			}
			if err := cl.ProduceSync(ctx, &kgo.Record{Topic: events, Key: []byte(ev.ExternalID + ev.Phone), Value: v}).FirstErr(); err != nil {
				t.Fatal(err)
			}
			return outcomeOf(ev.EventID)
		}
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		jesse := func(id, source, ext, company, phone string) schemas.ContactEvent {
			at = at.Add(time.Minute)
			return schemas.ContactEvent{EventID: id, Source: source, OccurredAt: at, ExternalID: ext,
				FirstName: "Jesse", LastName: "Butler", Company: company, Phone: phone}
		}

		// Given Jesse Butler from billing, then from a form with a company
		// and a phone: two records, which the scorer puts in the possible band
		first := produce(jesse("e1", "billing", "cus_42", "", ""))
		second := produce(jesse("e2", "web_form", "", "Birch Financial", "+1 973 555 5333"))
		if first.RecordID == second.RecordID {
			t.Fatalf("one record %s; the test wants two", first.RecordID)
		}
		pair := schemas.ReviewKey(first.RecordID, second.RecordID)

		// Then the pair is on the review topic, open
		var listed string
		waitUntil(t, "the pair on the review topic", func() bool {
			listed, _ = run(t, "review", "list", "--brokers", brokers, "--review-topic", review)
			return strings.Contains(listed, `"record_ids":["`+strings.Replace(pair, "|", `","`, 1)+`"]`)
		})
		var item schemas.ReviewItem
		if err := json.Unmarshal([]byte(strings.SplitN(listed, "\n", 2)[0]), &item); err != nil || item.Status != schemas.ReviewOpen || len(item.Profiles) != 2 {
			t.Fatalf("listed %q: %+v, %v", listed, item, err)
		}

		// and the review page of the topic shows run's proposal: both
		// records, their fields, the evidence as bars, the event's source
		base, stop := startReviewServer(t, "--review-topic", review, "--brokers", brokers)
		if code, loc := postForm(t, base+"/?source=web_form", nil); code != http.StatusSeeOther || loc != "/item/"+url.PathEscape(pair)+"?source=web_form" {
			t.Errorf("the page of source web_form = %d %q, want the pair", code, loc)
		}
		code, page := httpGetURL(t, base+"/item/"+url.PathEscape(pair))
		// (billing's record is the older, the one an accept keeps: its blank
		// phone and company are filled from the form's in the merged column)
		for _, want := range []string{`<th>` + first.RecordID + ` <small>master</small>`, `<th>` + second.RecordID + `</th>`,
			`<td class="result">&#43;1 973 555 5333</td>`, `<td class="result">Birch Financial</td>`, `class="fill"`, "<option>web_form</option>"} {
			if code != http.StatusOK || !strings.Contains(page, want) {
				t.Errorf("the pair's page (%d) lacks %q:\n%s", code, want, page)
				break
			}
		}
		stop()

		// When a person rejects it, and run has carried the verdict out
		if out, err := run(t, "review", "reject", "--brokers", brokers, "--review-topic", review, "--by", "tester", first.RecordID, second.RecordID); err != nil {
			t.Fatalf("review reject: %v: %s", err, out)
		}
		waitUntil(t, "the reject carried out", func() bool {
			_, body := httpGet(addr, "/metrics")
			return strings.Contains(body, `contactgate_review_verdicts_total{result="done",status="rejected"} 1`)
		})
		// and billing's next event links the two by name and company
		third := produce(jesse("e3", "billing", "cus_42", "Birch Financial & Co.", ""))

		// Then nothing is merged
		if third.Action == schemas.ActionMerged || len(third.MergedIDs) != 0 {
			t.Fatalf("event 3: %s, merged %v, after the pair was rejected", third.Action, third.MergedIDs)
		}

		// When the person changes their mind and accepts it
		if out, err := run(t, "review", "accept", "--brokers", brokers, "--review-topic", review, pair); err != nil {
			t.Fatalf("review accept: %v: %s", err, out)
		}

		// Then run merges the newer record into the older, and says so on
		// the outcome topic
		merged := outcomeOf("review:" + pair)
		if merged.Action != schemas.ActionMerged || merged.RecordID != first.RecordID || !slices.Equal(merged.MergedIDs, []string{second.RecordID}) {
			t.Fatalf("merge outcome %+v", merged)
		}
		// and the form's next event lands on the survivor
		if fourth := produce(jesse("e4", "web_form", "", "Birch Financial", "+1 973 555 5333")); fourth.RecordID != first.RecordID {
			t.Fatalf("event 4 on %s, want the survivor %s", fourth.RecordID, first.RecordID)
		}

		cancel()
		if err := <-done; err != nil {
			t.Fatalf("run: %v", err)
		}
	})
}

// httpGet returns the status and body of GET http://addr+path; 0 when it
// cannot connect.
func httpGet(addr, path string) (int, string) {
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls cond until it holds, for at most two minutes (a busy
// machine is slow, never wrong).
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within two minutes", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
