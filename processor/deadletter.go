package processor

import (
	"context"
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

// classifier is the dead-letter middleware, the innermost: it sorts the
// handler's errors before the retry and pause middleware see them. An error
// of a call that the processor's shutdown cancelled is errShutdown (the
// record is abandoned and replayed, never dead-lettered because of a
// shutdown); a pause or a retryable error goes on as it is; anything else
// is permanent for the record: a *DeadLetterError, internal when the
// handler did not classify it.
func (p *Processor) classifier(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, m *Message) (*schemas.Outcome, error) {
		out, err := next(ctx, m)
		switch {
		case err == nil:
			return out, nil
		case ctx.Err() != nil:
			return nil, errShutdown
		case isDeadLetter(err):
			return nil, err
		case isSkip(err):
			return nil, err // nothing to apply: runJob skips the record
		case p.h.Pause(err) || p.h.Retryable(err):
			return nil, err
		default:
			return nil, asDeadLetter("upsert", err)
		}
	}
}
