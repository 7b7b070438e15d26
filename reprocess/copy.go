package reprocess

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Position names one record of a topic.
type Position struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

func (p Position) String() string { return fmt.Sprintf("%s/%d/%d", p.Topic, p.Partition, p.Offset) }

func positionOf(r *kgo.Record) Position {
	return Position{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}
}

// deadLetter is what Run reads of one DLQ record.
type deadLetter struct {
	rec        *kgo.Record
	class      string
	failedAt   time.Time // first_failed_at, else the record's timestamp
	prevCopies int       // HeaderReprocessAttempts, 0 when absent
}

func readDeadLetter(r *kgo.Record) deadLetter {
	dl := deadLetter{rec: r, failedAt: r.Timestamp}
	for _, h := range r.Headers {
		switch h.Key {
		case schemas.HeaderErrorClass:
			dl.class = string(h.Value)
		case schemas.HeaderErrorFirstFailedAt:
			if t, err := time.Parse(time.RFC3339Nano, string(h.Value)); err == nil {
				dl.failedAt = t
			}
		case schemas.HeaderReprocessAttempts:
			// A malformed count is read as 0: the record stays copyable, and
			// its copy gets a well-formed count.
			if n, err := strconv.Atoi(string(h.Value)); err == nil && n > 0 {
				dl.prevCopies = n
			}
		}
	}
	if dl.class == "" {
		dl.class = "unknown"
	}
	return dl
}

// selected reports whether the filters of o select dl.
func (o *Options) selected(dl deadLetter) bool {
	if len(o.Classes) > 0 && !slices.Contains(o.Classes, dl.class) {
		return false
	}
	if !o.Since.IsZero() && dl.failedAt.Before(o.Since) {
		return false
	}
	if !o.Until.IsZero() && !dl.failedAt.Before(o.Until) {
		return false
	}
	if len(o.Keys) > 0 && !slices.Contains(o.Keys, string(dl.rec.Key)) {
		return false
	}
	return true
}

// contextHeader reports whether a dead letter's header describes its failure
// rather than the original record; such headers are not copied back, except
// first_failed_at (see the package doc).
func contextHeader(key string) bool {
	switch {
	case key == schemas.HeaderErrorFirstFailedAt:
		return false
	case strings.HasPrefix(key, "contactgate.error."), strings.HasPrefix(key, "contactgate.source."),
		key == schemas.HeaderConsumerGroup, key == schemas.HeaderCRMCorrelationID,
		key == schemas.HeaderReprocessAttempts, key == schemas.HeaderReprocessFrom:
		return true
	}
	return false
}

// copyOf builds the record that Run writes to the input topic for dl.
func copyOf(dl deadLetter, inputTopic string) *kgo.Record {
	r := dl.rec
	headers := make([]kgo.RecordHeader, 0, len(r.Headers)+2)
	for _, h := range r.Headers {
		if !contextHeader(h.Key) {
			headers = append(headers, h)
		}
	}
	headers = append(headers,
		kgo.RecordHeader{Key: schemas.HeaderReprocessAttempts, Value: []byte(strconv.Itoa(dl.prevCopies + 1))},
		kgo.RecordHeader{Key: schemas.HeaderReprocessFrom, Value: []byte(positionOf(r).String())},
	)
	return &kgo.Record{Topic: inputTopic, Key: r.Key, Value: r.Value, Headers: headers, Timestamp: r.Timestamp}
}
