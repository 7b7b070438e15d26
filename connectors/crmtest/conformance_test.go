package crmtest

import (
	"net/http/httptest"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

func TestEmulatorInProcess(t *testing.T) {
	Run(t, func(t *testing.T, cfg emulator.Config) connectors.CRM { return emulator.New(cfg) })
}

func TestHubSpotClientAgainstEmulator(t *testing.T) {
	Run(t, func(t *testing.T, cfg emulator.Config) connectors.CRM {
		cfg.Token = "test-token"
		srv := httptest.NewServer(emulator.New(cfg).Handler())
		t.Cleanup(srv.Close)
		cl, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, Token: "test-token", Raw: true})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	})
}

// salesforceFactory runs the Salesforce client over HTTP against the
// Salesforce emulator, with OAuth client credentials, translating the
// suite's emulator.Config into the Salesforce org's (the clock, the search
// lag, the daily quota; the HubSpot-only limits are capabilities it lacks).
func salesforceFactory(duplicateRule bool) Factory {
	return func(t *testing.T, cfg emulator.Config) connectors.CRM {
		org := sfemulator.New(sfemulator.Config{SearchLag: cfg.SearchLag, DailyLimit: cfg.DailyLimit, Now: cfg.Now,
			DuplicateRule: duplicateRule, ClientID: "suite", ClientSecret: "suite-secret"})
		srv := httptest.NewServer(org.Handler())
		t.Cleanup(srv.Close)
		cl, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "suite", ClientSecret: "suite-secret",
			DuplicateRule: duplicateRule, Raw: true})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
}

func TestSalesforceClientAgainstEmulator(t *testing.T) {
	Run(t, salesforceFactory(false))
}

func TestSalesforceClientAgainstEmulatorWithDuplicateRule(t *testing.T) {
	Run(t, salesforceFactory(true))
}
