package demo

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

// CRMSalesforce is Options.CRM for a Salesforce org: the Salesforce
// emulator on loopback HTTP, reached by the Salesforce client with OAuth
// client credentials. E-mail is not unique there (no duplicate rule):
// only the strategy keeps duplicates out.
const CRMSalesforce = "salesforce"

// Demo credentials of the loopback org: not secrets.
const (
	sfClientID     = "contactgate-demo"
	sfClientSecret = "contactgate-demo-secret"
)

// salesforceCRM is the Salesforce emulator served over loopback HTTP and
// the Salesforce client that talks to it.
type salesforceCRM struct {
	org    *sfemulator.Emulator
	client *salesforce.Client
	srv    *http.Server
	served chan error
}

// startSalesforceCRM serves a new emulated org on 127.0.0.1 whose search
// index lags searchLag, and returns a client of it.
func startSalesforceCRM(searchLag time.Duration) (*salesforceCRM, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: serving the Salesforce emulator: %w", err)
	}
	org := sfemulator.New(sfemulator.Config{SearchLag: searchLag, ClientID: sfClientID, ClientSecret: sfClientSecret})
	h := &salesforceCRM{org: org, srv: &http.Server{Handler: org.Handler(), ReadHeaderTimeout: 10 * time.Second}, served: make(chan error, 1)}
	go func() { h.served <- h.srv.Serve(ln) }()
	h.client, err = salesforce.New(salesforce.Config{InstanceURL: "http://" + ln.Addr().String(), ClientID: sfClientID, ClientSecret: sfClientSecret})
	if err != nil {
		h.close()
		return nil, err
	}
	return h, nil
}

func (h *salesforceCRM) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = h.srv.Shutdown(ctx)
	<-h.served
}

// stats reads the org's counters in the HubSpot emulator's terms, which
// the summary speaks: Records are live contacts; a SOSL search is a
// search, a SOQL query or sObject read a read, a single create or update
// itself, a collection call a batch, a merge() a merge.
func (h *salesforceCRM) stats() emulator.Stats {
	s := h.org.Stats()
	st := emulator.Stats{Total: s.Requests, Records: s.Contacts, RateLimited: s.QuotaRefused, ByOperation: map[emulator.Operation]int{}}
	for route, n := range s.Routes {
		st.ByOperation[emulator.Operation(route)] += n
		switch {
		case strings.Contains(route, "composite"):
			st.Batch += n
		case strings.Contains(route, "merge"):
			st.Merge += n
		case route == "GET search":
			st.Search += n
		case strings.HasPrefix(route, "GET"):
			st.Read += n
		case route == "POST sobject":
			st.Create += n
		default:
			st.Update += n
		}
	}
	return st
}
