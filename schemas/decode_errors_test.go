package schemas

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func validWire(t testing.TB) []byte {
	t.Helper()
	e := ContactEvent{EventID: "e1", Source: "crm", OccurredAt: time.UnixMilli(1_700_000_000_000).UTC(),
		Email: "a@example.com", Properties: map[string]string{"jobtitle": "CFO"}}
	b, err := AppendContactEventWire(nil, EmbeddedContactEventID, &e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	wire := validWire(t)
	big := strings.Repeat("x", 10<<20)
	bigLimits := Limits{MaxRecordBytes: 32 << 20}

	for _, tc := range []struct {
		name     string
		opts     []DecoderOpt
		in       []byte
		kind     error
		field    string
		mentions string
		schemaID int
	}{
		{name: "truncated Avro", in: wire[:len(wire)-3], kind: ErrMalformed, schemaID: 1},
		{name: "header only", in: wire[:5], kind: ErrMalformed, schemaID: 1},
		{name: "trailing bytes", in: append(append([]byte(nil), wire...), 0x02, 0x02), kind: ErrMalformed, mentions: "trailing"},
		{name: "wrong magic byte", opts: []DecoderOpt{WithFormat(FormatWire)}, in: append([]byte{1}, wire[1:]...), kind: ErrNotWireFormat, mentions: "magic byte is 0x01"},
		{name: "shorter than the header", in: []byte{0, 0, 1}, kind: ErrNotWireFormat},
		// Neither the wire header nor JSON is read as bare Avro (DESIGN).
		{name: "neither wire nor JSON", in: []byte("hello"), kind: ErrMalformed, mentions: "decode avro record"},
		// A tombstone is skipped, unless the input holds ContactEvents only.
		{name: "empty", opts: []DecoderOpt{WithEnvelope(EnvelopeContactEvent, Mapping{})}, in: nil, kind: ErrMalformed},
		{name: "empty, not a tombstone", in: []byte{}, kind: ErrMalformed},
		{name: "unknown schema id", in: append([]byte{0, 0, 0, 0x30, 0x39}, wire[5:]...), kind: ErrUnknownSchema, schemaID: 12345},
		{name: "schema id of the outcome schema", in: append([]byte{0, 0, 0, 0, 2}, wire[5:]...), kind: ErrMalformed, schemaID: 2},
		{name: "JSON number for a string", in: []byte(`{"event_id":42,"source":"crm"}`), kind: ErrMalformed, field: "event_id", mentions: "expected string, got JSON number"},
		{name: "JSON property not a string", in: []byte(`{"event_id":"e","properties":{"age":41}}`), kind: ErrMalformed, field: "properties", mentions: "expected string"},
		{name: "JSON bad timestamp", in: []byte(`{"event_id":"e","occurred_at":"yesterday"}`), kind: ErrMalformed, field: "occurred_at", mentions: "RFC 3339"},
		{name: "JSON unknown field", in: []byte(`{"event_id":"e","emial":"a@b.co"}`), kind: ErrMalformed, mentions: "emial"},
		{name: "JSON truncated", in: []byte(`{"event_id":"e",`), kind: ErrMalformed},
		{name: "JSON two objects", in: []byte(`{"event_id":"e"}{"event_id":"f"}`), kind: ErrMalformed, mentions: "trailing"},
		{name: "10 MB record", in: []byte(`{"event_id":"e","company":"` + big + `"}`), kind: ErrTooLarge, mentions: "limit is 1048576"},
		{name: "10 MB JSON field", opts: []DecoderOpt{WithLimits(bigLimits)}, in: []byte(`{"event_id":"e","company":"` + big + `"}`), kind: ErrTooLarge, field: "company"},
		{name: "10 MB Avro property", opts: []DecoderOpt{WithLimits(bigLimits)}, in: mustWire(t, ContactEvent{EventID: "e", Properties: map[string]string{"notes": big}}), kind: ErrTooLarge, field: "properties.notes"},
		{name: "too many properties", opts: []DecoderOpt{WithLimits(Limits{MaxProperties: 2})}, in: []byte(`{"event_id":"e","properties":{"a":"1","b":"2","c":"3"}}`), kind: ErrTooLarge, field: "properties"},
		// A map block claiming two billion entries in a 20-byte record must
		// fail fast instead of allocating.
		{name: "huge map block count", in: hugeMapBlock(), kind: ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewDecoder(EmbeddedSource(), tc.opts...).ContactEvent(ctx, tc.in)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %q is not %v", err, tc.kind)
			}
			if errors.Is(err, ErrRegistryUnavailable) {
				t.Errorf("error %q claims to be transient", err)
			}
			if de.Field != tc.field {
				t.Errorf("field = %q, want %q (error %q)", de.Field, tc.field, err)
			}
			if tc.schemaID != 0 && de.SchemaID != tc.schemaID {
				t.Errorf("schema id = %d, want %d", de.SchemaID, tc.schemaID)
			}
			if !strings.Contains(err.Error(), tc.mentions) {
				t.Errorf("error %q does not mention %q", err, tc.mentions)
			}
			if len(err.Error()) > 1000 {
				t.Errorf("error message is %d bytes; it must not echo the input", len(err.Error()))
			}
		})
	}
}

func mustWire(t testing.TB, e ContactEvent) []byte {
	t.Helper()
	b, err := AppendContactEventWire(nil, EmbeddedContactEventID, &e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hugeMapBlock is a wire record whose properties map announces 2^31-1 entries.
func hugeMapBlock() []byte {
	b := AppendWireHeader(nil, EmbeddedContactEventID)
	b = append(b, 2, 'e', 2, 's', 0)               // event_id, source, occurred_at=0
	b = append(b, 0, 0, 0, 0, 0, 0)                // six null optionals
	return append(b, 0xfe, 0xff, 0xff, 0xff, 0x0f) // zigzag(2^31-1) entries
}

func TestDecodeErrorMessageSaysWhatIsWrong(t *testing.T) {
	_, err := NewDecoder(nil).ContactEvent(context.Background(), []byte(`{"event_id":"e","phone":5551234}`))
	want := `decode json record: field "phone": malformed record: expected string, got JSON number`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}
