// Package processor is contactgate's Kafka runtime: the group consumer, the
// lanes that keep one identity's events in order while different identities
// run concurrently, offset commits of completed work, rebalances, and the
// outcome and dead-letter producers. It composes the stages of package stages
// and knows nothing of a particular CRM.
//
// A dead-lettered record parks its identity (its lane key): the identity's
// later events follow it into the DLQ until `contactgate reprocess` sends it
// back. The parked set is kept in a compacted topic (Topics.Parked) that
// every instance reads whole before it consumes and follows while it runs,
// so that neither a restart nor a rebalance lets an identity's later events
// overtake the one in the DLQ (parked.go, parkedlog.go).
//
// A record the handler says holds nothing to apply (a *schemas.SkippedError
// from Prepare or Apply: a tombstone, a CDC delete) is marked done with
// neither an outcome nor a dead letter, and reported to Config.OnSkip
// (skip.go).
//
// This package also owns the deployment's topics: their names, and the
// configurations they are created with when missing (EnsureTopics).
package processor
