package schemas

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Envelope names the shape of the input records around the contact data.
type Envelope string

// Envelopes a Decoder reads (--input-format).
const (
	// EnvelopeAuto reads a Debezium envelope or a Kafka Connect JSON record
	// when a record is one, and a ContactEvent otherwise.
	EnvelopeAuto Envelope = "auto"
	// EnvelopeContactEvent reads contactgate's own ContactEvent only.
	EnvelopeContactEvent Envelope = "contactevent"
	// EnvelopeDebezium reads Debezium change events (before, after, op,
	// source; JSON with or without the schema/payload wrapper, or Avro).
	EnvelopeDebezium Envelope = "debezium"
	// EnvelopeConnectJSON reads Kafka Connect's JSON converter records
	// (schema and payload, the payload a flat row).
	EnvelopeConnectJSON Envelope = "connect-json"
)

// ParseEnvelope checks an --input-format value.
func ParseEnvelope(s string) (Envelope, error) {
	switch e := Envelope(strings.ToLower(strings.TrimSpace(s))); e {
	case EnvelopeAuto, EnvelopeContactEvent, EnvelopeDebezium, EnvelopeConnectJSON:
		return e, nil
	case "":
		return EnvelopeAuto, nil
	}
	return "", fmt.Errorf("input format %q: want auto, contactevent, debezium or connect-json", s)
}

// Mapping maps the columns of a CDC row onto a ContactEvent. A column named
// like a ContactEvent field (email, first_name, ...) maps to it without
// being listed, and where a row lacks the column Fields names; other columns
// are ignored unless Fields names them, so that a table's internal columns
// never reach the CRM.
type Mapping struct {
	// Fields maps a ContactEvent field (external_id, email, phone,
	// first_name, last_name, company, occurred_at, event_id, source, or
	// properties.NAME for a CRM property) to the source column it comes from.
	Fields map[string]string `yaml:"fields"`
	// Sources maps a source table ("db.table", or "table") to the
	// ContactEvent source, which the precedence file ranks.
	Sources map[string]string `yaml:"sources"`
	// Source is the ContactEvent source of rows whose table Sources does not
	// name. Default: the connector's logical name (Debezium source.name),
	// else "cdc".
	Source string `yaml:"source"`
}

// mappableFields are the ContactEvent fields a column can fill.
var mappableFields = map[string]bool{"event_id": true, "source": true, "occurred_at": true, "external_id": true,
	"email": true, "phone": true, "first_name": true, "last_name": true, "company": true}

// Validate reports a field that no ContactEvent has.
func (m *Mapping) Validate() error {
	for _, f := range sortedKeys(m.Fields) {
		if !mappableFields[f] && !(strings.HasPrefix(f, "properties.") && len(f) > len("properties.")) {
			return fmt.Errorf("mapping: no ContactEvent field %q (want one of %s, or properties.NAME)",
				f, strings.Join(sortedKeys(mappableFields), ", "))
		}
		if m.Fields[f] == "" {
			return fmt.Errorf("mapping: field %q maps from an empty column name", f)
		}
	}
	return nil
}

// ParseFieldMap reads --field-map's "field=COLUMN,field=COLUMN" into m.Fields.
func (m *Mapping) ParseFieldMap(s string) error {
	for _, pair := range strings.Split(s, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		field, column, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("field map %q: want field=COLUMN", pair)
		}
		if m.Fields == nil {
			m.Fields = make(map[string]string)
		}
		m.Fields[strings.TrimSpace(field)] = strings.TrimSpace(column)
	}
	return m.Validate()
}

// LoadMapping reads a mapping file (YAML: fields, sources, source). Unknown
// keys are an error, so that a typo does not silently drop a column.
func LoadMapping(path string) (Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, fmt.Errorf("mapping: %w", err)
	}
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return Mapping{}, fmt.Errorf("mapping %s: %w", path, err)
	}
	if err := m.Validate(); err != nil {
		return Mapping{}, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// column returns the column of row that field comes from: the mapped one,
// or, when the row has no such column (a mapping written for another
// table), the column named like the field.
func (m *Mapping) column(row map[string]any, field string) string {
	if c, ok := m.Fields[field]; ok {
		if _, present := row[c]; present {
			return c
		}
	}
	return field
}

// sourceOf names the ContactEvent source of a row of table (db.table or
// table) from connector.
func (m *Mapping) sourceOf(db, table, connector string) string {
	if s, ok := m.Sources[db+"."+table]; ok && db != "" {
		return s
	}
	if s, ok := m.Sources[table]; ok {
		return s
	}
	switch {
	case m.Source != "":
		return m.Source
	case connector != "":
		return connector
	}
	return "cdc"
}

// eventFromRow maps a flat row onto a ContactEvent. Values of any scalar type
// become strings; null is empty.
func (m *Mapping) eventFromRow(row map[string]any, un func(any) any) (ContactEvent, error) {
	var e ContactEvent
	for _, f := range e.identifierFields() {
		s, err := scalarString(row, m.column(row, f.name), un)
		if err != nil {
			return ContactEvent{}, err
		}
		*f.value = s
	}
	for _, f := range sortedKeys(m.Fields) {
		name, ok := strings.CutPrefix(f, "properties.")
		if !ok {
			continue
		}
		s, err := scalarString(row, m.Fields[f], un)
		if err != nil {
			return ContactEvent{}, err
		}
		if s != "" {
			if e.Properties == nil {
				e.Properties = make(map[string]string)
			}
			e.Properties[name] = s
		}
	}
	if col := m.column(row, "occurred_at"); row[col] != nil {
		t, err := cdcTime(col, un(row[col]))
		if err != nil {
			return ContactEvent{}, err
		}
		e.OccurredAt = t
	}
	return e, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
