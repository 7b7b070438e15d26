package crmtest

import (
	"net/http/httptest"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
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
