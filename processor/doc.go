// Package processor is contactgate's Kafka runtime: the group consumer, the
// lanes that keep one identity's events in order while different identities
// run concurrently, offset commits of completed work, rebalances, and the
// outcome and dead-letter producers. It composes the stages of package stages
// and knows nothing of a particular CRM.
//
// This package also owns the deployment's topics: their names, and the
// configurations they are created with when missing (EnsureTopics).
package processor
