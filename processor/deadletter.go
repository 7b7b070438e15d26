package processor

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// maxHeaderMessage bounds the error message header: it must not echo a
// multi-megabyte input back into the DLQ's headers.
const maxHeaderMessage = 1024

// deadLetterRecord builds the dead letter of r: the original key, value,
// headers and timestamp, plus the contactgate.* context headers (DESIGN.md
// section 3). Context headers already on r (from an earlier round through
// the DLQ) are replaced, except first_failed_at, which is kept.
func deadLetterRecord(r *kgo.Record, dl *DeadLetterError, attempts int, group, dlqTopic string, now time.Time) *kgo.Record {
	firstFailed := now.UTC().Format(time.RFC3339Nano)
	headers := make([]kgo.RecordHeader, 0, len(r.Headers)+10)
	for _, h := range r.Headers {
		switch h.Key {
		case schemas.HeaderErrorFirstFailedAt:
			firstFailed = string(h.Value)
			continue
		case schemas.HeaderErrorStage, schemas.HeaderErrorClass, schemas.HeaderErrorMessage,
			schemas.HeaderErrorAttempts, schemas.HeaderSourceTopic, schemas.HeaderSourcePartition,
			schemas.HeaderSourceOffset, schemas.HeaderConsumerGroup, schemas.HeaderCRMCorrelationID,
			schemas.HeaderErrorValueDropped:
			continue
		}
		headers = append(headers, h)
	}
	msg := dl.Error()
	if len(msg) > maxHeaderMessage {
		cut := maxHeaderMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut-- // never split a character
		}
		msg = msg[:cut] + "…"
	}
	add := func(k, v string) { headers = append(headers, kgo.RecordHeader{Key: k, Value: []byte(v)}) }
	add(schemas.HeaderErrorStage, dl.Stage)
	add(schemas.HeaderErrorClass, dl.Class)
	add(schemas.HeaderErrorMessage, msg)
	add(schemas.HeaderErrorAttempts, strconv.Itoa(attempts))
	add(schemas.HeaderErrorFirstFailedAt, firstFailed)
	add(schemas.HeaderSourceTopic, r.Topic)
	add(schemas.HeaderSourcePartition, strconv.FormatInt(int64(r.Partition), 10))
	add(schemas.HeaderSourceOffset, strconv.FormatInt(r.Offset, 10))
	add(schemas.HeaderConsumerGroup, group)
	if dl.CorrelationID != "" {
		add(schemas.HeaderCRMCorrelationID, dl.CorrelationID)
	}
	return &kgo.Record{
		Topic:     dlqTopic,
		Key:       r.Key,
		Value:     r.Value,
		Headers:   headers,
		Timestamp: r.Timestamp,
	}
}
