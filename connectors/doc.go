// Package connectors declares the narrow CRM interface that the gatekeeper
// and the purge need (find by identifiers, read by id, create, update, batch
// variants, merge, list all), its typed errors, and a HubSpot-compatible
// emulator; one subpackage per CRM implements it (hubspot first). CRM clients
// know nothing of Kafka or of the identity index.
package connectors
