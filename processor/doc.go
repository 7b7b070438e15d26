// Package processor is contactgate's Kafka runtime: the group consumer, the
// lanes that keep one identity's events, and one record key's, in order
// while the rest run concurrently, offset commits of completed work,
// rebalances, and the outcome and dead-letter producers. It composes the
// stages of package stages and knows nothing of a particular CRM.
//
// # Order
//
// A job runs after the earlier jobs of its identity (Job.LaneKey: the
// e-mail key, else the external id, the phone, the name) and of its Kafka
// record key, the producer's unit of order (a person's events keyed by
// their e-mail, a CDC row's changes by its primary key). It goes to the
// lane of the first of them with jobs in flight, and waits for the latest
// job of the other when that one runs on another lane (assign.go). A
// person's phone-only event therefore never overtakes her first event when
// both carry her key, even though its identity is its phone.
//
// # The handler's middleware
//
// Every job reaches the handler's Apply through a fixed chain of
// middleware (HandlerMiddleware, middleware.go), outermost first:
//
//	recover → metrics → pause → retry → dead-letter → Handler.Apply
//
// Each link, and why it sits where it does:
//
//   - recover (recover.go) turns a panic into an internal dead letter with
//     its stack in the log, and the pipeline goes on. Outermost, so that a
//     panic is never retried and nothing inside escapes it. Prepare, which
//     runs outside the chain, is guarded the same way.
//   - metrics counts the jobs and their time, pauses and retries included
//     (Stats, Config.ObserveApply).
//   - pause (gate.go) waits while the CRM cannot take work (Handler.Pause:
//     circuit open, daily quota spent) and pauses consumption meanwhile.
//     Outside retry, so that pauses never spend an event's attempts.
//   - retry (retry.go) retries what Handler.Retryable accepts, with
//     exponential backoff and jitter (failsafe-go), up to MaxAttempts; then
//     the job is a retries_exhausted dead letter.
//   - dead-letter (deadletter.go) sorts the handler's errors: a call that
//     the shutdown cancelled is abandoned (errShutdown), never
//     dead-lettered; pause and retryable errors go on up; anything else is
//     permanent (*DeadLetterError).
//
// # Parked identities
//
// A dead-lettered record parks its identity (its lane key): the identity's
// later events follow it into the DLQ until `contactgate reprocess` sends it
// back. A record dead-lettered as invalid in itself (class validation, in
// Prepare or in Apply) parks nothing: later events do not depend on it.
// The parked set is kept in a compacted topic (Topics.Parked) that
// every instance reads whole before it consumes and follows while it runs,
// so that neither a restart nor a rebalance lets an identity's later events
// overtake the one in the DLQ (parked.go, parkedlog.go). A park is written
// only once its record's dead letter is acknowledged, so a replay of that
// record (its offset was not committed) ends as that dead letter alone: it
// is neither applied again nor parked behind itself. A reprocessed copy
// that is applied unparks the identity with a tombstone.
//
// # Shutdown and the group
//
// Run returns within Config.ShutdownTimeout of its context's end: it stops
// fetching, lets the work in hand finish for part of the timeout, abandons
// the rest to be replayed, and commits the contiguous done offsets
// (shutdown.go). A revoke waits for the handler calls in hand (up to
// DrainTimeout), not for their retries or pauses: those records are left to
// the partition's next owner, and a full lane never holds the poll loop, so
// a rebalance goes on while the CRM is slow. Config.InstanceID makes the
// processor a static member of its group, so that a restart gets its
// partitions back without a rebalance; SessionTimeout and RebalanceTimeout
// are the group's timeouts.
//
// A record the handler says holds nothing to apply (a *schemas.SkippedError
// from Prepare or Apply: a tombstone, a CDC delete) is marked done with
// neither an outcome nor a dead letter, and reported to Config.OnSkip
// (skip.go).
//
// This package also owns the deployment's topics: their names, and the
// configurations they are created with when missing (EnsureTopics).
package processor
