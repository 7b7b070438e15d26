package batch

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// settleConflicts answers the creates of a batch create that the CRM
// refused whole for an e-mail a contact already holds (err: a
// *connectors.ConflictError naming that contact), and reports whether it
// did; when it did not, the caller splits the batch as before.
//
// Where the CRM keeps e-mails unique (Capabilities.UniqueEmail), a caller
// may create without reading the e-mail first (the gatekeeper does), so a
// batch meets contacts that hold its e-mails. HubSpot names only the first
// conflict's contact and not its input, and halving the batch until the
// refused input is alone costs two requests per halving (13 to 15 for 100
// creates). Instead one batch read by the batch's e-mails (consistent, like
// the create) finds every input whose e-mail a contact holds: each gets a
// conflict of its own, with the contact (the call's want properties) for
// the caller to adopt without reading it again, and the rest go again as
// one batch. Three requests for a batch, whatever its size and however many
// of its inputs conflict.
//
// The read settles nothing when it fails or attributes no input (the
// refusal was for two inputs sharing an address, or the contact lost the
// address meanwhile): false, and the batch is split.
func (b *Batcher) settleConflicts(ctx context.Context, calls []*call, err error) bool {
	var conflict *connectors.ConflictError
	if !b.uniqueEmail || !errors.As(err, &conflict) || conflict.ExistingID == "" {
		return false
	}
	var addrs []string
	want := union(nil, connectors.PropEmail)
	for _, c := range calls {
		addrs = unionFold(addrs, inputEmails(c.props)...)
		want = union(want, c.want...)
	}
	if len(addrs) == 0 || len(addrs) > b.size {
		return false
	}
	res, rerr := b.crm.BatchRead(ctx, addrs, connectors.PropEmail, want)
	if rerr != nil {
		return false
	}
	holder := map[string]*connectors.Contact{} // folded e-mail → contact
	for i := range res.Results {
		for _, e := range res.Results[i].Emails() {
			holder[strings.ToLower(e)] = &res.Results[i]
		}
	}
	var rest []*call
	for _, c := range calls {
		h := heldBy(holder, inputEmails(c.props))
		if h == nil {
			rest = append(rest, c)
			continue
		}
		c.contact = project(h, c.want)
		c.err = &connectors.ConflictError{ExistingID: h.ID, CorrelationID: conflict.CorrelationID,
			Message: fmt.Sprintf("batch create refused for an existing e-mail: contact %s holds this input's", h.ID)}
	}
	if len(rest) == len(calls) {
		return false
	}
	if len(rest) > 0 {
		b.createAll(ctx, rest)
	}
	return true
}

// inputEmails are the e-mails a create's properties give the contact: its
// primary one, the only one the core names (a CRM's other e-mails are
// Contact.AdditionalEmails, which no create sets).
func inputEmails(props map[string]string) []string {
	if e := strings.TrimSpace(props[connectors.PropEmail]); e != "" {
		return []string{e}
	}
	return nil
}

// heldBy is the contact holding the first of addrs that one holds, nil when
// none does.
func heldBy(holder map[string]*connectors.Contact, addrs []string) *connectors.Contact {
	for _, a := range addrs {
		if h, ok := holder[strings.ToLower(strings.TrimSpace(a))]; ok {
			return h
		}
	}
	return nil
}
