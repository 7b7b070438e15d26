package hubspot

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// Get reads a contact by id; a missing one wraps connectors.ErrNotFound.
func (c *Client) Get(ctx context.Context, id string, properties []string) (connectors.Contact, error) {
	if id == "" {
		return connectors.Contact{}, invalid("INVALID_ID", "hubspot: get contact: empty id")
	}
	req, err := readRequest(http.MethodGet, objectPath(id), c.propertiesQuery(properties), nil, properties)
	if err != nil {
		return connectors.Contact{}, err
	}
	return call(ctx, c, "get contact "+id, func(ctx context.Context) (connectors.Contact, error) {
		return c.object(ctx, req)
	})
}

// GetByEmail reads the contact holding email as its primary or an additional
// e-mail (idProperty=email); a consistent read.
func (c *Client) GetByEmail(ctx context.Context, email string, properties []string) (connectors.Contact, error) {
	if strings.TrimSpace(email) == "" {
		return connectors.Contact{}, invalid("INVALID_EMAIL", "hubspot: get contact by e-mail: empty e-mail")
	}
	req, err := c.byEmailRequest(email, properties)
	if err != nil {
		return connectors.Contact{}, err
	}
	return call(ctx, c, "get contact by e-mail "+email, func(ctx context.Context) (connectors.Contact, error) {
		return c.object(ctx, req)
	})
}

func (c *Client) byEmailRequest(email string, properties []string) (*request, error) {
	q := c.propertiesQuery(properties)
	q.Set("idProperty", connectors.PropEmail)
	return readRequest(http.MethodGet, objectPath(strings.TrimSpace(email)), q, nil, properties)
}

// Update sets properties of a contact; an empty value clears one. Retries are
// safe: the same PATCH twice has the effect of one.
func (c *Client) Update(ctx context.Context, id string, properties map[string]string) (connectors.Contact, error) {
	if id == "" {
		return connectors.Contact{}, invalid("INVALID_ID", "hubspot: update contact: empty id")
	}
	req, err := newRequest(http.MethodPatch, objectPath(id), nil, wireProperties{Properties: properties})
	if err != nil {
		return connectors.Contact{}, err
	}
	return call(ctx, c, "update contact "+id, func(ctx context.Context) (connectors.Contact, error) {
		return c.object(ctx, req)
	})
}

// Merge merges secondaryID into primaryID and returns the survivor.
//
// Merges are irreversible and a second merge of the same pair fails, so a
// retry after an attempt that may have been applied first reads the primary:
// if its hs_merged_object_ids lists secondaryID, the merge happened and the
// primary is returned.
func (c *Client) Merge(ctx context.Context, primaryID, secondaryID string) (connectors.Contact, error) {
	if primaryID == "" || secondaryID == "" {
		return connectors.Contact{}, invalid("INVALID_ID", "hubspot: merge: empty id")
	}
	req, err := newRequest(http.MethodPost, "/merge", nil, wireMerge{PrimaryObjectID: primaryID, ObjectIDToMerge: secondaryID})
	if err != nil {
		return connectors.Contact{}, err
	}
	check, err := readRequest(http.MethodGet, objectPath(primaryID), c.propertiesQuery([]string{PropMergedObjectIDs}), nil, []string{PropMergedObjectIDs})
	if err != nil {
		return connectors.Contact{}, err
	}
	ambiguous := false
	return call(ctx, c, "merge contact "+secondaryID+" into "+primaryID, func(ctx context.Context) (connectors.Contact, error) {
		if ambiguous {
			primary, err := c.object(ctx, check)
			if err != nil {
				return connectors.Contact{}, err
			}
			if slices.Contains(primary.MergedIDs, secondaryID) {
				return primary, nil
			}
		}
		got, err := c.object(ctx, req)
		ambiguous = ambiguous || maybeApplied(err)
		return got, err
	})
}

// List returns one page of all contacts in id order, after the cursor (""
// for the first page). A limit outside 1..MaxListLimit asks for MaxListLimit.
func (c *Client) List(ctx context.Context, after string, limit int, properties []string) (connectors.Page, error) {
	if limit <= 0 || limit > connectors.MaxListLimit {
		limit = connectors.MaxListLimit
	}
	q := c.propertiesQuery(properties)
	q.Set("limit", strconv.Itoa(limit))
	if after != "" {
		q.Set("after", after)
	}
	req, err := newRequest(http.MethodGet, "", q, nil)
	if err != nil {
		return connectors.Page{}, err
	}
	return call(ctx, c, "list contacts", func(ctx context.Context) (connectors.Page, error) {
		var page wirePage
		if err := c.exchange(ctx, req, &page); err != nil {
			return connectors.Page{}, err
		}
		return connectors.Page{Results: c.contacts(page.Results, readNames(properties)), After: page.Paging.after()}, nil
	})
}

// object performs req and decodes one SimplePublicObject.
func (c *Client) object(ctx context.Context, req *request) (connectors.Contact, error) {
	var o wireObject
	if err := c.exchange(ctx, req, &o); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact(o, req.named), nil
}

// splitList splits HubSpot's ';'-separated multi-values.
func splitList(v string) []string {
	var out []string
	for s := range strings.SplitSeq(v, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var _ connectors.Archiver = (*Client)(nil)

// Archive moves contact id to HubSpot's recycling bin (DELETE /{id}, 204);
// reads, lists and search no longer return it. Archiving is idempotent, so
// it is retried like a read.
func (c *Client) Archive(ctx context.Context, id string) error {
	if id == "" {
		return invalid("INVALID_ID", "hubspot: archive: empty id")
	}
	req, err := newRequest(http.MethodDelete, objectPath(id), nil, nil)
	if err != nil {
		return err
	}
	req.op = OperationArchive
	_, err = call(ctx, c, "archive contact "+id, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.exchange(ctx, req, nil)
	})
	return err
}
