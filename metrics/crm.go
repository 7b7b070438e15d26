package metrics

import (
	"context"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// CRM counts and times every call of the CRM it wraps.
type CRM struct {
	next connectors.CRM
	m    *Metrics
}

var (
	_ connectors.CRM     = (*CRM)(nil)
	_ connectors.Pacer   = (*CRM)(nil)
	_ connectors.Capable = (*CRM)(nil)
	// PropertyLister: the gatekeeper writes only defined properties.
	_ connectors.PropertyLister = (*CRM)(nil)
)

// AwaitPermit passes the wrapped CRM's pacing through (connectors.Pacer),
// so that a batcher over the metrics still fills its batches while it
// waits for permits; a CRM that does not pace grants at once.
func (c *CRM) AwaitPermit(ctx context.Context, search bool) (context.Context, error) {
	if p, ok := c.next.(connectors.Pacer); ok {
		return p.AwaitPermit(ctx, search)
	}
	return ctx, nil
}

// Capabilities passes the wrapped CRM's declared capabilities through.
func (c *CRM) Capabilities() connectors.Capabilities { return connectors.CapabilitiesOf(c.next) }

// ListProperties passes the wrapped CRM's property definitions through,
// counted as list_properties; a CRM that lists none answers
// connectors.ErrPropertiesUnlisted.
func (c *CRM) ListProperties(ctx context.Context) ([]connectors.PropertyDefinition, error) {
	l, ok := connectors.PropertyListerOf(c.next)
	if !ok {
		return nil, connectors.ErrPropertiesUnlisted
	}
	start := time.Now()
	defs, err := l.ListProperties(ctx)
	c.observe("list_properties", start, err)
	return defs, err
}

// InstrumentCRM wraps crm.
func (m *Metrics) InstrumentCRM(crm connectors.CRM) *CRM { return &CRM{next: crm, m: m} }

func (c *CRM) observe(op string, start time.Time, err error) {
	c.m.CRMRequests.WithLabelValues(op, Status(err)).Inc()
	c.m.CRMLatency.WithLabelValues(op).Observe(time.Since(start).Seconds())
}

func (c *CRM) Get(ctx context.Context, id string, properties []string) (connectors.Contact, error) {
	start := time.Now()
	r, err := c.next.Get(ctx, id, properties)
	c.observe("get", start, err)
	return r, err
}

func (c *CRM) GetByEmail(ctx context.Context, email string, properties []string) (connectors.Contact, error) {
	start := time.Now()
	r, err := c.next.GetByEmail(ctx, email, properties)
	c.observe("get_by_email", start, err)
	return r, err
}

func (c *CRM) Search(ctx context.Context, req connectors.SearchRequest) (connectors.SearchPage, error) {
	start := time.Now()
	r, err := c.next.Search(ctx, req)
	c.observe("search", start, err)
	return r, err
}

func (c *CRM) Create(ctx context.Context, properties map[string]string) (connectors.Contact, error) {
	start := time.Now()
	r, err := c.next.Create(ctx, properties)
	c.observe("create", start, err)
	return r, err
}

func (c *CRM) Update(ctx context.Context, id string, properties map[string]string) (connectors.Contact, error) {
	start := time.Now()
	r, err := c.next.Update(ctx, id, properties)
	c.observe("update", start, err)
	return r, err
}

func (c *CRM) BatchRead(ctx context.Context, ids []string, idProperty string, properties []string) (connectors.BatchResult, error) {
	start := time.Now()
	r, err := c.next.BatchRead(ctx, ids, idProperty, properties)
	c.observe("batch_read", start, err)
	return r, err
}

func (c *CRM) BatchCreate(ctx context.Context, inputs []map[string]string) (connectors.BatchResult, error) {
	start := time.Now()
	r, err := c.next.BatchCreate(ctx, inputs)
	c.observe("batch_create", start, err)
	return r, err
}

func (c *CRM) BatchUpdate(ctx context.Context, inputs []connectors.UpdateInput) (connectors.BatchResult, error) {
	start := time.Now()
	r, err := c.next.BatchUpdate(ctx, inputs)
	c.observe("batch_update", start, err)
	return r, err
}

func (c *CRM) BatchUpsert(ctx context.Context, inputs []connectors.UpsertInput) (connectors.BatchResult, error) {
	start := time.Now()
	r, err := c.next.BatchUpsert(ctx, inputs)
	c.observe("batch_upsert", start, err)
	return r, err
}

func (c *CRM) Merge(ctx context.Context, primaryID, secondaryID string) (connectors.Contact, error) {
	start := time.Now()
	r, err := c.next.Merge(ctx, primaryID, secondaryID)
	c.observe("merge", start, err)
	return r, err
}

func (c *CRM) List(ctx context.Context, after string, limit int, properties []string) (connectors.Page, error) {
	start := time.Now()
	r, err := c.next.List(ctx, after, limit, properties)
	c.observe("list", start, err)
	return r, err
}
