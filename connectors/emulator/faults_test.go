package emulator

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

func TestFaults(t *testing.T) {
	ctx := context.Background()
	props := map[string]string{"email": "a@example.com"}

	t.Run("should apply the write before a FaultAfterWrite 503", func(t *testing.T) {
		// Given every request fails after the write
		e, _ := newTestEmulator(t, Config{FaultRate: 1, FaultKinds: []FaultKind{FaultAfterWrite}})
		// When a contact is created
		_, err := e.Create(ctx, props)
		// Then the caller sees a 503 that may have applied, and it did
		tr := asTransient(t, err)
		if tr.Status != 503 || !tr.MaybeApplied || !errors.Is(err, ErrInjectedFault) || !errors.Is(err, connectors.ErrTransient) {
			t.Errorf("%+v", tr)
		}
		e.SetFaults(0)
		if _, err := e.GetByEmail(ctx, "a@example.com", nil); err != nil {
			t.Fatalf("the write was not applied: %v", err)
		}
	})

	t.Run("should apply nothing on FaultBeforeWrite", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{FaultRate: 1, FaultKinds: []FaultKind{FaultBeforeWrite}})
		_, err := e.Create(ctx, props)
		tr := asTransient(t, err)
		if !slices.Contains([]int{502, 503, 504}, tr.Status) || tr.MaybeApplied {
			t.Errorf("%+v", tr)
		}
		if s := e.Stats(); s.Records != 0 || s.Faults != 1 || s.FaultsBy[FaultBeforeWrite] != 1 {
			t.Errorf("stats %+v", s)
		}
	})

	t.Run("should hang until the context is done, having applied the write", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{FaultRate: 1, FaultKinds: []FaultKind{FaultHang}})
		_, err := e.Create(cancelWhenAwaited(t, ctx), props)
		tr := asTransient(t, err)
		if tr.Status != 0 || !tr.MaybeApplied || !errors.Is(err, context.Canceled) {
			t.Errorf("%+v", tr)
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("records = %d", n)
		}
		if log := e.Requests(); len(log) != 1 || log[0].Status != 0 || log[0].Fault != FaultHang {
			t.Errorf("log %+v", log)
		}
	})

	t.Run("should hang a read without claiming it applied anything", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{FaultRate: 1, FaultKinds: []FaultKind{FaultHang}})
		_, err := e.Get(cancelWhenAwaited(t, ctx), "1001", nil)
		if tr := asTransient(t, err); tr.MaybeApplied || !errors.Is(err, context.Canceled) {
			t.Errorf("%+v", tr)
		}
		if log := e.Requests(); len(log) != 1 || log[0].Fault != FaultHang {
			t.Errorf("log %+v, want the read hung", log)
		}
	})

	t.Run("should end an outage when the faults are switched off", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		e.SetFaults(1)
		for range 10 {
			if _, err := e.Create(ctx, nil); !errors.Is(err, connectors.ErrTransient) {
				t.Fatalf("during the outage: %v", err)
			}
		}
		e.SetFaults(0)
		if _, err := e.Create(ctx, nil); err != nil {
			t.Fatalf("after the outage: %v", err)
		}
	})

	t.Run("should inject the same faults for the same seed", func(t *testing.T) {
		outcomes := func() []int {
			e, _ := newTestEmulator(t, Config{FaultRate: 0.3, Seed: 42})
			var statuses []int
			for range 50 {
				_, err := e.Search(ctx, connectors.SearchRequest{})
				statuses = append(statuses, statusOf(err))
			}
			return statuses
		}
		a, b := outcomes(), outcomes()
		if !slices.Equal(a, b) || !slices.ContainsFunc(a, func(s int) bool { return s >= 500 }) {
			t.Errorf("%v\n%v", a, b)
		}
	})
}

func TestLatency(t *testing.T) {
	t.Run("should add latency to each request", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{Latency: 5 * time.Millisecond})
		start := time.Now()
		if _, err := e.Create(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 5*time.Millisecond {
			t.Errorf("took %s", d)
		}
	})

	t.Run("should stop waiting when the context is done", func(t *testing.T) {
		// Given an hour of latency
		e, _ := newTestEmulator(t, Config{Latency: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		// When the caller gives up
		_, err := e.Create(ctx, nil)
		// Then the call returns a transient failure that applied nothing
		if tr := asTransient(t, err); tr.MaybeApplied || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%+v", tr)
		}
		if s := e.Stats(); s.Records != 0 || s.Statuses[0] != 1 {
			t.Errorf("stats %+v", s)
		}
	})

	t.Run("should refuse a call whose context is already done, unlogged", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := e.Create(ctx, nil); !errors.Is(err, context.Canceled) || !errors.Is(err, connectors.ErrTransient) {
			t.Fatalf("err = %v", err)
		}
		if n := e.Stats().Total; n != 0 {
			t.Errorf("total = %d", n)
		}
	})
}

func TestReject(t *testing.T) {
	ctx := context.Background()
	platinum := func(property, value string) bool { return property == "tier" && value == "platinum" }

	t.Run("should refuse a rejected value with HubSpot's 400 until it is accepted", func(t *testing.T) {
		// Given a CRM whose tier property has no option "platinum"
		e, _ := newTestEmulator(t, Config{Reject: platinum, Properties: []string{"tier"}})
		held := mustCreate(t, e, map[string]string{"email": "held@example.com", "tier": "gold"})
		// When a create, an update and a batch create set it
		_, createErr := e.Create(ctx, map[string]string{"email": "a@example.com", "tier": "platinum"})
		_, updateErr := e.Update(ctx, held.ID, map[string]string{"tier": "platinum", "jobtitle": "CFO"})
		_, batchErr := e.BatchCreate(ctx, []map[string]string{{"email": "b@example.com"}, {"email": "c@example.com", "tier": "platinum"}})
		// Then each is a 400 VALIDATION_ERROR naming the property, and nothing changed
		for what, err := range map[string]error{"create": createErr, "update": updateErr, "batch create": batchErr} {
			var ve *connectors.ValidationError
			if !errors.As(err, &ve) || ve.Status != 400 || ve.Category != CategoryValidation ||
				!strings.Contains(ve.Message, `"error":"INVALID_OPTION","name":"tier"`) {
				t.Errorf("%s: %v, want a 400 INVALID_OPTION of tier", what, err)
			}
		}
		if c, _ := e.Get(ctx, held.ID, nil); c.Properties["tier"] != "gold" || c.Properties["jobtitle"] != "" {
			t.Errorf("the refused update changed %v", c.Properties)
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("%d records, want 1", n)
		}
		// When the CRM is fixed, then the same writes succeed
		e.SetReject(nil)
		if _, err := e.Create(ctx, map[string]string{"email": "a@example.com", "tier": "platinum"}); err != nil {
			t.Fatalf("create after the fix: %v", err)
		}
		if _, err := e.Update(ctx, held.ID, map[string]string{"tier": "platinum"}); err != nil {
			t.Fatalf("update after the fix: %v", err)
		}
	})

	t.Run("should refuse a rejected value over HTTP with HubSpot's body", func(t *testing.T) {
		h, e, _ := newHubSpot(t, Config{Properties: []string{"tier"}})
		e.SetReject(platinum)
		r := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": "a@example.com", "tier": "platinum"}})
		if r.status != 400 || r.body["category"] != CategoryValidation || !strings.Contains(r.body["message"].(string), CodeInvalidOption) {
			t.Fatalf("%d %v", r.status, r.body)
		}
	})
}

// awaitedContext is a context that reports the first call of its Done: a
// hung request of the emulator (with no latency, the one thing that waits
// on the caller's context) is waiting then.
type awaitedContext struct {
	context.Context
	once    sync.Once
	awaited chan struct{}
}

func (c *awaitedContext) Done() <-chan struct{} {
	c.once.Do(func() { close(c.awaited) })
	return c.Context.Done()
}

// cancelWhenAwaited is a context under parent that ends once a call waits
// on it: a call that hangs under it ends, whatever the machine's speed,
// and one that would end before waiting is not cut short.
func cancelWhenAwaited(t *testing.T, parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	t.Cleanup(cancel)
	c := &awaitedContext{Context: ctx, awaited: make(chan struct{})}
	go func() {
		select {
		case <-c.awaited:
			cancel()
		case <-ctx.Done():
		}
	}()
	return c
}
