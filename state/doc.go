// Package state owns the identity index on local disk (Badger): match keys
// (external id, e-mail, E.164 phone, name+company blocking keys) to record
// ids, each record's identifiers and properties with provenance, processed
// event ids for idempotent replays, claims on in-flight creates, and the
// applied offsets of the outcome topic it was restored from. Writes that
// belong together go in one Badger transaction.
//
// The index never calls the CRM and knows nothing of Kafka clients; it is
// filled by the processor and restored from the compacted outcome topic.
package state
