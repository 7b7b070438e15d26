package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Strategies the demo compares on the same events.
const (
	// StrategyGatekeeper is contactgate's pipeline.
	StrategyGatekeeper = "gatekeeper"
	// StrategySearchThenCreate searches the CRM for the e-mail (or phone,
	// or name and company) and creates on a miss: what a careful but naive
	// integration does. The search index lags, so bursts create twice.
	StrategySearchThenCreate = "search-then-create"
	// StrategyCreateFirst creates every event and updates the existing
	// contact when the CRM answers 409: what most sync tools do.
	StrategyCreateFirst = "create-first"
)

// naive is the handler of the two naive strategies. It decodes like the
// gatekeeper, but does no normalization, keeps no index and runs every
// event on its own lane, as integrations without a gatekeeper do.
type naive struct {
	dec    *schemas.Decoder
	crm    connectors.CRM
	search bool
}

var _ processor.Handler = (*naive)(nil)

func (n *naive) Prepare(ctx context.Context, r *kgo.Record) (processor.Job, error) {
	e, err := n.dec.ContactEvent(ctx, r.Value)
	if err != nil {
		return processor.Job{}, processor.DeadLetter("decode", schemas.ClassDecode, err)
	}
	if e.EventID == "" || (e.Email == "" && e.Phone == "" && e.ExternalID == "" && (e.LastName == "" || e.Company == "")) {
		return processor.Job{}, processor.DeadLetter("validate", schemas.ClassValidation, errors.New("no event_id or no identifier"))
	}
	return processor.Job{LaneKey: e.EventID, Value: e}, nil
}

func (n *naive) Apply(ctx context.Context, j processor.Job) (*schemas.Outcome, error) {
	e := j.Value.(schemas.ContactEvent)
	props := crmProperties(&e)
	if n.search {
		if id, by, err := n.find(ctx, &e); err != nil {
			return nil, err
		} else if id != "" {
			return n.update(ctx, &e, id, by, props)
		}
	}
	c, err := n.crm.Create(ctx, props)
	var ce *connectors.ConflictError
	switch {
	case errors.As(err, &ce) && ce.ExistingID != "":
		return n.update(ctx, &e, ce.ExistingID, schemas.MatchedByEmail, props)
	case err != nil:
		return nil, classify(err)
	}
	return &schemas.Outcome{RecordID: c.ID, EventID: e.EventID, Source: e.Source,
		Action: schemas.ActionCreated, MatchedBy: schemas.MatchedByNone}, nil
}

// find searches the CRM the way integrations do: exact property values.
func (n *naive) find(ctx context.Context, e *schemas.ContactEvent) (string, schemas.MatchedBy, error) {
	var f []connectors.Filter
	by := schemas.MatchedByEmail
	switch {
	case e.Email != "":
		f = []connectors.Filter{{PropertyName: connectors.PropEmail, Operator: connectors.OpEQ, Value: strings.TrimSpace(e.Email)}}
	case e.Phone != "":
		f, by = []connectors.Filter{{PropertyName: connectors.PropPhone, Operator: connectors.OpEQ, Value: e.Phone}}, schemas.MatchedByPhone
	default:
		f, by = []connectors.Filter{
			{PropertyName: connectors.PropFirstName, Operator: connectors.OpEQ, Value: e.FirstName},
			{PropertyName: connectors.PropLastName, Operator: connectors.OpEQ, Value: e.LastName},
			{PropertyName: connectors.PropCompany, Operator: connectors.OpEQ, Value: e.Company},
		}, schemas.MatchedByNameCompany
	}
	page, err := n.crm.Search(ctx, connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{{Filters: f}}, Limit: 1})
	if err != nil {
		return "", "", classify(err)
	}
	if len(page.Results) == 0 {
		return "", "", nil
	}
	return page.Results[0].ID, by, nil
}

func (n *naive) update(ctx context.Context, e *schemas.ContactEvent, id string, by schemas.MatchedBy, props map[string]string) (*schemas.Outcome, error) {
	if _, err := n.crm.Update(ctx, id, props); err != nil {
		return nil, classify(err)
	}
	return &schemas.Outcome{RecordID: id, EventID: e.EventID, Source: e.Source,
		Action: schemas.ActionUpdated, MatchedBy: by, Score: 1}, nil
}

func (n *naive) Retryable(err error) bool { return connectors.Retryable(err) }
func (n *naive) Pause(err error) bool     { return errors.Is(err, connectors.ErrCircuitOpen) }

// classify turns a CRM rejection into a dead letter; other errors stay as
// they are for the processor's retry rules.
func classify(err error) error {
	var ve *connectors.ValidationError
	if errors.As(err, &ve) {
		return &processor.DeadLetterError{Stage: "upsert", Class: schemas.ClassCRMRejected, CorrelationID: ve.CorrelationID, Err: err}
	}
	return err
}

// crmProperties are the event's values under HubSpot's property names, as
// the producer sent them (trimmed): naive strategies write them all.
func crmProperties(e *schemas.ContactEvent) map[string]string {
	props := make(map[string]string, len(e.Properties)+5)
	for k, v := range e.Properties {
		props[k] = v
	}
	for k, v := range map[string]string{
		connectors.PropEmail: e.Email, connectors.PropPhone: e.Phone, connectors.PropFirstName: e.FirstName,
		connectors.PropLastName: e.LastName, connectors.PropCompany: e.Company,
	} {
		if v = strings.TrimSpace(v); v != "" {
			props[k] = v
		}
	}
	return props
}

func unknownStrategy(s string) error {
	return fmt.Errorf("unknown strategy %q: want %s, %s or %s", s, StrategyGatekeeper, StrategySearchThenCreate, StrategyCreateFirst)
}
