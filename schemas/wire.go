package schemas

import (
	"encoding/binary"
	"fmt"
)

// wireHeaderSize is the Confluent header: magic byte 0 and a 4-byte schema id.
const wireHeaderSize = 5

// AppendWireHeader appends the Confluent header for schemaID to dst.
func AppendWireHeader(dst []byte, schemaID int) []byte {
	dst = append(dst, 0)
	return binary.BigEndian.AppendUint32(dst, uint32(schemaID))
}

// SplitWire reads the Confluent header of b and returns the schema id and the
// Avro payload that follows.
func SplitWire(b []byte) (schemaID int, payload []byte, err error) {
	switch {
	case len(b) < wireHeaderSize:
		return 0, nil, &DecodeError{Format: FormatWire, Kind: ErrNotWireFormat,
			Err: fmt.Errorf("%d bytes, shorter than the 5-byte header", len(b))}
	case b[0] != 0:
		return 0, nil, &DecodeError{Format: FormatWire, Kind: ErrNotWireFormat,
			Err: fmt.Errorf("magic byte is 0x%02x, want 0x00", b[0])}
	}
	return int(binary.BigEndian.Uint32(b[1:wireHeaderSize])), b[wireHeaderSize:], nil
}

// AppendContactEventAvro appends e as bare Avro with the embedded schema.
func AppendContactEventAvro(dst []byte, e *ContactEvent) ([]byte, error) {
	b, err := contactEventCodec.BinaryFromNative(dst, e.toNative())
	if err != nil {
		return dst, fmt.Errorf("encode contact event %q as Avro: %w", e.EventID, err)
	}
	return b, nil
}

// AppendContactEventWire appends e in the Confluent wire format. schemaID must
// name the embedded ContactEventSchema in the registry the readers use.
func AppendContactEventWire(dst []byte, schemaID int, e *ContactEvent) ([]byte, error) {
	return AppendContactEventAvro(AppendWireHeader(dst, schemaID), e)
}

// AppendOutcomeAvro appends o as bare Avro with the embedded schema.
func AppendOutcomeAvro(dst []byte, o *Outcome) ([]byte, error) {
	b, err := outcomeCodec.BinaryFromNative(dst, o.toNative())
	if err != nil {
		return dst, fmt.Errorf("encode outcome of event %q as Avro: %w", o.EventID, err)
	}
	return b, nil
}

// AppendOutcomeWire appends o in the Confluent wire format.
func AppendOutcomeWire(dst []byte, schemaID int, o *Outcome) ([]byte, error) {
	return AppendOutcomeAvro(AppendWireHeader(dst, schemaID), o)
}
