package salesforce

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// Merge merges secondaryID into primaryID with the SOAP API's merge(), the
// only merge Salesforce's APIs offer for Contacts (REST has none). It
// reads both first (one SOQL query) so that the one merge call can give
// the survivor the connectors.CRM semantics: the primary's values win, the
// secondary fills blanks, and the secondary's e-mails join the survivor's
// additional e-mails (EmailsField), where GetByEmail finds them. The
// secondary is deleted with MasterRecordId set, so Get of its id finds the
// survivor. A primary without a key takes the secondary's in a third
// request, once the secondary no longer holds it. Irreversible.
func (c *Client) Merge(ctx context.Context, primaryID, secondaryID string) (connectors.Contact, error) {
	return run(ctx, c, "merge", func(ctx context.Context) (connectors.Contact, error) {
		if primaryID == secondaryID {
			return connectors.Contact{}, &connectors.ValidationError{Status: 400, Category: "INVALID_ID_FIELD", Message: "cannot merge a contact into itself"}
		}
		both, err := c.soql(ctx, fmt.Sprintf("%s WHERE Id IN (%s, %s)", c.selectFrom(nil), soqlString(primaryID), soqlString(secondaryID)), false)
		if err != nil {
			return connectors.Contact{}, err
		}
		var primary, secondary *connectors.Contact
		for i := range both {
			switch both[i].ID {
			case primaryID:
				primary = &both[i]
			case secondaryID:
				secondary = &both[i]
			}
		}
		if primary == nil || secondary == nil {
			return connectors.Contact{}, fmt.Errorf("%w: merge of %s into %s", connectors.ErrNotFound, secondaryID, primaryID)
		}
		fill := survivorFill(primary.Properties, secondary.Properties)
		body, err := c.send(ctx, c.mergeRequest(primaryID, secondaryID, fill))
		if err == nil {
			err = c.mergeOutcome(body)
		}
		if err != nil {
			return connectors.Contact{}, err
		}
		survivor := written(primaryID, primary.Properties)
		for k, v := range fill {
			survivor.Properties[k] = v
		}
		if key := secondary.Properties[connectors.PropContactgateKey]; key != "" && primary.Properties[connectors.PropContactgateKey] == "" {
			if _, err := c.Update(ctx, primaryID, map[string]string{connectors.PropContactgateKey: key}); err != nil {
				return connectors.Contact{}, fmt.Errorf("merged, but moving the key to the survivor: %w", err)
			}
			survivor.Properties[connectors.PropContactgateKey] = key
		}
		return survivor, nil
	})
}

// survivorFill is what the merge sets on the primary: the secondary's
// values of the primary's blanks (the key aside: the secondary holds it
// until the merge), and the e-mails the primary lacks as additional ones.
func survivorFill(primary, secondary map[string]string) map[string]string {
	fill := map[string]string{}
	for k, v := range secondary {
		switch k {
		case connectors.PropObjectID, connectors.PropCreateDate, connectors.PropLastModified,
			connectors.PropAdditionalEmails, connectors.PropContactgateKey, "IsDeleted", fieldMasterID:
			continue
		}
		if v != "" && primary[k] == "" {
			fill[k] = v
		}
	}
	emails := splitEmails(primary[connectors.PropAdditionalEmails])
	have := map[string]bool{strings.ToLower(primary[connectors.PropEmail]): true}
	for _, e := range emails {
		have[strings.ToLower(e)] = true
	}
	added := false
	for _, e := range append([]string{secondary[connectors.PropEmail]}, splitEmails(secondary[connectors.PropAdditionalEmails])...) {
		if e != "" && !have[strings.ToLower(e)] && !strings.EqualFold(e, fill[connectors.PropEmail]) {
			have[strings.ToLower(e)] = true
			emails = append(emails, e)
			added = true
		}
	}
	if added {
		fill[connectors.PropAdditionalEmails] = strings.Join(emails, ";")
	}
	return fill
}

// mergeRequest is the SOAP merge() call; the envelope carries the session
// token, so it is written per attempt.
func (c *Client) mergeRequest(primaryID, secondaryID string, fill map[string]string) *request {
	keys := make([]string, 0, len(fill))
	for k := range fill {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var master strings.Builder
	master.WriteString("<urn1:type>Contact</urn1:type><urn1:Id>" + esc(primaryID) + "</urn1:Id>")
	for _, k := range keys {
		f := esc(c.fields.sf(k))
		fmt.Fprintf(&master, "<urn1:%s>%s</urn1:%s>", f, esc(fill[k]), f)
	}
	body := func(tok string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
			`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com" xmlns:urn1="urn:sobject.partner.soap.sforce.com">` +
			`<soapenv:Header><urn:SessionHeader><urn:sessionId>` + esc(tok) + `</urn:sessionId></urn:SessionHeader></soapenv:Header>` +
			`<soapenv:Body><urn:merge><urn:request><urn:masterRecord>` + master.String() + `</urn:masterRecord>` +
			`<urn:recordToMergeIds>` + esc(secondaryID) + `</urn:recordToMergeIds></urn:request></urn:merge></soapenv:Body></soapenv:Envelope>`)
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
