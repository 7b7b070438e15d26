package salesforce

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// queryResult is the answer of /query and /queryAll.
type queryResult struct {
	TotalSize int              `json:"totalSize"`
	Records   []map[string]any `json:"records"`
}

// soql runs a SOQL query (/queryAll when all, which sees deleted and
// merged-away records too) and maps its records.
func (c *Client) soql(ctx context.Context, q string, all bool) ([]connectors.Contact, error) {
	path := "/query"
	if all {
		path = "/queryAll"
	}
	req, err := jsonRequest(http.MethodGet, path, url.Values{"q": {q}}, nil)
	if err != nil {
		return nil, err
	}
	var out queryResult
	if err := c.exchange(ctx, req, &out); err != nil {
		return nil, err
	}
	cs := make([]connectors.Contact, len(out.Records))
	for i, r := range out.Records {
		cs[i] = c.fields.contact(r)
	}
	return cs, nil
}

// selectFrom is "SELECT fields FROM Contact".
func (c *Client) selectFrom(properties []string) string {
	return "SELECT " + strings.Join(c.fields.fields(properties), ", ") + " FROM Contact"
}

// Get reads a contact by id. A merged-away id reads its survivor, found
// by the deleted record's MasterRecordId (/queryAll; Salesforce keeps
// merged-away records in the recycle bin for 15 days, docs/salesforce.md).
func (c *Client) Get(ctx context.Context, id string, properties []string) (connectors.Contact, error) {
	return run(ctx, c, "get", func(ctx context.Context) (connectors.Contact, error) {
		for hop := 0; ; hop++ {
			q := url.Values{"fields": {strings.Join(c.fields.fields(properties), ",")}}
			req, err := jsonRequest(http.MethodGet, "/sobjects/Contact/"+url.PathEscape(id), q, nil)
			if err != nil {
				return connectors.Contact{}, err
			}
			var rec map[string]any
			err = c.exchange(ctx, req, &rec)
			if err == nil {
				return keyOut(c.fields.contact(rec), properties), nil
			}
			if !errors.Is(err, connectors.ErrNotFound) || hop == 3 {
				return connectors.Contact{}, err
			}
			master, qerr := c.mergedInto(ctx, id)
			if qerr != nil || master == "" {
				return connectors.Contact{}, cmp.Or(qerr, err)
			}
			id = master
		}
	})
}

// mergedInto is the record a merged-away id was merged into, "" if id is
// not a merged-away record.
func (c *Client) mergedInto(ctx context.Context, id string) (string, error) {
	if !validID(id) {
		return "", nil
	}
	gone, err := c.soql(ctx, "SELECT Id, MasterRecordId FROM Contact WHERE Id = "+soqlString(id), true)
	if err != nil || len(gone) == 0 {
		return "", err
	}
	return gone[0].Properties[fieldMasterID], nil
}

// GetByEmail reads the oldest contact holding email as its Email or among
// its additional e-mails (EmailsField), case-insensitively, with SOQL: a
// consistent read. Salesforce does not make e-mails unique, so several
// contacts may hold it; the oldest is the one returned.
func (c *Client) GetByEmail(ctx context.Context, email string, properties []string) (connectors.Contact, error) {
	return run(ctx, c, "get by e-mail", func(ctx context.Context) (connectors.Contact, error) {
		var props []string // nil: the defaults, which hold the e-mail (every read selects the others)
		if len(properties) > 0 {
			props = append([]string{connectors.PropEmail}, properties...)
		}
		where := "Email = " + soqlString(email)
		if !c.fields.missing.has(EmailsField) {
			where += " OR " + EmailsField + " LIKE " + soqlString("%"+email+"%")
		}
		q := fmt.Sprintf("%s WHERE %s ORDER BY CreatedDate, Id LIMIT 50", c.selectFrom(props), where)
		cs, err := c.soql(ctx, q, false)
		if err != nil {
			return connectors.Contact{}, err
		}
		for _, ct := range cs {
			if holds(ct, email) {
				return keyOut(project(ct, properties), properties), nil
			}
		}
		return connectors.Contact{}, fmt.Errorf("%w: no contact holds this e-mail", connectors.ErrNotFound)
	})
}

// holds: the contact's Email or one of its additional e-mails is email.
func holds(ct connectors.Contact, email string) bool {
	if strings.EqualFold(ct.Properties[connectors.PropEmail], email) {
		return true
	}
	for _, e := range ct.AdditionalEmails {
		if strings.EqualFold(e, email) {
			return true
		}
	}
	return false
}

// project keeps the properties asked for (all when none), as a read of
// exactly those would.
func project(ct connectors.Contact, properties []string) connectors.Contact {
	if len(properties) == 0 {
		return ct
	}
	keep := map[string]bool{propObjectID: true, connectors.PropCreateDate: true, connectors.PropLastModified: true}
	for _, p := range properties {
		keep[p] = true
	}
	for k := range ct.Properties {
		if !keep[k] {
			delete(ct.Properties, k)
		}
	}
	return ct
}

// saveResult is the answer of a create, an upsert, and one record of a
// collection.
type saveResult struct {
	ID      string     `json:"id"`
	Success bool       `json:"success"`
	Errors  []apiError `json:"errors"`
	Created bool       `json:"created"`
}

// Create creates a contact. Without a blocking Duplicate Rule an e-mail
// another contact holds is no conflict: Salesforce creates a second one.
func (c *Client) Create(ctx context.Context, properties map[string]string) (connectors.Contact, error) {
	return run(ctx, c, "create", func(ctx context.Context) (connectors.Contact, error) {
		req, err := jsonRequest(http.MethodPost, "/sobjects/Contact", nil, c.fields.record(properties))
		if err != nil {
			return connectors.Contact{}, err
		}
		var out saveResult
		if err := c.exchange(ctx, req, &out); err != nil {
			return connectors.Contact{}, err
		}
		return written(out.ID, properties), nil
	})
}

// written is the contact a write answered with id: Salesforce returns
// only the id, so its properties are the ones written.
func written(id string, properties map[string]string) connectors.Contact {
	props := make(map[string]string, len(properties)+1)
	for k, v := range properties {
		props[k] = v
	}
	c := connectors.Contact{ID: id, Properties: props, Key: props[connectors.PropContactgateKey]}
	identityOf(&c)
	emailsOut(&c)
	return c
}

// Update sets properties of a contact; an empty value clears one. The
// contact returned holds the properties written (Salesforce answers 204).
// A merged-away id updates its survivor, as HubSpot's do.
func (c *Client) Update(ctx context.Context, id string, properties map[string]string) (connectors.Contact, error) {
	return run(ctx, c, "update", func(ctx context.Context) (connectors.Contact, error) {
		for hop := 0; ; hop++ {
			req, err := jsonRequest(http.MethodPatch, "/sobjects/Contact/"+url.PathEscape(id), nil, c.fields.record(properties))
			if err != nil {
				return connectors.Contact{}, err
			}
			err = c.exchange(ctx, req, nil)
			if err == nil {
				return written(id, properties), nil
			}
			if !errors.Is(err, connectors.ErrNotFound) || hop == 3 {
				return connectors.Contact{}, err
			}
			master, qerr := c.mergedInto(ctx, id)
			if qerr != nil || master == "" {
				return connectors.Contact{}, cmp.Or(qerr, err)
			}
			id = master
		}
	})
}

// List returns one page of contacts in id order after the cursor (an id),
// by SOQL; one more record than the page is read to know whether it is
// the last.
func (c *Client) List(ctx context.Context, after string, limit int, properties []string) (connectors.Page, error) {
	if limit <= 0 || limit > 2000 {
		limit = connectors.MaxListLimit
	}
	return run(ctx, c, "list", func(ctx context.Context) (connectors.Page, error) {
		q := c.selectFrom(properties)
		if after != "" {
			q += " WHERE Id > " + soqlString(after)
		}
		q += fmt.Sprintf(" ORDER BY Id LIMIT %d", limit+1)
		cs, err := c.soql(ctx, q, false)
		if err != nil {
			return connectors.Page{}, err
		}
		for i := range cs {
			cs[i] = keyOut(cs[i], properties)
		}
		p := connectors.Page{Results: cs}
		if len(cs) > limit {
			p.Results = cs[:limit]
			p.After = cs[limit-1].ID
		}
		return p, nil
	})
}

// MaxURL is the longest request URL the client sends: Salesforce refuses
// longer ones (414 URI_TOO_LONG; 16,384 bytes, docs/salesforce.md), so
// reads and searches by long IN lists go in parts.
const MaxURL = 16000

// tooLong reports whether a GET of path?q=q would exceed MaxURL.
func (c *Client) tooLong(path, q string) bool {
	return len(c.cfg.InstanceURL)+len(dataPath)+len(path)+len("?q=")+len(url.QueryEscape(q)) > MaxURL
}
