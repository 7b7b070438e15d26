package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// ContactEvent is one observation of a contact by a producer
// (schemas/contact_event.avsc). Optional strings are empty when absent: an
// empty value never erases a known one, so absent and empty mean the same.
type ContactEvent struct {
	EventID    string            `json:"event_id"`
	Source     string            `json:"source"`
	OccurredAt time.Time         `json:"occurred_at"`
	ExternalID string            `json:"external_id,omitempty"`
	Email      string            `json:"email,omitempty"`
	Phone      string            `json:"phone,omitempty"`
	FirstName  string            `json:"first_name,omitempty"`
	LastName   string            `json:"last_name,omitempty"`
	Company    string            `json:"company,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

type namedString struct {
	name  string
	value *string
}

// identifierFields lists the event's top-level strings by their wire names.
func (e *ContactEvent) identifierFields() [8]namedString {
	return [8]namedString{
		{"event_id", &e.EventID}, {"source", &e.Source},
		{"external_id", &e.ExternalID}, {"email", &e.Email}, {"phone", &e.Phone},
		{"first_name", &e.FirstName}, {"last_name", &e.LastName}, {"company", &e.Company},
	}
}

// toNative converts the event to goavro's native form for the embedded schema.
func (e *ContactEvent) toNative() map[string]any {
	m := make(map[string]any, 10)
	for _, f := range e.identifierFields() {
		switch f.name {
		case "event_id", "source":
			m[f.name] = *f.value
		default:
			m[f.name] = optionalString(*f.value)
		}
	}
	m["occurred_at"] = e.OccurredAt
	props := make(map[string]any, len(e.Properties))
	for k, v := range e.Properties {
		props[k] = v
	}
	m["properties"] = props
	return m
}

// contactEventFromNative maps a decoded Avro record onto a ContactEvent by
// field name, so any writer schema with compatible field types decodes.
func contactEventFromNative(native any) (ContactEvent, error) {
	m, ok := native.(map[string]any)
	if !ok {
		return ContactEvent{}, errField("", ErrMalformed, "record is %T, not an Avro record", native)
	}
	var e ContactEvent
	for _, f := range e.identifierFields() {
		s, err := stringField(m, f.name)
		if err != nil {
			return ContactEvent{}, err
		}
		*f.value = s
	}
	var err error
	if e.OccurredAt, err = timeField(m, "occurred_at"); err != nil {
		return ContactEvent{}, err
	}
	if e.Properties, err = stringMapField(m, "properties"); err != nil {
		return ContactEvent{}, err
	}
	return e, nil
}

// contactEventJSON is the JSON shape; occurred_at stays a string so that a bad
// timestamp is reported against its field.
type contactEventJSON struct {
	EventID    string            `json:"event_id"`
	Source     string            `json:"source"`
	OccurredAt *string           `json:"occurred_at"`
	ExternalID string            `json:"external_id"`
	Email      string            `json:"email"`
	Phone      string            `json:"phone"`
	FirstName  string            `json:"first_name"`
	LastName   string            `json:"last_name"`
	Company    string            `json:"company"`
	Properties map[string]string `json:"properties"`
}

// decodeContactEventJSON parses the JSON form. Unknown fields are rejected
// rather than dropped: anything else belongs in "properties".
func decodeContactEventJSON(b []byte) (ContactEvent, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var j contactEventJSON
	if err := dec.Decode(&j); err != nil {
		return ContactEvent{}, jsonFieldError(err)
	}
	if dec.More() {
		return ContactEvent{}, errField("", ErrMalformed, "trailing data after the JSON object")
	}
	e := ContactEvent{
		EventID: j.EventID, Source: j.Source, ExternalID: j.ExternalID, Email: j.Email,
		Phone: j.Phone, FirstName: j.FirstName, LastName: j.LastName, Company: j.Company,
		Properties: j.Properties,
	}
	if j.OccurredAt != nil {
		t, err := time.Parse(time.RFC3339Nano, *j.OccurredAt)
		if err != nil {
			return ContactEvent{}, errField("occurred_at", ErrMalformed, "not an RFC 3339 timestamp: %q", truncate(*j.OccurredAt, 64))
		}
		e.OccurredAt = t.UTC()
	}
	if len(e.Properties) == 0 {
		e.Properties = nil
	}
	return e, nil
}

// jsonFieldError turns encoding/json's errors into field errors.
func jsonFieldError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "(record)"
		}
		return errField(field, ErrMalformed, "expected %s, got JSON %s", te.Type, te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return errField("", ErrMalformed, "invalid JSON at byte %d: %v", se.Offset, err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errField("", ErrMalformed, "empty or truncated JSON")
	}
	return errField("", ErrMalformed, "%v", err)
}

// EncodeContactEventJSON returns the JSON form of e.
func EncodeContactEventJSON(e *ContactEvent) ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode contact event %q as JSON: %w", e.EventID, err)
	}
	return b, nil
}
