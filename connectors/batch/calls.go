package batch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// ErrNoKeyProperty is CreateByKey's error on a Batcher made without
// WithKeyProperty.
var ErrNoKeyProperty = errors.New("batch: create by key without a key property (WithKeyProperty)")

// callKind is the endpoint a call is coalesced into.
type callKind int

const (
	callRead callKind = iota
	callCreate
	callCreateByKey
	callUpdate
	callSearchPhone
	callSearchName
	numCallKinds
)

// String names the kind in errors and logs.
func (k callKind) String() string {
	switch k {
	case callRead:
		return "read by e-mail"
	case callCreate:
		return "create"
	case callCreateByKey:
		return "create by key"
	case callUpdate:
		return "update"
	case callSearchPhone:
		return "search by phone"
	case callSearchName:
		return "search by name and company"
	}
	return fmt.Sprintf("call kind %d", int(k))
}

// call is one caller's request and, once done is closed, its answer.
type call struct {
	kind callKind
	ctx  context.Context

	emails        []string          // read: addresses, the preferred first
	id            string            // update: the record; create by key: the key
	props         map[string]string // create, update
	want          []string          // read, searches, create: properties to return
	phones        []string          // phone search: the forms to look for
	last, company string            // name search
	contact       connectors.Contact
	found         []connectors.Contact // searches
	err           error
	done          chan struct{}
	weight        int       // inputs or filter values it adds to a batch
	queued        time.Time // when it joined its queue (patience)
}

// ReadByEmail reads the contact holding the first of addrs that one holds,
// as its primary or an additional e-mail (a consistent read), with the
// properties want; connectors.ErrNotFound when none does.
func (b *Batcher) ReadByEmail(ctx context.Context, addrs, want []string) (connectors.Contact, error) {
	c := &call{kind: callRead, ctx: ctx, emails: addrs, want: want, weight: len(addrs)}
	if err := b.do(c); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact, nil
}

// Create creates a contact of props. A create refused because a contact
// holds its e-mail returns, beside the *connectors.ConflictError, that
// contact's want properties when the batcher read it (conflict.go). Once
// queued, it is answered even if ctx ends: the write may be applied.
func (b *Batcher) Create(ctx context.Context, props map[string]string, want []string) (connectors.Contact, error) {
	c := &call{kind: callCreate, ctx: ctx, props: props, want: want, weight: 1}
	err := b.do(c)
	return c.contact, err
}

// CreateByKey creates a contact holding key as the key property
// (WithKeyProperty; props hold it too), or finds and updates the one that
// holds it: the contact's New says which. Answered even if ctx ends, as
// Create.
func (b *Batcher) CreateByKey(ctx context.Context, key string, props map[string]string) (connectors.Contact, error) {
	if b.keyProperty == "" {
		return connectors.Contact{}, ErrNoKeyProperty
	}
	c := &call{kind: callCreateByKey, ctx: ctx, id: key, props: props, weight: 1}
	if err := b.do(c); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact, nil
}

// Update sets props of contact id. Answered even if ctx ends, as Create.
func (b *Batcher) Update(ctx context.Context, id string, props map[string]string) (connectors.Contact, error) {
	c := &call{kind: callUpdate, ctx: ctx, id: id, props: props, weight: 1}
	if err := b.do(c); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact, nil
}

// SearchPhone returns the contacts whose phone property is one of forms, as
// the CRM's search index holds them; none when more than the search cap
// (WithSearchCap) do.
func (b *Batcher) SearchPhone(ctx context.Context, forms, want []string) ([]connectors.Contact, error) {
	c := &call{kind: callSearchPhone, ctx: ctx, phones: forms, want: want, weight: len(forms)}
	if err := b.do(c); err != nil {
		return nil, err
	}
	return c.found, nil
}

// SearchName returns the contacts with this last name and company (case
// and surrounding space aside), as the CRM's search index holds them; none
// when more than the search cap do. First names are the caller's to weigh.
func (b *Batcher) SearchName(ctx context.Context, last, company string, want []string) ([]connectors.Contact, error) {
	c := &call{kind: callSearchName, ctx: ctx, last: last, company: company, want: want, weight: 1}
	if err := b.do(c); err != nil {
		return nil, err
	}
	return c.found, nil
}
