// Package batch is a decorator of a connectors.CRM that coalesces the calls
// of concurrent callers into the CRM's batch calls: reads by e-mail into one
// batch read, creates into one batch create, creates by a unique key
// property into one batch upsert, updates into one batch update, and
// searches by phone or by last name and company into one search with an IN
// filter. Each caller gets its own answer, as if it had called alone. Batch
// sizes are the CRM's declared Capabilities.MaxBatch (or less, WithSize).
//
// # Callers
//
// A caller is a unit of work that makes calls one after another (the
// gatekeeper's attempt at one event). It says when it starts and ends
// (Batcher.Enter, Caller.Leave) and when it waits on something other than
// the batcher, such as a lock (Caller.Idle): a caller waiting elsewhere
// cannot add to a batch, so it must not hold one back.
//
//	c := b.Enter()
//	defer c.Leave()
//	c.Idle(mu.Lock) // instead of mu.Lock()
//	contact, err := b.ReadByEmail(ctx, addrs, props)
//
// Calls made outside Enter and Leave are coalesced too; they never hold a
// batch back.
//
// # When a batch goes
//
// A kind's queue holding a batch of inputs goes at once; otherwise
// everything queued goes as soon as every entered caller that is not idle
// is blocked on a call (queued or in flight), or when the linger
// (WithLinger) has passed since the first call was queued, whichever comes
// first. With a CRM that paces its requests (connectors.Pacer) a ready
// queue first waits for a permit and goes with what has queued by then,
// one batch per permit (pace.go); a ready queue short of a batch first
// waits a while that grows with the callers in flight (WithPatience), so
// that in a backlog a permit carries a fuller batch.
//
// # Refusals, writes, panics
//
// A batch the CRM refuses whole for one input (connectors.ErrConflict,
// connectors.ErrValidation) is split in halves until that input alone gets
// the error; a batch create refused for an e-mail a contact holds, where
// the CRM keeps e-mails unique, is settled by one batch read instead
// (conflict.go). A refusal for properties the CRM does not define
// (*connectors.UnknownPropertyError) is not split: it names them.
//
// Writes are not abandoned half way: a caller whose context ends while its
// create or update is queued or in flight waits for the answer, since the
// write may be applied. The CRM calls run under their callers' context
// values without their cancellation (connectors.WithAbandon: a request
// still waiting for a rate-limit permit is given up); the CRM client's
// timeouts bound them.
//
// A panic while a batch is sent (a bug in a CRM client) is recovered: the
// batch's calls fail with a *PanicError and the stack goes to the logger.
package batch
