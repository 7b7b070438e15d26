package stages

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

func TestErrors(t *testing.T) {
	t.Run("should dead-letter a CRM 400 as crm_rejected with its correlation id and without the values", func(t *testing.T) {
		// Given an event with a value the CRM refuses (an option its
		// enumeration lacks; a property it does not define is refused by
		// the gatekeeper instead, properties_test.go)
		e := newEnv(t, withEmulator(func(c *emulator.Config) {
			c.Properties = []string{"favourite_colour"}
			c.Reject = func(property, _ string) bool { return property == "favourite_colour" }
		}))
		ev := e.event("web_form")
		ev.Email, ev.Properties = "ann@acme.com", map[string]string{"favourite_colour": "ann@acme.com"}

		// When it is applied
		_, err := e.process(ev)

		// Then it is rejected for good, traceably, without personal data
		dl := deadLetter(t, err)
		if dl.Stage != "upsert" || dl.Class != schemas.ClassCRMRejected || dl.CorrelationID == "" {
			t.Fatalf("stage %q class %q correlation %q", dl.Stage, dl.Class, dl.CorrelationID)
		}
		if msg := dl.Error(); strings.Contains(msg, "ann@acme.com") || !strings.Contains(msg, emulator.CodeInvalidOption) {
			t.Fatalf("message %q", msg)
		}
		var ve *connectors.ValidationError
		if !errors.As(err, &ve) || e.g.Retryable(err) || e.g.Pause(err) {
			t.Fatalf("classified wrong: %v", err)
		}
		// And the claims of the failed create are released
		if claims, _ := e.ix.PendingClaims(); len(claims) != 0 {
			t.Fatalf("claims left: %+v", claims)
		}
	})

	t.Run("should tell a CRM rejection by its codes, not its message", func(t *testing.T) {
		ve := &connectors.ValidationError{Status: 400, Category: "VALIDATION_ERROR", CorrelationID: "c-1",
			Message: `Property values were not valid: [{"isValid":false,"message":"Email address x@y.com is invalid","error":"INVALID_EMAIL","name":"email"}]`}
		a := &attempt{}
		err := withStage("upsert", func(context.Context, *attempt) error { return fmt.Errorf("update: %w", ve) })(context.Background(), a)
		want := "upsert failed (crm_rejected): rejected by the CRM (HTTP 400 VALIDATION_ERROR): INVALID_EMAIL (email)"
		if err.Error() != want {
			t.Fatalf("%q\nwant %q", err, want)
		}
	})

	pauses := []struct {
		name string
		err  error
	}{
		{"an open circuit breaker", fmt.Errorf("update: %w (half-opens in 5s)", connectors.ErrCircuitOpen)},
		{"a spent daily quota", &connectors.RateLimitError{Policy: connectors.PolicyDaily}},
		{"a ten-secondly rate limit", fmt.Errorf("upsert: %w", &connectors.RateLimitError{Policy: connectors.PolicyTenSecondly})},
		{"a secondly search rate limit", &connectors.RateLimitError{Policy: connectors.PolicySecondly}},
		{"refused credentials", fmt.Errorf("%w (HTTP 401)", connectors.ErrUnauthorized)},
	}
	for _, c := range pauses {
		t.Run("should pause on "+c.name, func(t *testing.T) {
			if g := (&Gatekeeper{}); !g.Pause(c.err) || g.Retryable(c.err) {
				t.Fatalf("Pause %v Retryable %v", g.Pause(c.err), g.Retryable(c.err))
			}
		})
	}

	retries := []struct {
		name string
		err  error
	}{
		{"a 5xx", &connectors.TransientError{Status: 503}},
		{"an unavailable schema registry", fmt.Errorf("decode: %w", schemas.ErrRegistryUnavailable)},
		{"a claim held by another event", &ClaimConflictError{HeldBy: "e-1"}},
		{"an index failure", indexError("lookup", errors.New("txn conflict"))},
		{"a 409 that does not name the contact", fmt.Errorf("create: %w", &connectors.ConflictError{Message: "exists"})},
	}
	for _, c := range retries {
		t.Run("should retry "+c.name, func(t *testing.T) {
			if g := (&Gatekeeper{}); g.Pause(c.err) || !g.Retryable(c.err) {
				t.Fatalf("Pause %v Retryable %v", g.Pause(c.err), g.Retryable(c.err))
			}
		})
	}

	t.Run("should neither retry nor pause for a dead letter, whatever its cause", func(t *testing.T) {
		for _, cause := range []error{&connectors.ConflictError{ExistingID: "7"}, &connectors.TransientError{}, connectors.ErrCircuitOpen} {
			dl := &processor.DeadLetterError{Stage: "upsert", Class: schemas.ClassCRMRejected, Err: cause}
			if g := (&Gatekeeper{}); g.Retryable(dl) || g.Pause(dl) {
				t.Errorf("%v: Retryable %v Pause %v", cause, g.Retryable(dl), g.Pause(dl))
			}
		}
	})

	t.Run("should pause through Apply when the circuit is open", func(t *testing.T) {
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return circuitOpen{em} }))
		ev := e.event("web_form")
		ev.Email = "ann@acme.com"
		job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.g.Apply(context.Background(), job)
		if !e.g.Pause(err) {
			t.Fatalf("Pause(%v) = false", err)
		}
	})

	t.Run("should defer decoding to Apply while the schema registry is down", func(t *testing.T) {
		// Given a registry that does not answer
		src := &flakyRegistry{}
		src.down.Store(true)
		e := newEnv(t)
		e.g.cfg.Decoder = schemas.NewDecoder(src)
		ev := e.event("web_form")
		ev.Email = "ann@acme.com"
		r := kafkaRecord(t, ev)
		r.Key = []byte("ann@acme.com")

		// When the record is prepared and applied
		job, err := e.g.Prepare(context.Background(), r)
		if err != nil {
			t.Fatalf("Prepare dead-lettered it: %v", err)
		}
		_, err = e.g.Apply(context.Background(), job)

		// Then Apply fails retryably, and succeeds once the registry answers
		if !e.g.Retryable(err) || e.g.Pause(err) {
			t.Fatalf("Apply: %v", err)
		}
		src.down.Store(false)
		out, err := e.g.Apply(context.Background(), job)
		if err != nil || out.Action != schemas.ActionCreated {
			t.Fatalf("Apply after the outage: %v, %+v", err, out)
		}
	})

	t.Run("should reject a job it did not prepare as internal", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.g.Apply(context.Background(), processor.Job{Value: "?"})
		if dl := deadLetter(t, err); dl.Class != schemas.ClassInternal {
			t.Fatalf("class %q", dl.Class)
		}
	})
}

// circuitOpen is a CRM whose client's breaker is open: reads and creates
// fail alike.
type circuitOpen struct{ *emulator.Emulator }

var errCircuitOpen = fmt.Errorf("hubspot: %w (half-opens in 30s)", connectors.ErrCircuitOpen)

func (circuitOpen) GetByEmail(context.Context, string, []string) (connectors.Contact, error) {
	return connectors.Contact{}, errCircuitOpen
}

func (circuitOpen) Create(context.Context, map[string]string) (connectors.Contact, error) {
	return connectors.Contact{}, errCircuitOpen
}

func (circuitOpen) BatchCreate(context.Context, []map[string]string) (connectors.BatchResult, error) {
	return connectors.BatchResult{}, errCircuitOpen
}

// flakyRegistry serves the embedded schemas, or fails as an unreachable
// registry does.
type flakyRegistry struct{ down atomic.Bool }

func (f *flakyRegistry) SchemaByID(ctx context.Context, id int) (string, error) {
	if f.down.Load() {
		return "", fmt.Errorf("GET /schemas/ids/%d: connection refused: %w", id, schemas.ErrRegistryUnavailable)
	}
	return schemas.EmbeddedSource().SchemaByID(ctx, id)
}

func TestApplyErrorsHoldNoPersonalData(t *testing.T) {
	t.Run("should redact the e-mail from a CRM transport error", func(t *testing.T) {
		// Given a CRM client whose transport error quotes the URL of the read
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return leakyTransport{em} }))
		ev := e.event("web_form")
		ev.Email, ev.Phone = " Ann.Lee@Acme.com", "+1 415 555 0123"
		job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
		if err != nil {
			t.Fatal(err)
		}

		// When Apply fails, and the processor gives up retrying
		_, err = e.g.Apply(context.Background(), job)
		exhausted := &processor.DeadLetterError{Stage: "upsert", Class: schemas.ClassRetriesExhausted, Err: err}

		// Then neither text holds the address, in any form, and the error is
		// still classified by its type
		for _, msg := range []string{err.Error(), exhausted.Error()} {
			if strings.Contains(strings.ToLower(msg), "ann.lee") || !strings.Contains(msg, "<redacted>") {
				t.Fatalf("message %q", msg)
			}
		}
		if !e.g.Retryable(err) {
			t.Fatal("no longer retryable")
		}
	})
}

// leakyTransport fails reads by e-mail as an HTTP client's transport error
// does: quoting the URL. It declares e-mails not unique, so that the
// gatekeeper reads by e-mail before it creates (createFindsEmail).
type leakyTransport struct{ *emulator.Emulator }

func (l leakyTransport) Capabilities() connectors.Capabilities {
	c := l.Emulator.Capabilities()
	c.UniqueEmail = false
	return c
}

func (leakyTransport) GetByEmail(_ context.Context, email string, _ []string) (connectors.Contact, error) {
	return connectors.Contact{}, &connectors.TransientError{Err: fmt.Errorf(
		`Get "https://api.hubapi.com/crm/v3/objects/contacts/%s?idProperty=email": context deadline exceeded`, url.PathEscape(email))}
}
