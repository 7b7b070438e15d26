package hubspot

import "github.com/contactgate/contactgate/connectors"

// Capabilities are HubSpot's, which Client declares: the interface's
// default (connectors.DefaultCapabilities) with HubSpot's own standard
// contact properties in the snapshot a purge journals before a merge.
// Read-only: share, never modify. The emulator declares the same
// (emulator_test.go holds them equal).
var Capabilities = connectors.Capabilities{
	CRM: "hubspot", MaxBatch: connectors.MaxBatch, UniqueEmail: true, UpsertByEmail: true, SearchLags: true,
	MergeArity: 2, MaxSearchFilterGroups: connectors.MaxFilterGroups, RollingRateLimits: true,
	CreatesProperties: true, ListsMergedIDs: true,
	Properties: []string{
		PropObjectID, connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
		connectors.PropPhone, connectors.PropMobilePhone, connectors.PropCompany, connectors.PropJobTitle,
		"website", connectors.PropAddress, connectors.PropCity, connectors.PropState, connectors.PropPostcode,
		connectors.PropCountry, "lifecyclestage", "hs_lead_status", connectors.PropCreateDate,
		connectors.PropLastModified,
	},
}
