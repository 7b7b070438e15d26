package schemas

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// ErrSkipped is wrapped by a *SkippedError: the record holds no contact event
// to apply and is not an error either (a tombstone, a Debezium delete).
var ErrSkipped = errors.New("no contact event in the record")

// SkippedError says why a record was skipped. The processor counts it and
// commits past it; it is neither an outcome nor a dead letter.
type SkippedError struct {
	Reason string // tombstone, debezium_delete, debezium_truncate, debezium_message
	// Row is, for a Debezium delete, the deleted row (the envelope's before)
	// mapped like an event's; nil when the envelope has none. The
	// gatekeeper finds the record it names and answers with an outcome
	// ignored; when it names none the delete is skipped.
	Row *ContactEvent
}

func (e *SkippedError) Error() string { return fmt.Sprintf("%v: %s", ErrSkipped, e.Reason) }

// Unwrap makes errors.Is(err, ErrSkipped) hold.
func (e *SkippedError) Unwrap() error { return ErrSkipped }

// Reasons a record is skipped.
const (
	SkipTombstone        = "tombstone"
	SkipDebeziumDelete   = "debezium_delete"
	SkipDebeziumTruncate = "debezium_truncate"
	SkipDebeziumMessage  = "debezium_message"
)

// envelopeJSON decodes a JSON record as a Debezium or Kafka Connect JSON
// envelope. isEnvelope is false, with no error, when the record is neither
// and the decoder's envelope is auto: the caller reads it as a ContactEvent.
func (d *Decoder) envelopeJSON(b []byte) (e ContactEvent, isEnvelope bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		if d.envelope == EnvelopeAuto {
			return ContactEvent{}, false, nil // ContactEvent's decoder names the fault
		}
		return ContactEvent{}, true, jsonFieldError(err)
	}
	body, wrapped := top, false
	if p, ok := top["payload"]; ok {
		if _, ok := top["schema"]; ok {
			wrapped = true
			if p == nil {
				return ContactEvent{}, true, &SkippedError{Reason: SkipTombstone}
			}
			if body, ok = p.(map[string]any); !ok {
				return ContactEvent{}, true, errField("payload", ErrMalformed, "expected an object, got %T", p)
			}
		}
	}
	isDebezium := isDebeziumEnvelope(body)
	switch {
	case isDebezium:
		e, err = d.debezium(body, false)
		return e, true, err
	case d.envelope == EnvelopeDebezium:
		return ContactEvent{}, true, errField("op", ErrMalformed, "not a Debezium change event (no op with before/after)")
	case wrapped:
		e, err = d.connectRow(body)
		return e, true, err
	case d.envelope == EnvelopeConnectJSON:
		return ContactEvent{}, true, errField("payload", ErrMalformed, "not a Kafka Connect JSON record (no schema and payload)")
	}
	return ContactEvent{}, false, nil
}

// isDebeziumEnvelope tells a change event (op, and before or after) from a
// row; it reads JSON maps and goavro's native records alike.
func isDebeziumEnvelope(m map[string]any) bool {
	_, hasOp := m["op"]
	_, hasAfter := m["after"]
	_, hasBefore := m["before"]
	return hasOp && (hasAfter || hasBefore)
}

// debezium maps a change event: c (create), u (update) and r (snapshot read)
// carry the row after the change, which becomes the event; d (delete), t
// (truncate) and m (message) are skipped, because contactgate never deletes
// a CRM contact (a row deleted from a source system is not a person gone).
// A delete's skip carries the deleted row (SkippedError.Row), so that the
// gatekeeper can say which record it left alone. avro says env is
// goavro's native form, whose unions are one-entry maps.
func (d *Decoder) debezium(env map[string]any, avro bool) (ContactEvent, error) {
	un := unwrapper(avro)
	op, _ := un(env["op"]).(string)
	switch op {
	case "c", "u", "r":
	case "d":
		sk := &SkippedError{Reason: SkipDebeziumDelete}
		if before, ok := un(env["before"]).(map[string]any); ok {
			if e, err := d.changeEvent(env, op, before, un); err == nil {
				sk.Row = &e
			}
		}
		return ContactEvent{}, sk
	case "t":
		return ContactEvent{}, &SkippedError{Reason: SkipDebeziumTruncate}
	case "m":
		return ContactEvent{}, &SkippedError{Reason: SkipDebeziumMessage}
	default:
		return ContactEvent{}, errField("op", ErrMalformed, "unknown Debezium operation %q", truncate(op, 16))
	}
	after, ok := un(env["after"]).(map[string]any)
	if !ok {
		return ContactEvent{}, errField("after", ErrMalformed, "operation %q without an after row", op)
	}
	return d.changeEvent(env, op, after, un)
}

// changeEvent maps a change event's row (after, or a delete's before) with
// the envelope's source, time and an event id derived from them.
func (d *Decoder) changeEvent(env map[string]any, op string, row map[string]any, un func(any) any) (ContactEvent, error) {
	e, err := d.mapping.eventFromRow(row, un)
	if err != nil {
		return ContactEvent{}, err
	}
	src, _ := un(env["source"]).(map[string]any)
	db, _ := scalarString(src, "db", un)
	table, _ := scalarString(src, "table", un)
	connector, _ := scalarString(src, "name", un)
	if e.Source == "" {
		e.Source = d.mapping.sourceOf(db, table, connector)
	}
	if e.OccurredAt.IsZero() {
		// The time of the change in the source database; the envelope's own
		// ts_ms is when the connector saw it.
		for _, m := range []map[string]any{src, env} {
			if t, err := cdcTime("ts_ms", un(m["ts_ms"])); err == nil && !t.IsZero() {
				e.OccurredAt = t
				break
			}
		}
	}
	if e.EventID == "" {
		e.EventID = cdcEventID(src, op, row)
	}
	return e, nil
}

// connectRow maps the flat row of a Kafka Connect JSON record.
func (d *Decoder) connectRow(row map[string]any) (ContactEvent, error) {
	e, err := d.mapping.eventFromRow(row, unwrapper(false))
	if err != nil {
		return ContactEvent{}, err
	}
	if e.Source == "" {
		e.Source = d.mapping.sourceOf("", "", "")
	}
	if e.EventID == "" {
		e.EventID = cdcEventID(nil, "row", row)
	}
	return e, nil
}

// cdcEventID derives an event id from what identifies a change: the same
// change read again (a replay, a connector restart) gets the same id, so
// that the gatekeeper sees it as a replay.
func cdcEventID(source map[string]any, op string, row map[string]any) string {
	h := sha256.New()
	for _, v := range []any{source, op, row} {
		b, err := json.Marshal(v) // maps marshal with sorted keys
		if err != nil {
			fmt.Fprintf(h, "%v", v)
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return "cdc-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// unwrapper returns unwrapUnion for goavro's native form, and the identity
// for JSON, which has no union wrappers: there a one-entry object is a value.
func unwrapper(avro bool) func(any) any {
	if avro {
		return unwrapUnion
	}
	return func(v any) any { return v }
}

// scalarString reads a column of any scalar type as a string; null and a
// missing column are empty.
func scalarString(row map[string]any, col string, un func(any) any) (string, error) {
	switch v := un(row[col]).(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return strconv.FormatBool(v), nil
	case int32:
		return strconv.FormatInt(int64(v), 10), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano), nil
	default:
		return "", errField(col, ErrMalformed, "expected a scalar column value, got %T", v)
	}
}

// cdcTime reads a time column: epoch milliseconds (Debezium's Timestamp and
// ts_ms), an RFC 3339 string (ZonedTimestamp), or an Avro timestamp.
func cdcTime(col string, v any) (time.Time, error) {
	switch v := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return v.UTC(), nil
	case int64:
		return time.UnixMilli(v).UTC(), nil
	case int32:
		return time.UnixMilli(int64(v)).UTC(), nil
	case json.Number:
		if ms, err := v.Int64(); err == nil {
			return time.UnixMilli(ms).UTC(), nil
		}
		if f, err := v.Float64(); err == nil && !math.IsInf(f, 0) {
			return time.UnixMilli(int64(f)).UTC(), nil
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errField(col, ErrMalformed, "expected epoch milliseconds or an RFC 3339 time, got %v", truncate(fmt.Sprint(v), 64))
}
