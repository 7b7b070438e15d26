package schemas

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

func newFakeRegistry(t *testing.T) (*srfake.Registry, *Registry) {
	t.Helper()
	fake := srfake.New()
	t.Cleanup(fake.Close)
	cl, err := sr.NewClient(sr.URLs(fake.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return fake, NewRegistry(cl)
}

func TestRegistryRoundTrip(t *testing.T) {
	ctx := context.Background()
	_, reg := newFakeRegistry(t)

	// Given the embedded schemas registered under the topics' subjects
	ids, err := reg.RegisterEmbedded(ctx, TopicEvents, TopicOutcomes)
	if err != nil {
		t.Fatal(err)
	}
	if ids.ContactEvent == ids.Outcome {
		t.Fatalf("both schemas got id %d", ids.Outcome)
	}
	again, err := reg.RegisterEmbedded(ctx, TopicEvents, TopicOutcomes)
	if err != nil || again != ids {
		t.Fatalf("registering again gave %+v, %v; want the same ids %+v", again, err, ids)
	}

	// When an event and an outcome are written with those ids
	e := ContactEvent{EventID: "e1", Source: "billing", OccurredAt: time.UnixMilli(1_750_000_000_123).UTC(),
		Email: "r.smith@acmecorp.com", Properties: map[string]string{"jobtitle": "CFO"}}
	ew, err := AppendContactEventWire(nil, ids.ContactEvent, &e)
	if err != nil {
		t.Fatal(err)
	}
	o := sampleOutcome()
	ow, err := AppendOutcomeWire(nil, ids.Outcome, &o)
	if err != nil {
		t.Fatal(err)
	}

	// Then a decoder backed by the registry reads both back
	dec := NewDecoder(reg)
	gotE, err := dec.ContactEvent(ctx, ew)
	if err != nil || !reflect.DeepEqual(gotE, e) {
		t.Fatalf("event = %+v, %v; want %+v", gotE, err, e)
	}
	gotO, err := dec.Outcome(ctx, ow)
	if err != nil || !reflect.DeepEqual(gotO, o) {
		t.Fatalf("outcome = %+v, %v; want %+v", gotO, err, o)
	}
}

// A producer on an older or newer schema: the writer's schema decides how the
// bytes are read, and fields are then mapped by name.
func TestDecodeWithWriterSchema(t *testing.T) {
	ctx := context.Background()
	fake, reg := newFakeRegistry(t)
	writer := `{"type":"record","name":"ContactEvent","namespace":"contactgate.v1","fields":[
		{"name":"source","type":"string"},
		{"name":"event_id","type":"string"},
		{"name":"email","type":"string"},
		{"name":"occurred_at","type":"long"},
		{"name":"utm_campaign","type":["null","string"],"default":null}]}`
	fake.SeedSchema(SubjectFor(TopicEvents), 1, 77, sr.Schema{Schema: writer, Type: sr.TypeAvro})
	codec := mustCodec("writer", writer)
	payload, err := codec.BinaryFromNative(nil, map[string]any{
		"source": "webinar", "event_id": "w-9", "email": "x@y.org", "occurred_at": int64(1_700_000_000_000),
		"utm_campaign": map[string]any{"string": "spring"},
	})
	if err != nil {
		t.Fatal(err)
	}

	got, err := NewDecoder(reg).ContactEvent(ctx, append(AppendWireHeader(nil, 77), payload...))
	if err != nil {
		t.Fatal(err)
	}
	want := ContactEvent{EventID: "w-9", Source: "webinar", Email: "x@y.org", OccurredAt: time.UnixMilli(1_700_000_000_000).UTC()}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestRegistryErrorsAreClassified(t *testing.T) {
	ctx := context.Background()
	wire := validWire(t)

	t.Run("should report an id the registry does not know as a permanent decode error", func(t *testing.T) {
		_, reg := newFakeRegistry(t)
		_, err := NewDecoder(reg).ContactEvent(ctx, wire)
		var de *DecodeError
		if !errors.As(err, &de) || !errors.Is(err, ErrUnknownSchema) || de.SchemaID != 1 {
			t.Fatalf("error = %v, want a DecodeError for unknown schema id 1", err)
		}
	})

	t.Run("should report a non-Avro schema as unknown", func(t *testing.T) {
		fake, reg := newFakeRegistry(t)
		fake.SeedSchema("other-value", 1, 1, sr.Schema{Schema: `{"type":"object"}`, Type: sr.TypeJSON})
		if _, err := NewDecoder(reg).ContactEvent(ctx, wire); !errors.Is(err, ErrUnknownSchema) {
			t.Fatalf("error = %v, want ErrUnknownSchema", err)
		}
	})

	t.Run("should report a failing registry as transient, then recover", func(t *testing.T) {
		fake, reg := newFakeRegistry(t)
		fake.SeedSchema(SubjectFor(TopicEvents), 1, 1, sr.Schema{Schema: ContactEventSchema, Type: sr.TypeAvro})
		fake.Intercept(func(w http.ResponseWriter, _ *http.Request) bool {
			http.Error(w, `{"error_code":50001,"message":"store unavailable"}`, http.StatusServiceUnavailable)
			return true
		})
		dec := NewDecoder(reg)
		_, err := dec.ContactEvent(ctx, wire)
		var de *DecodeError
		if !errors.Is(err, ErrRegistryUnavailable) || errors.As(err, &de) {
			t.Fatalf("error = %v, want ErrRegistryUnavailable and no DecodeError", err)
		}
		fake.ClearInterceptors()
		if _, err := dec.ContactEvent(ctx, wire); err != nil {
			t.Fatalf("after the registry recovered: %v", err)
		}
	})

	t.Run("should fetch each schema id once", func(t *testing.T) {
		fake, reg := newFakeRegistry(t)
		fake.SeedSchema(SubjectFor(TopicEvents), 1, 1, sr.Schema{Schema: ContactEventSchema, Type: sr.TypeAvro})
		var fetches int
		fake.Intercept(func(http.ResponseWriter, *http.Request) bool { fetches++; return false })
		dec := NewDecoder(reg)
		for range 5 {
			if _, err := dec.ContactEvent(ctx, wire); err != nil {
				t.Fatal(err)
			}
		}
		if fetches != 1 {
			t.Fatalf("registry asked %d times, want 1", fetches)
		}
	})
}

// Outcomes written before a field was added (testdata/outcome_v1.avsc, the
// first Outcome schema) are still read: the new fields take their defaults.
func TestDecodeOutcomeOfAnOlderSchema(t *testing.T) {
	ctx := context.Background()
	v1, err := os.ReadFile("testdata/outcome_v1.avsc")
	if err != nil {
		t.Fatal(err)
	}

	for name, src := range map[string]func(t *testing.T) SchemaSource{
		"registry": func(t *testing.T) SchemaSource {
			fake, reg := newFakeRegistry(t)
			fake.SeedSchema(SubjectFor(TopicOutcomes), 1, 41, sr.Schema{Schema: string(v1), Type: sr.TypeAvro})
			return reg
		},
		"static source": func(*testing.T) SchemaSource { return StaticSource{41: string(v1)} },
	} {
		t.Run("should decode an outcome written with the v1 schema through the "+name, func(t *testing.T) {
			// Given an outcome written by a producer on the v1 schema
			want := sampleOutcome()
			want.Evidence, want.PossibleDuplicateOf = nil, nil
			payload, err := mustCodec("outcome v1", string(v1)).BinaryFromNative(nil, want.toNative())
			if err != nil {
				t.Fatal(err)
			}

			// When it is decoded by its writer schema's id
			got, err := NewDecoder(src(t)).Outcome(ctx, append(AppendWireHeader(nil, 41), payload...))

			// Then every v1 field is read and the new ones are empty
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

// BACKWARD compatibility, as a schema registry checks it: a reader on the
// current schema must read what every older writer wrote, so each field
// added since an older schema needs a default.
func TestOutcomeSchemaIsBackwardCompatible(t *testing.T) {
	type field struct {
		Name    string          `json:"name"`
		Default json.RawMessage `json:"default"`
	}
	fieldsOf := func(t *testing.T, schema []byte) map[string]field {
		t.Helper()
		var rec struct {
			Fields []field `json:"fields"`
		}
		if err := json.Unmarshal(schema, &rec); err != nil {
			t.Fatal(err)
		}
		out := make(map[string]field, len(rec.Fields))
		for _, f := range rec.Fields {
			out[f.Name] = f
		}
		return out
	}
	v1, err := os.ReadFile("testdata/outcome_v1.avsc")
	if err != nil {
		t.Fatal(err)
	}
	old, cur := fieldsOf(t, v1), fieldsOf(t, []byte(OutcomeSchema))
	for name := range old {
		if _, ok := cur[name]; !ok {
			t.Errorf("field %q of v1 was removed", name)
		}
	}
	for name, f := range cur {
		if _, ok := old[name]; !ok && f.Default == nil {
			t.Errorf("field %q was added without a default: outcomes written on v1 could not be read", name)
		}
	}
}
