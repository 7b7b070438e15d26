package schemas

// Default topic names (DESIGN.md section 3). The input topic is configurable;
// the others are too, but downstream consumers expect these.
const (
	TopicEvents   = "contacts.events"
	TopicOutcomes = "contacts.outcomes"
	TopicDLQ      = "contacts.dlq"
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
)

// Error classes carried in HeaderErrorClass.
const (
	ClassDecode           = "decode"
	ClassValidation       = "validation"
	ClassCRMRejected      = "crm_rejected"
	ClassRetriesExhausted = "retries_exhausted"
	ClassParked           = "parked"
	ClassInternal         = "internal"
)
