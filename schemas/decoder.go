package schemas

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/linkedin/goavro/v2"
)

// Decoder turns record bytes into ContactEvents and Outcomes. It is safe for
// concurrent use. Writer schemas are fetched from its SchemaSource once per id
// and their compiled codecs cached; an id the source does not know is
// remembered for unknownTTL so that a stream of poison records does not hammer
// the registry.
type Decoder struct {
	source   SchemaSource
	limits   Limits
	format   Format
	envelope Envelope
	mapping  Mapping

	mu      sync.RWMutex
	codecs  map[int]*goavro.Codec
	unknown map[int]unknownID
}

type unknownID struct {
	at  time.Time
	err error
}

const unknownTTL = 30 * time.Second

// DecoderOpt configures a Decoder.
type DecoderOpt func(*Decoder)

// WithLimits sets the size limits; zero fields keep DefaultLimits.
func WithLimits(l Limits) DecoderOpt { return func(d *Decoder) { d.limits = l.orDefaults() } }

// WithFormat sets the format of the input; the default is FormatAuto.
func WithFormat(f Format) DecoderOpt { return func(d *Decoder) { d.format = f } }

// WithEnvelope sets the envelope of the input records and the mapping of
// CDC columns onto ContactEvent fields; the default is EnvelopeAuto with no
// mapping (columns named like ContactEvent fields map to them).
func WithEnvelope(e Envelope, m Mapping) DecoderOpt {
	return func(d *Decoder) { d.envelope, d.mapping = e, m }
}

// NewDecoder returns a Decoder that resolves writer schema ids through src.
// A nil src serves the embedded schemas (EmbeddedSource).
func NewDecoder(src SchemaSource, opts ...DecoderOpt) *Decoder {
	if src == nil {
		src = EmbeddedSource()
	}
	d := &Decoder{
		source:   src,
		limits:   DefaultLimits(),
		format:   FormatAuto,
		envelope: EnvelopeAuto,
		codecs:   make(map[int]*goavro.Codec),
		unknown:  make(map[int]unknownID),
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

// ContactEvent decodes one record, a ContactEvent or, unless the envelope is
// EnvelopeContactEvent, a CDC record (see Envelope). Errors are *DecodeError
// (permanent), *SkippedError (a tombstone or a delete: nothing to apply) or
// wrap ErrRegistryUnavailable (transient).
func (d *Decoder) ContactEvent(ctx context.Context, b []byte) (ContactEvent, error) {
	if err := d.limits.checkRecord(len(b)); err != nil {
		return ContactEvent{}, decodeErr(d.format, 0, ErrTooLarge, err)
	}
	if b == nil && d.envelope != EnvelopeContactEvent {
		// A tombstone (a null value; an empty one is not): CDC connectors
		// write one after each delete, for the topic's compaction.
		return ContactEvent{}, &SkippedError{Reason: SkipTombstone}
	}
	format := d.formatOf(b)
	var (
		e   ContactEvent
		id  int
		err error
	)
	if format == FormatJSON {
		isEnvelope := false
		if d.envelope != EnvelopeContactEvent {
			e, isEnvelope, err = d.envelopeJSON(b)
		}
		if !isEnvelope {
			e, err = decodeContactEventJSON(b)
		}
	} else {
		var native any
		native, id, err = d.native(ctx, format, b, contactEventCodec)
		if err != nil {
			return ContactEvent{}, err
		}
		e, err = d.contactEventFromNative(native)
	}
	var skipped *SkippedError
	if errors.As(err, &skipped) {
		return ContactEvent{}, skipped
	}
	if err == nil {
		err = d.limits.checkContactEvent(&e)
	}
	if err != nil {
		return ContactEvent{}, decodeErr(format, id, ErrMalformed, err)
	}
	return e, nil
}

// Outcome decodes one outcome record (wire format or bare Avro).
func (d *Decoder) Outcome(ctx context.Context, b []byte) (Outcome, error) {
	if err := d.limits.checkRecord(len(b)); err != nil {
		return Outcome{}, decodeErr(d.format, 0, ErrTooLarge, err)
	}
	format := d.formatOf(b)
	if format == FormatJSON {
		return Outcome{}, &DecodeError{Format: format, Kind: ErrMalformed, Err: errors.New("outcomes are read as Avro only")}
	}
	native, id, err := d.native(ctx, format, b, outcomeCodec)
	if err != nil {
		return Outcome{}, err
	}
	o, err := outcomeFromNative(native)
	if err != nil {
		return Outcome{}, decodeErr(format, id, ErrMalformed, err)
	}
	return o, nil
}

// formatOf resolves FormatAuto for b: the magic byte 0 starts the wire
// format, '{' (after blanks) JSON, and anything else is bare Avro with the
// embedded schema. A bare ContactEvent starts with the length of its
// event_id, an even byte (zig-zag), so never with '{' (odd), and with 0
// only for an empty event_id, which is invalid anyway.
func (d *Decoder) formatOf(b []byte) Format {
	if d.format != FormatAuto {
		return d.format
	}
	if len(b) > 0 && b[0] == 0 {
		return FormatWire
	}
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return FormatJSON
	}
	return FormatAvro
}

// contactEventFromNative reads a decoded Avro record: a Debezium envelope
// unless the envelope is EnvelopeContactEvent, else a ContactEvent.
func (d *Decoder) contactEventFromNative(native any) (ContactEvent, error) {
	m, _ := native.(map[string]any)
	switch {
	case d.envelope != EnvelopeContactEvent && isDebeziumEnvelope(m):
		return d.debezium(m, true)
	case d.envelope == EnvelopeDebezium:
		return ContactEvent{}, errField("op", ErrMalformed, "not a Debezium change event (no op with before/after)")
	case d.envelope == EnvelopeConnectJSON:
		return ContactEvent{}, errField("", ErrMalformed, "Kafka Connect JSON records are JSON, not Avro")
	}
	return contactEventFromNative(native)
}

// native decodes Avro binary, bare with the embedded codec or in the wire
// format with the writer's codec, and insists the payload is used up.
func (d *Decoder) native(ctx context.Context, format Format, b []byte, embedded *goavro.Codec) (any, int, error) {
	codec, payload, id := embedded, b, 0
	if format == FormatWire {
		var err error
		if id, payload, err = SplitWire(b); err != nil {
			return nil, 0, err
		}
		if codec, err = d.codec(ctx, id); err != nil {
			return nil, id, err
		}
	}
	native, rest, err := codec.NativeFromBinary(payload)
	if err != nil {
		return nil, id, &DecodeError{Format: format, SchemaID: id, Kind: ErrMalformed, Err: err}
	}
	if len(rest) != 0 {
		return nil, id, &DecodeError{Format: format, SchemaID: id, Kind: ErrMalformed,
			Err: fmt.Errorf("%d trailing bytes after the record", len(rest))}
	}
	return native, id, nil
}

// codec returns the compiled writer schema for id.
func (d *Decoder) codec(ctx context.Context, id int) (*goavro.Codec, error) {
	d.mu.RLock()
	c, ok := d.codecs[id]
	u, isUnknown := d.unknown[id]
	d.mu.RUnlock()
	if ok {
		return c, nil
	}
	if isUnknown && time.Since(u.at) < unknownTTL {
		return nil, u.err
	}

	schema, err := d.source.SchemaByID(ctx, id)
	if err == nil {
		c, err = goavro.NewCodec(schema)
		if err != nil {
			err = fmt.Errorf("schema id %d does not compile as Avro: %v: %w", id, err, ErrUnknownSchema)
		}
	}
	switch {
	case err == nil:
		d.mu.Lock()
		d.codecs[id] = c
		delete(d.unknown, id)
		d.mu.Unlock()
		return c, nil
	case errors.Is(err, ErrUnknownSchema):
		derr := &DecodeError{Format: FormatWire, SchemaID: id, Kind: ErrUnknownSchema, Err: err}
		d.mu.Lock()
		d.unknown[id] = unknownID{at: time.Now(), err: derr}
		d.mu.Unlock()
		return nil, derr
	case errors.Is(err, ErrRegistryUnavailable):
		return nil, err
	default:
		return nil, fmt.Errorf("schema id %d: %w: %w", id, ErrRegistryUnavailable, err)
	}
}
