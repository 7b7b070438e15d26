package hubspot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// Creates are the one call a blind retry can duplicate: a 5xx or a timeout
// may come after HubSpot stored the contact. So once an attempt ended with
// TransientError.MaybeApplied, every later attempt first reconciles: it reads
// the inputs' e-mails with a consistent read (GetByEmail, or batch read by
// e-mail) and decides per input:
//
//   - not found: still to create, so it is sent again;
//   - found under that primary e-mail with every property the create sent
//     (e-mail case-insensitively): the earlier attempt created it, or
//     someone created exactly it, which ends in the same state. It is
//     returned and not created again;
//   - found otherwise (other values, or the e-mail is another contact's
//     additional e-mail): someone else holds the e-mail, and the call fails
//     with a *connectors.ConflictError naming that contact, exactly as HubSpot
//     would have answered had the earlier attempt not been applied.
//
// A 409 on an attempt after an ambiguous one may name the contact that
// attempt created (it landed after the reconciling read), so it triggers one
// more reconciliation in the same attempt rather than a conflict the client
// caused. An input without an e-mail cannot be reconciled: after an ambiguous
// failure such a create is not retried, and its TransientError says
// MaybeApplied. Whenever a create ends in an error after an ambiguous
// attempt, the error says MaybeApplied, unless it is a conflict or a
// validation error, which settle the outcome.

// Create creates a contact. An e-mail held by another contact is a
// *connectors.ConflictError naming it. Retries never create a second contact.
func (c *Client) Create(ctx context.Context, properties map[string]string) (connectors.Contact, error) {
	run := &createRun{c: c, single: true, pending: []map[string]string{cloneProperties(properties)}}
	res, err := call(ctx, c, "create contact", run.attempt)
	if err != nil {
		return connectors.Contact{}, run.settle(err)
	}
	if len(res.Results) != 1 {
		return connectors.Contact{}, fmt.Errorf("hubspot: create contact: %d results, want 1", len(res.Results))
	}
	return res.Results[0], nil
}

// BatchCreate creates up to connectors.MaxBatch contacts in one request; it
// fails as a whole with a *connectors.ConflictError if an e-mail exists.
// Inputs with the same e-mail (case-insensitively) are merged, a later
// input's value winning. More than MaxBatch distinct inputs are refused with a
// *connectors.ValidationError of Status 0: splitting would break the
// all-or-nothing contract. Retries never create a second contact.
func (c *Client) BatchCreate(ctx context.Context, inputs []map[string]string) (connectors.BatchResult, error) {
	var pending []map[string]string
	at := map[string]int{}
	for _, in := range inputs {
		k := emailKey(in[connectors.PropEmail])
		if i, ok := at[k]; ok && k != "" {
			for p, v := range in {
				pending[i][p] = v
			}
			continue
		}
		at[k] = len(pending)
		pending = append(pending, cloneProperties(in))
	}
	if len(pending) > connectors.MaxBatch {
		return connectors.BatchResult{}, invalid("TOO_MANY_INPUTS",
			"hubspot: batch create: %d distinct inputs, at most %d in one all-or-nothing batch", len(pending), connectors.MaxBatch)
	}
	if len(pending) == 0 {
		return connectors.BatchResult{}, nil
	}
	run := &createRun{c: c, pending: pending}
	res, err := call(ctx, c, fmt.Sprintf("batch create %d contacts", len(pending)), run.attempt)
	if err != nil {
		return connectors.BatchResult{}, run.settle(err)
	}
	return res, nil
}

// createRun is the state of one Create or BatchCreate across its attempts.
type createRun struct {
	c      *Client
	single bool
	// pending are the inputs not known to exist; done the contacts found by
	// reconciliation.
	pending []map[string]string
	done    []connectors.Contact
	// ambiguous is set once an attempt may have been applied.
	ambiguous bool
}

func (r *createRun) attempt(ctx context.Context) (connectors.BatchResult, error) {
	for round := 0; ; round++ {
		if r.ambiguous {
			if err := r.reconcile(ctx); err != nil {
				return connectors.BatchResult{}, err
			}
			if len(r.pending) == 0 {
				return connectors.BatchResult{Results: slices.Clone(r.done)}, nil
			}
		}
		res, err := r.post(ctx)
		switch {
		case err == nil:
			res.Results = append(slices.Clone(r.done), res.Results...)
			return res, nil
		case maybeApplied(err):
			r.ambiguous = true
			if slices.ContainsFunc(r.pending, func(p map[string]string) bool { return emailKey(p[connectors.PropEmail]) == "" }) {
				return connectors.BatchResult{}, final{err} // nothing to reconcile by: never retry
			}
			return connectors.BatchResult{}, err
		case r.ambiguous && round == 0 && errors.Is(err, connectors.ErrConflict):
			continue // the conflict may be with our own earlier attempt
		default:
			return connectors.BatchResult{}, err
		}
	}
}

// post sends the pending inputs.
func (r *createRun) post(ctx context.Context) (connectors.BatchResult, error) {
	if r.single {
		req, err := newRequest(http.MethodPost, "", nil, wireProperties{Properties: r.pending[0]})
		if err != nil {
			return connectors.BatchResult{}, err
		}
		got, err := r.c.object(ctx, req)
		if err != nil {
			return connectors.BatchResult{}, err
		}
		return connectors.BatchResult{Results: []connectors.Contact{got}}, nil
	}
	in := make([]wireBatchInput, len(r.pending))
	for i, p := range r.pending {
		in[i] = wireBatchInput{Properties: p}
	}
	req, err := newRequest(http.MethodPost, "/batch/create", nil, wireBatchRequest{Inputs: in})
	if err != nil {
		return connectors.BatchResult{}, err
	}
	return r.c.batch(ctx, req)
}

// reconcile reads the pending inputs by e-mail and moves those that exist
// as sent to done; see the comment at the top of the file.
func (r *createRun) reconcile(ctx context.Context) error {
	found, err := r.lookup(ctx)
	if err != nil {
		return err
	}
	byEmail := map[string]connectors.Contact{}
	byAdditional := map[string]connectors.Contact{}
	for _, f := range found {
		byEmail[emailKey(f.Properties[connectors.PropEmail])] = f
		for _, e := range f.AdditionalEmails {
			byAdditional[emailKey(e)] = f
		}
	}
	var still []map[string]string
	for _, p := range r.pending {
		k := emailKey(p[connectors.PropEmail])
		if f, ok := byEmail[k]; ok && sameValues(p, wireValues(f)) {
			r.done = append(r.done, f)
			continue
		}
		f, ok := byEmail[k]
		if !ok {
			f, ok = byAdditional[k]
		}
		if ok {
			return &connectors.ConflictError{ExistingID: f.ID,
				Message: fmt.Sprintf("Contact already exists. Existing ID: %s (found with other values while reconciling a create that may have been applied)", f.ID)}
		}
		still = append(still, p)
	}
	r.pending = still
	return nil
}

// lookup reads the pending inputs' contacts by e-mail, consistently.
func (r *createRun) lookup(ctx context.Context) ([]connectors.Contact, error) {
	props := []string{connectors.PropEmail}
	var emails []string
	for _, p := range r.pending {
		emails = append(emails, strings.TrimSpace(p[connectors.PropEmail]))
		for k := range p {
			if !slices.Contains(props, k) {
				props = append(props, k)
			}
		}
	}
	if r.single {
		req, err := r.c.byEmailRequest(emails[0], props)
		if err != nil {
			return nil, err
		}
		got, err := r.c.object(ctx, req)
		if errors.Is(err, connectors.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []connectors.Contact{got}, nil
	}
	in := make([]wireBatchInput, len(emails))
	for i, e := range emails {
		in[i] = wireBatchInput{ID: e}
	}
	req, err := readRequest(http.MethodPost, "/batch/read", nil,
		wireBatchRequest{Inputs: in, IDProperty: connectors.PropEmail, Properties: r.c.withTyped(props)}, props)
	if err != nil {
		return nil, err
	}
	res, err := r.c.batch(ctx, req)
	return res.Results, err // missing e-mails are per-item errors: not created
}

// sameValues reports whether got holds every property of sent.
func sameValues(sent, got map[string]string) bool {
	for k, v := range sent {
		g, v := strings.TrimSpace(got[k]), strings.TrimSpace(v)
		if k == connectors.PropEmail && strings.EqualFold(g, v) {
			continue
		}
		if g != v {
			return false
		}
	}
	return true
}

// settle makes an error after an ambiguous attempt say MaybeApplied, unless
// it is a conflict or a validation error, which settle the outcome.
func (r *createRun) settle(err error) error {
	if !r.ambiguous || maybeApplied(err) || errors.Is(err, connectors.ErrConflict) || errors.Is(err, connectors.ErrValidation) {
		return err
	}
	te := &connectors.TransientError{MaybeApplied: true, Err: err}
	var inner *connectors.TransientError
	if errors.As(err, &inner) {
		te.Status, te.CorrelationID = inner.Status, inner.CorrelationID
	}
	return te
}
