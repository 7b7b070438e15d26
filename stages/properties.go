package stages

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/schemas"
)

// Properties the CRM does not define. HubSpot refuses a whole write that
// names a contact property the portal does not define (400
// PROPERTY_DOESNT_EXIST, notes/hubspot.md), a batch included. Events carry
// property maps their producers fill, so the gatekeeper learns the CRM's
// definitions (connectors.PropertyLister) before its first write, writes
// only defined properties and reports the others refused in the outcome
// (ReasonUndefinedProperty): the contact still lands, and no batch is
// refused or split for one event's property. The refused value is not
// taken into the record, so that once someone defines the property, the
// next event carrying a value writes it.

// ReasonUndefinedProperty is why a field is refused when the CRM defines no
// property of its name.
const ReasonUndefinedProperty = "the CRM defines no such contact property: define it there and later events write it"

// propertyRefresh is the least time between two reads of the definitions:
// a property someone defines is picked up by the first event carrying it
// after that long, and a CRM answering PROPERTY_DOESNT_EXIST is not read
// for every event.
const propertyRefresh = time.Minute

// propertyCatalog is the CRM's contact property definitions as last read.
// Safe for concurrent use.
type propertyCatalog struct {
	now    func() time.Time
	logger *slog.Logger

	read sync.Mutex // one read at a time; mu is taken inside it, never the other way round
	mu   sync.Mutex
	// lister is nil when the CRM lists no definitions: every property is
	// taken to exist, and the CRM's answer decides.
	lister connectors.PropertyLister
	// known maps names to whether the CRM defines them: from the last
	// successful read (complete), and from the CRM's refusals since.
	known    map[string]bool
	complete bool
	// readAt is when the latest read started, successful or not; reading
	// says it is under way, and callers wait for it.
	readAt  time.Time
	reading bool
}

func newPropertyCatalog(crm connectors.CRM, now func() time.Time, logger *slog.Logger) *propertyCatalog {
	l, _ := connectors.PropertyListerOf(crm)
	return &propertyCatalog{lister: l, now: now, logger: logger}
}

// undefined returns those of names the CRM does not define, sorted. The
// first call reads the definitions; later calls read them again when one
// of names is missing and propertyRefresh has passed since the last read.
// A read that fails leaves the definitions as they were (none at first:
// then nothing is undefined) and is logged, not returned.
func (c *propertyCatalog) undefined(ctx context.Context, names []string) []string {
	if len(names) == 0 {
		return nil
	}
	c.mu.Lock()
	if c.lister == nil {
		c.mu.Unlock()
		return nil
	}
	missing, due := c.missingLocked(names), c.dueLocked()
	wait := c.reading || due && (!c.complete || len(missing) > 0)
	c.mu.Unlock()
	if wait {
		c.refresh(ctx)
		c.mu.Lock()
		missing = c.missingLocked(names)
		c.mu.Unlock()
	}
	return missing
}

// forget drops names from the definitions: the CRM answered that it does
// not define them, which is newer news than the last read.
func (c *propertyCatalog) forget(names []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known == nil {
		c.known = map[string]bool{}
	}
	for _, n := range names {
		c.known[n] = false
	}
}

// missingLocked returns those of names that are undefined: refused by the
// CRM since the last read, or absent from a complete read. Before a read
// succeeds, other names count as defined.
func (c *propertyCatalog) missingLocked(names []string) []string {
	var out []string
	for _, n := range names {
		if defined, listed := c.known[n]; listed && !defined || !listed && c.complete {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func (c *propertyCatalog) dueLocked() bool {
	return c.readAt.IsZero() || c.now().Sub(c.readAt) >= propertyRefresh
}

// refresh reads the definitions unless another caller did within
// propertyRefresh; callers arriving meanwhile wait for that read.
func (c *propertyCatalog) refresh(ctx context.Context) {
	c.read.Lock()
	defer c.read.Unlock()
	c.mu.Lock()
	lister, due := c.lister, c.dueLocked()
	if due && lister != nil {
		c.readAt, c.reading = c.now(), true
	}
	c.mu.Unlock()
	if !due || lister == nil {
		return
	}
	defer func() {
		c.mu.Lock()
		c.reading = false
		c.mu.Unlock()
	}()
	defs, err := lister.ListProperties(ctx)
	if errors.Is(err, connectors.ErrPropertiesUnlisted) {
		c.mu.Lock()
		c.lister = nil // a decorator of a CRM without definitions: never ask again
		c.mu.Unlock()
		return
	}
	if err != nil {
		c.logger.Warn("stages: reading the CRM's contact property definitions failed; properties are written as if defined", "error", err)
		return
	}
	known := make(map[string]bool, len(defs))
	for _, d := range defs {
		known[d.Name] = true
	}
	c.mu.Lock()
	c.known, c.complete = known, true
	c.mu.Unlock()
}

// refuseUndefined takes the changed fields the CRM does not define out of
// the merge result, as refused (ReasonUndefinedProperty), keeping the
// record's current values; it reports whether it refused any.
func (g *Gatekeeper) refuseUndefined(ctx context.Context, a *attempt) bool {
	names := make([]string, len(a.merged.Changed))
	for i, d := range a.merged.Changed {
		names[i] = d.Field
	}
	return g.refuseFields(a, g.props.undefined(ctx, names), ReasonUndefinedProperty)
}

// refuseFields moves fields from the merge result's changes to its refusals,
// with reason; false when none of them was a change.
func (g *Gatekeeper) refuseFields(a *attempt, fields []string, reason string) bool {
	if len(fields) == 0 {
		return false
	}
	var current map[string]schemas.PropertyValue
	refused := false
	a.merged.Changed = slices.DeleteFunc(slices.Clone(a.merged.Changed), func(d schemas.FieldDecision) bool {
		if !slices.Contains(fields, d.Field) {
			return false
		}
		if current == nil {
			current = a.currentProperties()
		}
		d.Reason = reason
		a.merged.Refused = append(a.merged.Refused, d)
		if cur, ok := current[d.Field]; ok {
			a.merged.Properties[d.Field] = cur
		} else {
			delete(a.merged.Properties, d.Field)
		}
		refused = true
		return true
	})
	slices.SortFunc(a.merged.Refused, byField)
	return refused
}

// maxUndefinedRetries bounds the writes sent again after a refusal for
// properties the attempt did not write: the batch it shared with another
// attempt's was refused for that one's, which writes again without them.
const maxUndefinedRetries = 3

// retryWithoutUndefined reports whether a write that err answered should be
// sent again: err refuses properties the CRM does not define (the
// definitions read earlier are stale: someone deleted one), and either the
// attempt wrote some of them, now refused in its outcome, or it shared a
// batch with an attempt that did and has retried less than
// maxUndefinedRetries times. The refused names are forgotten at once and
// the definitions read again when propertyRefresh allows.
func (g *Gatekeeper) retryWithoutUndefined(ctx context.Context, a *attempt, err error, retries *int) bool {
	var up *connectors.UnknownPropertyError
	if !errors.As(err, &up) {
		return false
	}
	g.props.forget(up.Properties)
	refused := g.refuseFields(a, up.Properties, ReasonUndefinedProperty)
	refused = g.refuseUndefined(ctx, a) || refused
	if refused {
		return true
	}
	*retries++
	return *retries <= maxUndefinedRetries
}
