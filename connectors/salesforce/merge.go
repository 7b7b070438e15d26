package salesforce

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// Merge merges secondaryID into primaryID with the SOAP API's merge(), the
// only merge Salesforce's APIs offer for Contacts (REST has none): MergeMany
// with one record to merge.
func (c *Client) Merge(ctx context.Context, primaryID, secondaryID string) (connectors.Contact, error) {
	return c.MergeMany(ctx, primaryID, []string{secondaryID})
}

// MergeMany merges one or two secondaries into primaryID with one SOAP
// merge() (Salesforce's limit: a master and up to two others;
// Capabilities.MergeArity 3). It reads all of them first (one SOQL query)
// so that the one merge call can give the survivor the connectors.CRM
// semantics: the primary's values win, the secondaries fill blanks (of
// Capabilities.Properties) in the order given, and their e-mails join the survivor's additional e-mails
// (EmailsField), where GetByEmail finds them. The secondaries are deleted
// with MasterRecordId set, so Get of their ids finds the survivor. A
// primary without a key takes the first secondary's in one more request,
// once the secondary no longer holds it. Irreversible.
func (c *Client) MergeMany(ctx context.Context, primaryID string, secondaryIDs []string) (connectors.Contact, error) {
	return run(ctx, c, "merge", func(ctx context.Context) (connectors.Contact, error) {
		if err := mergeable(primaryID, secondaryIDs); err != nil {
			return connectors.Contact{}, err
		}
		ids := make([]string, 0, len(secondaryIDs)+1)
		for _, id := range append([]string{primaryID}, secondaryIDs...) {
			ids = append(ids, soqlString(id))
		}
		where := " WHERE Id IN (" + strings.Join(ids, ", ") + ")"
		all, err := c.soql(ctx, c.selectFrom(mergeProperties)+where, false)
		if f := missingFieldIn(err); f != "" && strings.EqualFold(f, c.cfg.KeyField) {
			// An org without the key field (a purge, never a gatekeeper,
			// ran on it): no key to move.
			all, err = c.soql(ctx, c.selectFrom(snapshotProperties)+where, false)
		}
		if err != nil {
			return connectors.Contact{}, err
		}
		byID := make(map[string]connectors.Contact, len(all))
		for _, r := range all {
			byID[r.ID] = r
		}
		primary, ok := byID[primaryID]
		if !ok {
			return connectors.Contact{}, fmt.Errorf("%w: merge into %s: the master", connectors.ErrNotFound, primaryID)
		}
		survivor := written(primaryID, withEmails(primary))
		fill, key := map[string]string{}, ""
		for _, id := range secondaryIDs {
			secondary, ok := byID[id]
			if !ok {
				return connectors.Contact{}, fmt.Errorf("%w: merge of %s into %s", connectors.ErrNotFound, id, primaryID)
			}
			for k, v := range survivorFill(withEmails(survivor), withEmails(secondary)) {
				fill[k], survivor.Properties[k] = v, v
			}
			emailsOut(&survivor)
			if key == "" {
				key = secondary.Key
			}
		}
		body, err := c.send(ctx, c.mergeRequest(primaryID, secondaryIDs, fill))
		if err == nil {
			err = c.mergeOutcome(body)
		}
		if err != nil {
			return connectors.Contact{}, err
		}
		if key != "" && primary.Key == "" {
			if _, err := c.Update(ctx, primaryID, map[string]string{connectors.PropContactgateKey: key}); err != nil {
				return connectors.Contact{}, fmt.Errorf("merged, but moving the key to the survivor: %w", err)
			}
			survivor.Properties[connectors.PropContactgateKey], survivor.Key = key, key
		}
		identityOf(&survivor)
		return survivor, nil
	})
}

// mergeProperties are what a merge reads of its records: every standard
// field a secondary may fill, and the key.
var mergeProperties = append(slices.Clone(snapshotProperties), connectors.PropContactgateKey)

// mergeable refuses a merge that merge() would: none or more than two
// records to merge, or one of them twice or the master itself.
func mergeable(primaryID string, secondaryIDs []string) error {
	if len(secondaryIDs) == 0 || len(secondaryIDs) > 2 {
		return &connectors.ValidationError{Status: 400, Category: "INVALID_OPERATION",
			Message: fmt.Sprintf("merge() takes one or two records to merge into the master, got %d", len(secondaryIDs))}
	}
	for i, id := range secondaryIDs {
		if id == primaryID || slices.Contains(secondaryIDs[:i], id) {
			return &connectors.ValidationError{Status: 400, Category: "INVALID_ID_FIELD", Message: "cannot merge a contact into itself: " + id}
		}
	}
	return nil
}

// survivorFill is what the merge sets on the primary: the secondary's
// values of the primary's blanks (the key aside: the secondary holds it
// until the merge), and the e-mails the primary lacks as additional ones.
func survivorFill(primary, secondary map[string]string) map[string]string {
	fill := map[string]string{}
	for k, v := range secondary {
		switch k {
		case propObjectID, connectors.PropCreateDate, connectors.PropLastModified,
			EmailsField, connectors.PropContactgateKey, "IsDeleted", fieldMasterID:
			continue
		}
		if v != "" && primary[k] == "" {
			fill[k] = v
		}
	}
	emails := splitEmails(primary[EmailsField])
	have := map[string]bool{strings.ToLower(primary[connectors.PropEmail]): true}
	for _, e := range emails {
		have[strings.ToLower(e)] = true
	}
	added := false
	for _, e := range append([]string{secondary[connectors.PropEmail]}, splitEmails(secondary[EmailsField])...) {
		if e != "" && !have[strings.ToLower(e)] && !strings.EqualFold(e, fill[connectors.PropEmail]) {
			have[strings.ToLower(e)] = true
			emails = append(emails, e)
			added = true
		}
	}
	if added {
		fill[EmailsField] = strings.Join(emails, ";")
	}
	return fill
}

// mergeRequest is the SOAP merge() call; the envelope carries the session
// token, so it is written per attempt.
func (c *Client) mergeRequest(primaryID string, secondaryIDs []string, fill map[string]string) *request {
	keys := make([]string, 0, len(fill))
	for k := range fill {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var master, toMerge strings.Builder
	master.WriteString("<urn1:type>Contact</urn1:type><urn1:Id>" + esc(primaryID) + "</urn1:Id>")
	seen := map[string]bool{} // a field that two core names map to, once
	for _, k := range keys {
		f := esc(c.fields.sf(k))
		if !seen[f] {
			seen[f] = true
			fmt.Fprintf(&master, "<urn1:%s>%s</urn1:%s>", f, esc(fill[k]), f)
		}
	}
	for _, id := range secondaryIDs {
		toMerge.WriteString("<urn:recordToMergeIds>" + esc(id) + "</urn:recordToMergeIds>")
	}
	body := func(tok string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
			`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com" xmlns:urn1="urn:sobject.partner.soap.sforce.com">` +
			`<soapenv:Header><urn:SessionHeader><urn:sessionId>` + esc(tok) + `</urn:sessionId></urn:SessionHeader></soapenv:Header>` +
			`<soapenv:Body><urn:merge><urn:request><urn:masterRecord>` + master.String() + `</urn:masterRecord>` +
			toMerge.String() + `</urn:request></urn:merge></soapenv:Body></soapenv:Envelope>`)
	}
	return &request{method: http.MethodPost, path: soapPath, ctype: "text/xml; charset=UTF-8", write: true, soap: true, soapBody: body}
}

// mergeResult is the result of a merge() answer without a fault.
type mergeResult struct {
	Success bool `xml:"Body>mergeResponse>result>success"`
	Errors  []struct {
		Message    string `xml:"message"`
		StatusCode string `xml:"statusCode"`
	} `xml:"Body>mergeResponse>result>errors"`
}

// mergeOutcome reads a merge() answer: its per-request errors classified.
func (c *Client) mergeOutcome(body []byte) error {
	var r mergeResult
	if err := xml.Unmarshal(body, &r); err != nil {
		return &connectors.TransientError{MaybeApplied: true, Err: fmt.Errorf("decoding the merge answer: %w", err)}
	}
	if r.Success {
		return nil
	}
	if len(r.Errors) == 0 {
		return &connectors.TransientError{MaybeApplied: true, Err: fmt.Errorf("merge answered neither success nor an error")}
	}
	return c.classify(apiError{ErrorCode: r.Errors[0].StatusCode, Message: r.Errors[0].Message}, http.StatusBadRequest, true)
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
