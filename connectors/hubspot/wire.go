package hubspot

import (
	"net/url"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// The JSON bodies of the contacts API (notes/hubspot.md). Property values are
// strings; a null value decodes as "" (HubSpot treats both as unset).

// wireObject is HubSpot's SimplePublicObject; New is set by batch upsert.
type wireObject struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	CreatedAt  time.Time         `json:"createdAt"`
	UpdatedAt  time.Time         `json:"updatedAt"`
	Archived   bool              `json:"archived"`
	New        bool              `json:"new,omitempty"`
}

// contact is o as a connectors.Contact; named as in typedOut.
func (c *Client) contact(o wireObject, named []string) connectors.Contact {
	ct := connectors.Contact{
		ID:         o.ID,
		Properties: o.Properties,
		CreatedAt:  o.CreatedAt,
		UpdatedAt:  o.UpdatedAt,
		Archived:   o.Archived,
		New:        o.New,
	}
	c.typedOut(&ct, named)
	return ct
}

func (c *Client) contacts(objs []wireObject, named []string) []connectors.Contact {
	out := make([]connectors.Contact, len(objs))
	for i, o := range objs {
		out[i] = c.contact(o, named)
	}
	return out
}

// wirePaging is the cursor of list and search responses: HubSpot's
// ForwardPaging, whose next page has an after cursor and a link to the
// next page.
type wirePaging struct {
	Next *struct {
		After string `json:"after"`
		Link  string `json:"link"`
	} `json:"next,omitempty"`
}

// after is the next page's cursor: next.after, else the after parameter of
// next.link (a page that names its successor only by link).
func (p *wirePaging) after() string {
	if p == nil || p.Next == nil {
		return ""
	}
	if p.Next.After != "" || p.Next.Link == "" {
		return p.Next.After
	}
	u, err := url.Parse(p.Next.Link)
	if err != nil {
		return ""
	}
	return u.Query().Get("after")
}

// wirePage answers list (total absent) and search.
type wirePage struct {
	Total   int          `json:"total"`
	Results []wireObject `json:"results"`
	Paging  *wirePaging  `json:"paging,omitempty"`
}

// wireProperties is the body of create and update.
type wireProperties struct {
	Properties map[string]string `json:"properties"`
}

// wireBatchInput is one input of the batch endpoints: Properties for create,
// ID for read, both for update, all three for upsert.
type wireBatchInput struct {
	ID         string            `json:"id,omitempty"`
	IDProperty string            `json:"idProperty,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

// wireBatchRequest is the body of the batch endpoints.
type wireBatchRequest struct {
	Inputs     []wireBatchInput `json:"inputs"`
	IDProperty string           `json:"idProperty,omitempty"`
	Properties []string         `json:"properties,omitempty"`
}

// wireBatchResponse answers the batch endpoints, 200/201 or 207.
type wireBatchResponse struct {
	Status  string          `json:"status"`
	Results []wireObject    `json:"results"`
	Errors  []wireItemError `json:"errors,omitempty"`
}

// wireItemError is one failed item of a 207.
type wireItemError struct {
	Status   string `json:"status"`
	Category string `json:"category"`
	Message  string `json:"message"`
	Context  struct {
		IDs []string `json:"ids"`
	} `json:"context"`
}

func (r wireBatchResponse) result(c *Client, named []string) connectors.BatchResult {
	res := connectors.BatchResult{Results: c.contacts(r.Results, named)}
	for _, e := range r.Errors {
		res.Errors = append(res.Errors, connectors.ItemError{
			Category: e.Category,
			Message:  c.redact(e.Message),
			IDs:      e.Context.IDs,
		})
	}
	return res
}

// wireMerge is the body of merge.
type wireMerge struct {
	PrimaryObjectID string `json:"primaryObjectId"`
	ObjectIDToMerge string `json:"objectIdToMerge"`
}

// wireError is the body of every error response; PolicyName only on 429s,
// ErrorTokens on some 400s (a unique value's holder, as existingObjectId).
type wireError struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category"`
	ErrorType     string              `json:"errorType"`
	ErrorTokens   map[string][]string `json:"errorTokens"`
	PolicyName    string              `json:"policyName"`
}
