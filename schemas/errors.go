package schemas

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels that a *DecodeError wraps; test with errors.Is.
var (
	// ErrNotWireFormat: the bytes do not start with the Confluent header
	// (magic byte 0 and a 4-byte schema id).
	ErrNotWireFormat = errors.New("not in the Confluent wire format")
	// ErrUnknownSchema: the schema id is not known to the registry, or the
	// schema it names is not a usable Avro record schema.
	ErrUnknownSchema = errors.New("unknown schema")
	// ErrMalformed: the payload does not parse as its format and schema say
	// (truncated Avro, trailing bytes, invalid JSON, a field of the wrong type).
	ErrMalformed = errors.New("malformed record")
	// ErrTooLarge: the record or one of its fields exceeds the Limits.
	ErrTooLarge = errors.New("too large")
)

// ErrRegistryUnavailable is wrapped by errors from a schema registry that did
// not answer usefully (network, 5xx). It is transient: retry, do not
// dead-letter.
var ErrRegistryUnavailable = errors.New("schema registry unavailable")

// Format names an encoding of a record.
type Format string

// Formats a Decoder reads.
const (
	// FormatAuto picks FormatWire when the first byte is the magic byte 0 and
	// FormatJSON when the first non-blank byte is '{'.
	FormatAuto Format = "auto"
	// FormatWire is Avro binary after the Confluent header.
	FormatWire Format = "wire"
	// FormatAvro is bare Avro binary written with the embedded schema.
	FormatAvro Format = "avro"
	// FormatJSON is the JSON form with the Avro field names.
	FormatJSON Format = "json"
)

// DecodeError says why a record could not be decoded. It is permanent: the
// same bytes will never decode, so the record belongs in the dead-letter topic.
type DecodeError struct {
	Format   Format // the format that was being read
	SchemaID int    // the writer schema id, when the wire header was read
	Field    string // the field at fault, when one is
	Kind     error  // one of ErrNotWireFormat, ErrUnknownSchema, ErrMalformed, ErrTooLarge
	Err      error  // the underlying cause, if any
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "decode %s record", e.Format)
	if e.SchemaID != 0 {
		fmt.Fprintf(&b, " (schema id %d)", e.SchemaID)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	fmt.Fprintf(&b, ": %v", e.Kind)
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap exposes both the sentinel kind and the cause.
func (e *DecodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// fieldError is the error of mapping one field; the decoder turns it into a
// DecodeError carrying the format and schema id.
type fieldError struct {
	field string
	kind  error
	err   error
}

func (e *fieldError) Error() string { return fmt.Sprintf("field %q: %v: %v", e.field, e.kind, e.err) }

func errField(field string, kind error, format string, args ...any) *fieldError {
	return &fieldError{field: field, kind: kind, err: fmt.Errorf(format, args...)}
}

// decodeErr builds a DecodeError from err, lifting a fieldError's field.
func decodeErr(f Format, id int, kind error, err error) *DecodeError {
	var fe *fieldError
	if errors.As(err, &fe) {
		return &DecodeError{Format: f, SchemaID: id, Field: fe.field, Kind: fe.kind, Err: fe.err}
	}
	return &DecodeError{Format: f, SchemaID: id, Kind: kind, Err: err}
}
