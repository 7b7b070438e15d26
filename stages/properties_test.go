package stages

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/schemas"
)

// stepClock is a clock that moves only when told.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// overHTTP puts the HubSpot client, talking HTTP to the emulator, in front
// of it; wrap, when set, wraps the client.
func overHTTP(t *testing.T, wrap func(*hubspot.Client) connectors.CRM) envOpt {
	return withCRM(func(em *emulator.Emulator) connectors.CRM {
		srv := httptest.NewServer(em.Handler())
		t.Cleanup(srv.Close)
		cl, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, Token: "test-token", RateLimit: 100_000, SearchRateLimit: 100_000})
		if err != nil {
			t.Fatal(err)
		}
		if wrap != nil {
			return wrap(cl)
		}
		return cl
	})
}

// staleDefinitions lists a property the CRM does not define, as the
// definitions read before someone deleted it would.
type staleDefinitions struct {
	*hubspot.Client
	extra string
}

func (s staleDefinitions) ListProperties(ctx context.Context) ([]connectors.PropertyDefinition, error) {
	defs, err := s.Client.ListProperties(ctx)
	return append(defs, connectors.PropertyDefinition{Name: s.extra, Type: "string"}), err
}

// requestsOf counts the logged requests of op, and those answered 400.
func requestsOf(e *testEnv, op emulator.Operation) (n, refused int) {
	for _, r := range e.crm.Requests() {
		if r.Operation == op || op == "" {
			n++
			if r.Status == 400 {
				refused++
			}
		}
	}
	return n, refused
}

func refusedField(out *schemas.Outcome, field string) (schemas.FieldDecision, bool) {
	i := slices.IndexFunc(out.Refused, func(d schemas.FieldDecision) bool { return d.Field == field })
	if i < 0 {
		return schemas.FieldDecision{}, false
	}
	return out.Refused[i], true
}

func TestUndefinedProperties(t *testing.T) {
	t.Run("should land the contact without an undefined property, report it refused, and write it once defined", func(t *testing.T) {
		// Given a CRM that does not define billing_address, over HTTP
		clock := &stepClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		e := newEnv(t, overHTTP(t, nil), withConfig(func(c *Config) { c.Now = clock.Now }))
		ev := e.event("billing")
		ev.Email, ev.Properties = "ann@example.com", map[string]string{"jobtitle": "CFO", "billing_address": "1 Main St"}

		// When an event carries it
		out := e.mustProcess(ev)

		// Then the contact lands with the defined property, in one write
		// and no refused request, and the outcome says why the other was
		// not written
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
		d, ok := refusedField(out, "billing_address")
		if !ok || d.Reason != ReasonUndefinedProperty || d.Value != "1 Main St" {
			t.Fatalf("refused %+v, want billing_address for %q", out.Refused, ReasonUndefinedProperty)
		}
		if _, ok := out.Properties["billing_address"]; ok {
			t.Errorf("the outcome's properties hold billing_address, which the CRM does not")
		}
		c := e.contact(out.RecordID)
		if c.Properties["jobtitle"] != "CFO" || c.Properties["billing_address"] != "" {
			t.Errorf("contact %v", c.Properties)
		}
		writes := 0
		for _, op := range []emulator.Operation{emulator.OpCreate, emulator.OpBatchCreate, emulator.OpBatchUpsert} {
			n, _ := requestsOf(e, op)
			writes += n
		}
		if _, refused := requestsOf(e, ""); writes != 1 || refused != 0 {
			t.Errorf("%d create requests, %d answered 400; want 1 and 0", writes, refused)
		}
		if n, _ := requestsOf(e, emulator.OpListProperties); n != 1 {
			t.Errorf("%d reads of the definitions, want 1", n)
		}

		// When an admin defines the property, a later event within a
		// minute of the last read still leaves it out (no read per event)
		def := connectors.PropertyDefinition{Name: "billing_address", Label: "Billing address", Type: "string", FieldType: "text", GroupName: "contactinformation"}
		if _, err := e.crm.CreateProperty(context.Background(), def); err != nil {
			t.Fatal(err)
		}
		again := e.event("billing")
		again.Email, again.Properties = "ann@example.com", map[string]string{"billing_address": "1 Main St"}
		if out := e.mustProcess(again); out.Action != schemas.ActionUnchanged {
			t.Errorf("within a minute: %s, refused %+v", out.Action, out.Refused)
		}

		// Then, a minute after the last read, the next event reads the
		// definitions again and writes it
		clock.advance(propertyRefresh)
		later := e.event("billing")
		later.Email, later.Properties = "ann@example.com", map[string]string{"billing_address": "1 Main St"}
		out = e.mustProcess(later)
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if _, ok := refusedField(out, "billing_address"); ok {
			t.Errorf("still refused: %+v", out.Refused)
		}
		if c := e.contact(out.RecordID); c.Properties["billing_address"] != "1 Main St" {
			t.Errorf("contact %v, want billing_address", c.Properties)
		}
		if n, _ := requestsOf(e, emulator.OpListProperties); n != 2 {
			t.Errorf("%d reads of the definitions, want 2", n)
		}
	})

	t.Run("should never refuse or split a batch of creates for undefined properties", func(t *testing.T) {
		// Given a CRM over HTTP, and events of new people that each carry
		// an undefined property, applied concurrently
		e := newEnv(t, overHTTP(t, nil))
		const n = 8
		outs := make([]*schemas.Outcome, n)
		var wg sync.WaitGroup
		for i := range n {
			ev := e.event("web_form")
			ev.Email = fmt.Sprintf("p%d@example.com", i)
			ev.Properties = map[string]string{"jobtitle": "Engineer", fmt.Sprintf("custom_%d", i): "x"}
			wg.Go(func() {
				out, err := e.process(ev)
				if err != nil {
					t.Errorf("event %d: %v", i, err)
				}
				outs[i] = out
			})
		}
		wg.Wait()

		// Then every contact lands, each outcome refuses its property, and
		// the CRM answered no request with a 400
		if got := e.records(); got != n {
			t.Fatalf("%d records, want %d", got, n)
		}
		for i, out := range outs {
			if out == nil {
				continue
			}
			if _, ok := refusedField(out, fmt.Sprintf("custom_%d", i)); !ok || out.Action != schemas.ActionCreated {
				t.Errorf("event %d: %s, refused %+v", i, out.Action, out.Refused)
			}
		}
		if total, refused := requestsOf(e, ""); refused != 0 {
			t.Logf("requests: %+v", e.crm.Requests())
			t.Errorf("%d of %d requests answered 400", refused, total)
		}
	})

	t.Run("should write again without a property the CRM refuses though the definitions listed it", func(t *testing.T) {
		// Given definitions that list nickname, which the CRM does not
		// define (deleted since the read)
		e := newEnv(t, overHTTP(t, func(cl *hubspot.Client) connectors.CRM { return staleDefinitions{Client: cl, extra: "nickname"} }))
		ev := e.event("web_form")
		ev.Email, ev.Properties = "bob@example.com", map[string]string{"jobtitle": "CTO", "nickname": "Bobby"}

		// When an event carries it
		out := e.mustProcess(ev)

		// Then the CRM's refusal costs one request, the contact lands and
		// the outcome says why nickname was not written
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
		if d, ok := refusedField(out, "nickname"); !ok || d.Reason != ReasonUndefinedProperty {
			t.Fatalf("refused %+v", out.Refused)
		}
		if c := e.contact(out.RecordID); c.Properties["jobtitle"] != "CTO" {
			t.Errorf("contact %v", c.Properties)
		}
		if _, refused := requestsOf(e, ""); refused != 1 {
			t.Errorf("%d requests answered 400, want 1", refused)
		}

		// And a later event is not sent with it again
		next := e.event("web_form")
		next.Email, next.Properties = "bob@example.com", map[string]string{"nickname": "Rob"}
		if out := e.mustProcess(next); out.Action != schemas.ActionUnchanged {
			t.Errorf("next: %s, refused %+v", out.Action, out.Refused)
		}
		if _, refused := requestsOf(e, ""); refused != 1 {
			t.Errorf("%d requests answered 400 after the next event, want 1", refused)
		}
	})
}

// unlistedDecorator is a decorator that forwards ListProperties over a CRM
// that lists no definitions.
type unlistedDecorator struct {
	connectors.CRM
	calls int
}

func (u *unlistedDecorator) ListProperties(context.Context) ([]connectors.PropertyDefinition, error) {
	u.calls++
	return nil, connectors.ErrPropertiesUnlisted
}

func TestPropertyCatalog(t *testing.T) {
	t.Run("should take every property as defined, and stop asking, behind a decorator of a CRM without definitions", func(t *testing.T) {
		clock := &stepClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		d := &unlistedDecorator{CRM: emulator.New(emulator.Config{})}
		c := newPropertyCatalog(d, clock.Now, nil)
		for range 3 {
			if got := c.undefined(t.Context(), []string{"anything"}); len(got) != 0 {
				t.Fatalf("undefined %v", got)
			}
			clock.advance(propertyRefresh)
		}
		if d.calls != 1 {
			t.Errorf("%d reads, want 1", d.calls)
		}
	})
}
