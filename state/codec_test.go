package state

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

func TestRecordCodec(t *testing.T) {
	t.Run("should round-trip a record and its position", func(t *testing.T) {
		s := stored{
			rec: person("101", []string{"jane@example.com"}, []string{"+14155550100", "+14155550101"}, "jane|smith|acme"),
			pos: position{topic: "contacts.events", partition: 7, next: 123456},
		}
		got, err := decodeRecord("101", encodeRecord(&s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decode = %+v, %v; want %+v", got, err, s)
		}
	})

	t.Run("should round-trip a record's members", func(t *testing.T) {
		s := stored{rec: person("101", []string{"jane@example.com"}, nil, "n")}
		s.rec.Members = []Member{{"first_name": "Jane", "email": "jane@example.com"}, {"first_name": "J.", "date_of_birth": "1980-03-14"}}
		got, err := decodeRecord("101", encodeRecord(&s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decode = %+v, %v; want %+v", got, err, s)
		}
	})

	t.Run("should read a record written before members, as one without", func(t *testing.T) {
		s := stored{rec: person("101", []string{"jane@example.com"}, nil, "n")}
		b := encodeRecord(&s)
		// The version 3 layout is version 5's without the member and the
		// time counts.
		old := append([]byte{codecVersion}, b[1:len(b)-2]...)
		got, err := decodeRecord("101", old)
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decode = %+v, %v; want %+v", got, err, s)
		}
	})

	t.Run("should round-trip a record's times seen", func(t *testing.T) {
		s := stored{rec: person("101", []string{"jane@example.com"}, nil, "n")}
		s.rec.Members = []Member{{"first_name": "Jane"}}
		s.rec.Seen = []int64{1741000000, 1740990000}
		got, err := decodeRecord("101", encodeRecord(&s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decode = %+v, %v; want %+v", got, err, s)
		}
	})

	t.Run("should read a record written before times, as one without", func(t *testing.T) {
		s := stored{rec: person("101", []string{"jane@example.com"}, nil, "n")}
		s.rec.Members = []Member{{"first_name": "Jane"}}
		b := encodeRecord(&s)
		// The version 4 layout is version 5's without the time count.
		old := append([]byte{recordVersion}, b[1:len(b)-1]...)
		got, err := decodeRecord("101", old)
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decode = %+v, %v; want %+v", got, err, s)
		}
	})

	t.Run("should round-trip an empty record", func(t *testing.T) {
		s := stored{rec: Record{ID: "1"}}
		got, err := decodeRecord("1", encodeRecord(&s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decode = %+v, %v", got, err)
		}
	})

	t.Run("should report every truncation as corrupt, never panic", func(t *testing.T) {
		s := stored{rec: person("101", []string{"jane@example.com"}, nil, "n")}
		s.rec.Members = []Member{{"first_name": "Jane"}}
		s.rec.Seen = []int64{1741000000}
		b := encodeRecord(&s)
		for n := range len(b) {
			if _, err := decodeRecord("101", b[:n]); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decode of %d/%d bytes = %v, want ErrCorrupt", n, len(b), err)
			}
		}
	})

	t.Run("should round-trip a claim", func(t *testing.T) {
		c := Claim{Owner: "ev-1", Keys: []Key{{KeyExternalID, "b:1"}, email("a@b.c"), {KeyNameCompany, "n"}}, At: t0}
		got, err := decodeClaim("ev-1", encodeClaim(&c))
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Fatalf("decode = %+v, %v", got, err)
		}
	})
}

// jsonRecord is the record as short-named JSON, the alternative measured
// against the binary codec.
type jsonRecord struct {
	U  time.Time               `json:"u"`
	T  string                  `json:"t,omitempty"`
	P  int32                   `json:"p,omitempty"`
	N  int64                   `json:"n,omitempty"`
	ID schemas.Identifiers     `json:"i"`
	Pr map[string]jsonProperty `json:"pr,omitempty"`
}

type jsonProperty struct {
	V string    `json:"v"`
	S string    `json:"s"`
	U time.Time `json:"u"`
}

// BenchmarkRecordCodec compares the binary record codec with short-named
// JSON: ns/op both ways and bytes per record.
func BenchmarkRecordCodec(b *testing.B) {
	s := stored{
		rec: person("101", []string{"jane@example.com"}, []string{"+14155550100"}, "jane|smith|acme"),
		pos: position{topic: "contacts.events", partition: 7, next: 123456},
	}
	for _, name := range []string{"company", "city", "country", "lifecyclestage"} {
		s.rec.Properties[name] = schemas.PropertyValue{Value: "some " + name, Source: "crm", UpdatedAt: t0}
	}
	b.Run("binary", func(b *testing.B) {
		var n int
		for b.Loop() {
			v := encodeRecord(&s)
			n = len(v)
			if _, err := decodeRecord("101", v); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "bytes/record")
	})
	b.Run("json", func(b *testing.B) {
		var n int
		for b.Loop() {
			j := jsonRecord{U: s.rec.UpdatedAt, T: s.pos.topic, P: s.pos.partition, N: s.pos.next, ID: s.rec.Identifiers,
				Pr: make(map[string]jsonProperty, len(s.rec.Properties))}
			for k, p := range s.rec.Properties {
				j.Pr[k] = jsonProperty{V: p.Value, S: p.Source, U: p.UpdatedAt}
			}
			v, err := json.Marshal(j)
			if err != nil {
				b.Fatal(err)
			}
			n = len(v)
			var back jsonRecord
			if err := json.Unmarshal(v, &back); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "bytes/record")
	})
}

func TestJoinSeenKeepsTheLatestTimesOnce(t *testing.T) {
	older := []int64{9, 8, 7, 6, 5, 4, 3, 2}
	got := JoinSeen([]int64{10, 9, 0}, older...)
	if want := []int64{10, 9, 8, 7, 6, 5, 4, 3}; !reflect.DeepEqual(got, want) {
		t.Fatalf("JoinSeen = %v, want %v", got, want)
	}
	if got := JoinSeen(nil, 0, -5); got != nil {
		t.Fatalf("JoinSeen of no times = %v, want nil", got)
	}
}

// Two records folded into one keep the latest times of both, whichever
// held more (a second reader's probe: the merged record's latest times
// were dropped behind the survivor's eight old ones).
func TestJoinSeenKeepsTheLatestOfBoth(t *testing.T) {
	old := []int64{1580000000, 1580000100, 1580000200, 1580000300, 1580000400, 1580000500, 1580000600, 1580000700}
	got := JoinSeen(old, 1772355600)
	if got[0] != 1772355600 || len(got) != MaxSeen || slices.Contains(got, 1580000000) {
		t.Fatalf("JoinSeen = %v, want the merged record's 1772355600 first and the oldest dropped", got)
	}
}
