// Package stages holds the per-event steps of the gatekeeper, in order:
// decode, validate, normalize, resolve, merge, upsert (DESIGN.md section 1).
// Each stage is a small function of an event and its context, testable on its
// own; cross-cutting concerns (metrics, recovery, retry, dead-lettering) wrap
// stages instead of living inside them. Stages depend on match, state,
// connectors and schemas, never on Kafka.
package stages
