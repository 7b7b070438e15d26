package hubspot

import (
	"context"
	"net/http"

	"github.com/contactgate/contactgate/connectors"
)

// Search queries HubSpot's search index (POST /search). The index lags
// writes, so a miss never proves absence. Search has its own rate limiter
// (SearchRateLimit per SearchRateWindow) and a 429 without policyName is
// SECONDLY. The caps of connectors (filter groups, filters, paging depth) are
// left to HubSpot to enforce, so that its 400 reaches the caller unchanged.
func (c *Client) Search(ctx context.Context, sr connectors.SearchRequest) (connectors.SearchPage, error) {
	if sr.FilterGroups == nil {
		sr.FilterGroups = []connectors.FilterGroup{}
	}
	named := readNames(sr.Properties)
	sr.Properties = c.withTyped(sr.Properties)
	req, err := newRequest(http.MethodPost, "/search", nil, sr)
	if err != nil {
		return connectors.SearchPage{}, err
	}
	return call(ctx, c, "search contacts", func(ctx context.Context) (connectors.SearchPage, error) {
		var page wirePage
		if err := c.exchange(ctx, req, &page); err != nil {
			return connectors.SearchPage{}, err
		}
		return connectors.SearchPage{Total: page.Total, Results: c.contacts(page.Results, named), After: page.Paging.after()}, nil
	})
}
