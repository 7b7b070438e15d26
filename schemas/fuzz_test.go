package schemas

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

// FuzzDecodeContactEvent feeds arbitrary bytes to the decoder. It must never
// panic; it must fail only with a *DecodeError, or skip with a *SkippedError
// (a tombstone, a Debezium delete); and what it accepts must survive a round
// trip through the wire format unchanged.
//
//	go test -run '^$' -fuzz FuzzDecodeContactEvent -fuzztime 60s ./schemas
func FuzzDecodeContactEvent(f *testing.F) {
	for _, line := range readJSONLines(f, "testdata/contact_events.jsonl") {
		f.Add(line)
		e, err := NewDecoder(nil).ContactEvent(context.Background(), line)
		if err == nil {
			if b, err := AppendContactEventWire(nil, EmbeddedContactEventID, &e); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add(hugeMapBlock())
	f.Add([]byte{0, 0, 0, 0, 1})
	f.Add([]byte(`{"event_id":1}`))
	f.Add([]byte(`{"op":"c","after":{"email":"a@b.co","id":7},"source":{"ts_ms":1,"table":"t"}}`))
	f.Add([]byte(`{"schema":{},"payload":{"EMAIL":"a@b.co"}}`))
	if e, err := AppendContactEventAvro(nil, &ContactEvent{EventID: "bare", Source: "s", Email: "a@b.co"}); err == nil {
		f.Add(e)
	}

	dec := NewDecoder(nil, WithLimits(Limits{MaxRecordBytes: 1 << 16, MaxFieldBytes: 4096, MaxProperties: 64}))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := dec.ContactEvent(context.Background(), b)
		if err != nil {
			var (
				de *DecodeError
				sk *SkippedError
			)
			if !errors.As(err, &de) && !errors.As(err, &sk) {
				t.Fatalf("error %v (%T) is neither a *DecodeError nor a *SkippedError", err, err)
			}
			return
		}
		w, err := AppendContactEventWire(nil, EmbeddedContactEventID, &e)
		if err != nil {
			t.Fatalf("accepted %+v but cannot encode it: %v", e, err)
		}
		again, err := dec.ContactEvent(context.Background(), w)
		if err != nil {
			t.Fatalf("accepted %+v but not its re-encoding: %v", e, err)
		}
		if !reflect.DeepEqual(again, withAvroPrecision(e)) {
			t.Fatalf("round trip changed the event:\n got %+v\nwant %+v", again, e)
		}
	})
}

// withAvroPrecision is e as Avro keeps it: timestamp-millis drops anything
// finer than a millisecond.
func withAvroPrecision(e ContactEvent) ContactEvent {
	e.OccurredAt = e.OccurredAt.Truncate(time.Millisecond)
	return e
}
