// Package crmtest is the conformance suite of the connectors.CRM interface:
// the behaviour the gatekeeper and the purge rely on, written once and run
// against every implementation — the emulator in-process, and the HubSpot
// client talking HTTP to the emulator. A behaviour that passes on one and
// fails on the other is a bug in the emulator's HTTP layer or in the client.
//
// The implementation under test must not retry or rate-limit on its own
// (the HubSpot client runs with its resilience policies off), so that the
// suite sees the CRM's raw answers.
package crmtest

import (
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// Factory returns the CRM under test, backed by a new emulator built from
// cfg. cfg.Now is the suite's clock.
type Factory func(t *testing.T, cfg emulator.Config) connectors.CRM

// Clock is a manual clock for the emulator: search lag, rate windows and
// days advance only when a test says so.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at a fixed instant.
func NewClock() *Clock { return &Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Run runs the whole suite.
func Run(t *testing.T, newCRM Factory) {
	t.Run("records", func(t *testing.T) { testRecords(t, newCRM) })
	t.Run("search", func(t *testing.T) { testSearch(t, newCRM) })
	t.Run("batch", func(t *testing.T) { testBatch(t, newCRM) })
	t.Run("merge", func(t *testing.T) { testMerge(t, newCRM) })
	t.Run("typed fields", func(t *testing.T) { testTyped(t, newCRM) })
	t.Run("identity fields", func(t *testing.T) { testIdentity(t, newCRM) })
	t.Run("unique properties", func(t *testing.T) { testUnique(t, newCRM) })
	t.Run("key", func(t *testing.T) { testKey(t, newCRM) })
	t.Run("property definitions", func(t *testing.T) { testDefinitions(t, newCRM) })
	t.Run("rate limits", func(t *testing.T) { testRateLimits(t, newCRM) })
}

// fixture is one test's CRM and clock.
type fixture struct {
	crm   connectors.CRM
	clock *Clock
}

func setup(t *testing.T, newCRM Factory, cfg emulator.Config) fixture {
	t.Helper()
	clock := NewClock()
	cfg.Now = clock.Now
	return fixture{crm: newCRM(t, cfg), clock: clock}
}

// caps is what the CRM under test declares.
func (f fixture) caps() connectors.Capabilities { return connectors.CapabilitiesOf(f.crm) }

// refusesDuplicateEmail: a create or update giving a contact an e-mail
// another holds as its primary is refused with a *ConflictError naming the
// holder (HubSpot always; Salesforce with a blocking Duplicate Rule).
func (f fixture) refusesDuplicateEmail() bool {
	c := f.caps()
	return c.UniqueEmail || c.DuplicateRule
}

// need skips the test when the CRM under test lacks a capability by design.
func need(t *testing.T, ok bool, capability string) {
	t.Helper()
	if !ok {
		t.Skipf("%s: not a capability of this CRM (connectors.Capabilities)", capability)
	}
}

func props(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
