package hubspot

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// The client against the emulator's HTTP handler, for the fault scenarios
// the emulator reproduces: writes applied then answered 503, hangs, rate
// limits. The hand-written fake of fake_test.go covers the rest.

// emulated serves e; faultOn, when set, injects kind into the next request
// whose method and path match, and only into it.
type emulated struct {
	e       *emulator.Emulator
	cl      *Client
	pending atomic.Pointer[emulatedFault]
	// serial makes a request wait until a faulted one is over, so that the
	// fault, switched on for the emulator as a whole, hits only its request.
	serial sync.Mutex
}

type emulatedFault struct {
	method, path string
	kind         emulator.FaultKind
}

func newEmulated(t *testing.T, cfg emulator.Config, mod func(*Config)) *emulated {
	t.Helper()
	cfg.Token = fakeToken
	em := &emulated{e: emulator.New(cfg)}
	h := em.e.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		em.serial.Lock()
		defer em.serial.Unlock()
		if f := em.pending.Load(); f != nil && f.method == r.Method && f.path == r.URL.Path && em.pending.CompareAndSwap(f, nil) {
			em.e.SetFaults(1, f.kind)
			defer em.e.SetFaults(0)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ccfg := Config{BaseURL: srv.URL, Token: fakeToken, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		RequestTimeout: time.Second, RateLimit: 10_000, SearchRateLimit: 10_000}
	if mod != nil {
		mod(&ccfg)
	}
	cl, err := New(ccfg)
	if err != nil {
		t.Fatal(err)
	}
	em.cl = cl
	return em
}

func (em *emulated) faultOn(method, path string, kind emulator.FaultKind) {
	em.pending.Store(&emulatedFault{method, path, kind})
}

func TestAgainstEmulator(t *testing.T) {
	props := map[string]string{"email": "Robert.Smith@AcmeCorp.com", "firstname": "Robert", "jobtitle": "CFO"}

	for _, kind := range []emulator.FaultKind{emulator.FaultAfterWrite, emulator.FaultHang} {
		t.Run(fmt.Sprintf("should create exactly one contact through a %s fault", kind), func(t *testing.T) {
			// Given an emulator that applies the create, then fails it
			em := newEmulated(t, emulator.Config{}, func(c *Config) { c.RequestTimeout = 100 * time.Millisecond })
			em.faultOn(http.MethodPost, contactsPath, kind)
			// When the client creates the contact
			c, err := em.cl.Create(t.Context(), props)
			// Then it returns the one contact the emulator holds
			if err != nil {
				t.Fatal(err)
			}
			stored, err := em.e.GetByEmail(t.Context(), "robert.smith@acmecorp.com", nil)
			if err != nil || stored.ID != c.ID || em.e.Stats().Records != 1 {
				t.Fatalf("returned %s, stored %s (%v), %d records", c.ID, stored.ID, err, em.e.Stats().Records)
			}
			if s := em.e.Stats(); s.ByOperation[emulator.OpCreate] != 1 || s.FaultsBy[kind] != 1 {
				t.Fatalf("stats %+v", s)
			}
		})
	}

	t.Run("should create each contact of a batch once through a 5xx-after-write", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{}, nil)
		em.faultOn(http.MethodPost, contactsPath+"/batch/create", emulator.FaultAfterWrite)
		in := []map[string]string{{"email": "a@x.com"}, {"email": "b@x.com", "firstname": "B"}, {"email": "c@x.com"}}
		res, err := em.cl.BatchCreate(t.Context(), in)
		if err != nil || len(res.Results) != 3 || em.e.Stats().Records != 3 || em.e.Stats().ByOperation[emulator.OpBatchCreate] != 1 {
			t.Fatalf("res %+v, err %v, stats %+v", res, err, em.e.Stats())
		}
	})

	t.Run("should never duplicate a contact under random faults", func(t *testing.T) {
		// Given an emulator failing 30 % of requests in every way it can
		em := newEmulated(t, emulator.Config{FaultRate: 0.3, Seed: 7,
			FaultKinds: []emulator.FaultKind{emulator.FaultBeforeWrite, emulator.FaultAfterWrite, emulator.FaultHang}},
			func(c *Config) { c.RequestTimeout, c.MaxAttempts, c.BreakerFailures = 30*time.Millisecond, 12, 1000 })
		// When 40 contacts are created
		ids := map[string]string{}
		for i := range 40 {
			email := fmt.Sprintf("person%d@example.com", i)
			c, err := em.cl.Create(t.Context(), map[string]string{"email": email, "firstname": fmt.Sprint("P", i)})
			if err != nil {
				t.Fatalf("create %s: %v", email, err)
			}
			ids[email] = c.ID
		}
		// Then the emulator holds exactly those 40, with the ids the client returned
		em.e.SetFaults(0)
		if n := em.e.Stats().Records; n != 40 {
			t.Fatalf("%d records, want 40", n)
		}
		for email, id := range ids {
			if c, err := em.e.GetByEmail(t.Context(), email, nil); err != nil || c.ID != id {
				t.Fatalf("%s: stored %s (%v), client returned %s", email, c.ID, err, id)
			}
		}
		if em.e.Stats().Faults == 0 {
			t.Fatal("no faults were injected")
		}
	})

	t.Run("should ride out a TEN_SECONDLY_ROLLING 429 by waiting its window", func(t *testing.T) {
		// Given an emulator admitting 3 requests per 150 ms
		em := newEmulated(t, emulator.Config{RateLimit: 3, RateWindow: 150 * time.Millisecond}, nil)
		// When the client makes 6 calls
		for i := range 6 {
			if _, err := em.cl.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@x.com", i)}); err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
		}
		// Then every call succeeded, after at least one 429
		if s := em.e.Stats(); s.RateLimitedBy[connectors.PolicyTenSecondly] == 0 || s.Records != 6 {
			t.Fatalf("stats %+v", s)
		}
	})

	t.Run("should return DAILY at once", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{DailyLimit: 1}, nil)
		if _, err := em.cl.Create(t.Context(), props); err != nil {
			t.Fatal(err)
		}
		_, err := em.cl.Get(t.Context(), "1", nil)
		var rl *connectors.RateLimitError
		if !errors.As(err, &rl) || rl.Policy != connectors.PolicyDaily || em.e.Stats().Total != 2 {
			t.Fatalf("err %v, %d requests", err, em.e.Stats().Total)
		}
	})
}
