package schemas

// Default topic names (DESIGN.md section 3). The input topic is configurable;
// the others are too, but downstream consumers expect these.
const (
	TopicEvents   = "contacts.events"
	TopicOutcomes = "contacts.outcomes"
	TopicDLQ      = "contacts.dlq"
	// TopicReview is the compacted review topic: pairs of records in the
	// possible band, and the verdicts on them (ReviewItem).
	TopicReview = "contacts.review"
)

// SubjectFor returns the registry subject of a topic's values under the
// Confluent TopicNameStrategy.
func SubjectFor(topic string) string { return topic + "-value" }

// Dead-letter header keys (DESIGN.md section 3). Values are UTF-8 strings.
const (
	HeaderErrorStage         = "contactgate.error.stage"
	HeaderErrorClass         = "contactgate.error.class"
	HeaderErrorMessage       = "contactgate.error.message"
	HeaderErrorAttempts      = "contactgate.error.attempts"
	HeaderErrorFirstFailedAt = "contactgate.error.first_failed_at"
	HeaderSourceTopic        = "contactgate.source.topic"
	HeaderSourcePartition    = "contactgate.source.partition"
	HeaderSourceOffset       = "contactgate.source.offset"
	HeaderConsumerGroup      = "contactgate.consumer.group"
	HeaderCRMCorrelationID   = "contactgate.crm.correlation_id"
	// HeaderErrorValueDropped is set, to the value's size in bytes, on a
	// dead letter written without its value because the DLQ refused it as
	// too large.
	HeaderErrorValueDropped = "contactgate.error.value_dropped"
)

// Reprocess header keys, set by `contactgate reprocess` on the copies of dead
// letters it writes back to the input topic. Values are UTF-8 strings. The
// processor keeps them on a record it dead-letters again, so the count
// survives every round.
const (
	// HeaderReprocessAttempts counts how many times the record was copied
	// back from the DLQ ("1" the first time). The processor unparks the lane
	// key of a record that carries it.
	HeaderReprocessAttempts = "contactgate.reprocess.attempts"
	// HeaderReprocessFrom names the dead letter the copy came from, as
	// "topic/partition/offset" (Kafka topic names cannot hold a slash).
	HeaderReprocessFrom = "contactgate.reprocess.from"
)

// HeaderParkedBy is set on every record of the parked topic (processor.Topics)
// to the writing processor's instance id: a processor that follows the topic
// skips its own records, whose effect it applied when it wrote them.
const HeaderParkedBy = "contactgate.parked.by"

// Error classes carried in HeaderErrorClass.
const (
	ClassDecode           = "decode"
	ClassValidation       = "validation"
	ClassCRMRejected      = "crm_rejected"
	ClassRetriesExhausted = "retries_exhausted"
	ClassParked           = "parked"
	ClassInternal         = "internal"
)

// Classes lists every error class, in the order of DESIGN.md section 3.
func Classes() []string {
	return []string{ClassDecode, ClassValidation, ClassCRMRejected, ClassRetriesExhausted, ClassParked, ClassInternal}
}
