package emulator

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// fakeClock is the Config.Now of tests: time moves only when a test says.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestEmulator returns an emulator on a fake clock.
func newTestEmulator(t testing.TB, cfg Config) (*Emulator, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	cfg.Now = clock.Now
	return New(cfg), clock
}

func mustCreate(t testing.TB, e *Emulator, props map[string]string) connectors.Contact {
	t.Helper()
	c, err := e.Create(context.Background(), props)
	if err != nil {
		t.Fatalf("create %v: %v", props, err)
	}
	return c
}

func asConflict(t *testing.T, err error) *connectors.ConflictError {
	t.Helper()
	var cf *connectors.ConflictError
	if !errors.As(err, &cf) {
		t.Fatalf("err = %v, want a *ConflictError", err)
	}
	return cf
}

func asValidation(t *testing.T, err error) *connectors.ValidationError {
	t.Helper()
	var (
		va *connectors.ValidationError
		up *connectors.UnknownPropertyError
	)
	if errors.As(err, &up) { // undefined properties only: the same 400, typed
		return &connectors.ValidationError{Status: 400, Category: CategoryValidation, Message: up.Message, CorrelationID: up.CorrelationID}
	}
	if !errors.As(err, &va) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	return va
}

func asRateLimit(t *testing.T, err error) *connectors.RateLimitError {
	t.Helper()
	var rl *connectors.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want a *RateLimitError", err)
	}
	return rl
}

func asTransient(t *testing.T, err error) *connectors.TransientError {
	t.Helper()
	var tr *connectors.TransientError
	if !errors.As(err, &tr) {
		t.Fatalf("err = %v, want a *TransientError", err)
	}
	return tr
}

func TestConfig(t *testing.T) {
	t.Run("should reject out-of-range fields", func(t *testing.T) {
		for _, cfg := range []Config{
			{SearchLag: -1}, {RateLimit: -1}, {FaultRate: 1.5}, {FaultKinds: []FaultKind{"boom"}},
		} {
			if err := cfg.Validate(); err == nil {
				t.Errorf("Validate(%+v) = nil", cfg)
			}
		}
	})
	t.Run("should accept the zero config", func(t *testing.T) {
		if err := (Config{}).Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("should parse fault kinds by their names", func(t *testing.T) {
		for _, k := range []FaultKind{FaultBeforeWrite, FaultAfterWrite, FaultHang} {
			if got, err := ParseFaultKind(string(k)); err != nil || got != k {
				t.Errorf("ParseFaultKind(%q) = %q, %v", k, got, err)
			}
		}
		if _, err := ParseFaultKind("5xx"); err == nil {
			t.Error("ParseFaultKind(5xx) = nil error")
		}
	})
}

func TestConcurrentCreates(t *testing.T) {
	t.Run("should create one contact when many race with the same e-mail", func(t *testing.T) {
		// Given 20 callers creating the same person at once
		e, _ := newTestEmulator(t, Config{})
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				email := "race@example.com"
				if i%2 == 1 {
					email = "RACE@example.com"
				}
				_, err := e.Create(context.Background(), map[string]string{"email": email})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		// Then one succeeds and the others are conflicts
		created := 0
		for err := range errs {
			var cf *connectors.ConflictError
			switch {
			case err == nil:
				created++
			case !errors.As(err, &cf):
				t.Errorf("err = %v", err)
			}
		}
		if created != 1 || e.Stats().Records != 1 {
			t.Errorf("created %d, records %d", created, e.Stats().Records)
		}
	})
}

func TestRequestLog(t *testing.T) {
	t.Run("should keep the latest LogSize requests and count them all", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{LogSize: 3})
		for range 5 {
			mustCreate(t, e, nil)
			clock.Advance(time.Second)
		}
		log := e.Requests()
		if len(log) != 3 || log[0].Path != BasePath || log[0].Method != "POST" || log[0].Operation != OpCreate {
			t.Fatalf("log %+v", log)
		}
		if !log[0].Time.Before(log[1].Time) || !log[1].Time.Before(log[2].Time) || !log[2].Time.Equal(clock.Now().Add(-time.Second)) {
			t.Errorf("not the latest, oldest first: %+v", log)
		}
		if s := e.Stats(); s.Total != 5 || s.Create != 5 || s.Statuses[201] != 5 {
			t.Errorf("stats %+v", s)
		}
	})
}
