package batch

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// read answers reads by e-mail with one batch read by the e-mail id
// property (a single read for a single address).
func (b *Batcher) read(ctx context.Context, calls []*call) {
	if len(calls) == 1 && len(calls[0].emails) == 1 {
		c := calls[0]
		c.contact, c.err = b.crm.GetByEmail(ctx, c.emails[0], c.want)
		return
	}
	var ids []string
	want := union(nil, connectors.PropEmail)
	for _, c := range calls {
		for _, e := range c.emails {
			if !slices.ContainsFunc(ids, func(x string) bool { return strings.EqualFold(x, e) }) {
				ids = append(ids, e)
			}
		}
		want = union(want, c.want...)
	}
	res, err := b.crm.BatchRead(ctx, ids, connectors.PropEmail, want)
	if err != nil {
		failAll(calls, err)
		return
	}
	holder := map[string]*connectors.Contact{} // folded e-mail → contact
	for i := range res.Results {
		r := &res.Results[i]
		for _, e := range r.Emails() {
			holder[strings.ToLower(e)] = r
		}
	}
	for _, c := range calls {
		c.err = fmt.Errorf("read by e-mail: %w", connectors.ErrNotFound)
		for _, e := range c.emails {
			if r, ok := holder[strings.ToLower(strings.TrimSpace(e))]; ok {
				c.contact, c.err = project(r, c.want), nil
				break
			}
		}
	}
}

// project keeps only the properties a caller asked for: the others were
// asked for by the calls it shared a batch with.
func project(c *connectors.Contact, want []string) connectors.Contact {
	out := *c
	out.Properties = make(map[string]string, len(want))
	for _, p := range want {
		if v, ok := c.Properties[p]; ok {
			out.Properties[p] = v
		}
	}
	return out
}

// union adds values to a sorted set (of property names).
func union(set []string, values ...string) []string {
	for _, v := range values {
		if i, found := slices.BinarySearch(set, v); !found {
			set = slices.Insert(set, i, v)
		}
	}
	return set
}
