package schemas

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"

	"github.com/twmb/franz-go/pkg/sr"
)

// SchemaSource finds a writer schema by its id. An id it does not know is an
// error wrapping ErrUnknownSchema; a source that cannot answer returns an
// error wrapping ErrRegistryUnavailable.
type SchemaSource interface {
	SchemaByID(ctx context.Context, id int) (string, error)
}

// Ids under which EmbeddedSource serves the embedded schemas, for deployments
// and demos without a schema registry.
const (
	EmbeddedContactEventID = 1
	EmbeddedOutcomeID      = 2
)

// StaticSource serves a fixed set of schemas by id.
type StaticSource map[int]string

var _ SchemaSource = StaticSource(nil)

// EmbeddedSource serves the embedded schemas under EmbeddedContactEventID and
// EmbeddedOutcomeID.
func EmbeddedSource() StaticSource {
	return StaticSource{EmbeddedContactEventID: ContactEventSchema, EmbeddedOutcomeID: OutcomeSchema}
}

// SchemaByID implements SchemaSource.
func (s StaticSource) SchemaByID(_ context.Context, id int) (string, error) {
	if schema, ok := s[id]; ok {
		return schema, nil
	}
	return "", fmt.Errorf("schema id %d: %w", id, ErrUnknownSchema)
}

// Registry is a Confluent-compatible schema registry reached through
// franz-go's sr client.
type Registry struct {
	cl *sr.Client
}

var _ SchemaSource = (*Registry)(nil)

// NewRegistry wraps a registry client.
func NewRegistry(cl *sr.Client) *Registry { return &Registry{cl: cl} }

// SchemaByID implements SchemaSource. Only Avro schemas are served; a
// Protobuf or JSON schema under the id is reported as unknown.
func (r *Registry) SchemaByID(ctx context.Context, id int) (string, error) {
	s, err := r.cl.SchemaByID(ctx, id)
	if err != nil {
		var re *sr.ResponseError
		if errors.As(err, &re) && re.StatusCode == http.StatusNotFound {
			return "", fmt.Errorf("schema id %d: %w: %s", id, ErrUnknownSchema, re.Message)
		}
		return "", fmt.Errorf("schema id %d: %w: %w", id, ErrRegistryUnavailable, err)
	}
	if s.Type != sr.TypeAvro {
		return "", fmt.Errorf("schema id %d is %s, not Avro: %w", id, s.Type, ErrUnknownSchema)
	}
	return s.Schema, nil
}

// Register registers schema under subject (idempotent: an identical schema
// returns its existing id) and returns its id. The registry enforces the
// subject's compatibility level.
func (r *Registry) Register(ctx context.Context, subject, schema string) (int, error) {
	ss, err := r.cl.CreateSchema(ctx, subject, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	if err != nil {
		return 0, fmt.Errorf("register schema under subject %q: %w", subject, err)
	}
	return ss.ID, nil
}

// RegisteredIDs are the ids of the embedded schemas in a registry.
type RegisteredIDs struct {
	ContactEvent int
	Outcome      int
}

// RegisterEmbedded registers the embedded schemas for the events and outcome
// topics under the TopicNameStrategy subjects.
func (r *Registry) RegisterEmbedded(ctx context.Context, eventsTopic, outcomesTopic string) (RegisteredIDs, error) {
	var ids RegisteredIDs
	var err error
	if ids.ContactEvent, err = r.Register(ctx, SubjectFor(eventsTopic), ContactEventSchema); err != nil {
		return RegisteredIDs{}, err
	}
	if ids.Outcome, err = r.Register(ctx, SubjectFor(outcomesTopic), OutcomeSchema); err != nil {
		return RegisteredIDs{}, err
	}
	return ids, nil
}

// ErrSchemaNotRegistered: the registry does not hold the schema under the
// subject, and registering it was not allowed.
var ErrSchemaNotRegistered = errors.New("schema not registered under the subject")

// IDUnder returns the id the registry gives schema under subject: looked up,
// or registered when register is true (the registry then checks the
// subject's compatibility). A schema the subject does not hold wraps
// ErrSchemaNotRegistered; a registry that does not answer (network, 5xx)
// wraps ErrRegistryUnavailable; any other refusal (credentials, a
// certificate not trusted, an incompatible schema) is neither, and permanent.
func (r *Registry) IDUnder(ctx context.Context, subject, schema string, register bool) (int, error) {
	var (
		ss  sr.SubjectSchema
		err error
		op  = "look up"
	)
	if register {
		op = "register"
		ss, err = r.cl.CreateSchema(ctx, subject, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	} else {
		ss, err = r.cl.LookupSchema(ctx, subject, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	}
	var (
		re  *sr.ResponseError
		tle *tls.CertificateVerificationError
	)
	switch {
	case err == nil:
		return ss.ID, nil
	case errors.As(err, &tle):
		// A certificate the client does not trust will not be trusted
		// later: a configuration error, not an outage.
		return 0, fmt.Errorf("%s schema under subject %q: %w", op, subject, err)
	case !errors.As(err, &re) || re.StatusCode >= 500:
		return 0, fmt.Errorf("%s schema under subject %q: %w: %w", op, subject, ErrRegistryUnavailable, err)
	case !register && re.StatusCode == http.StatusNotFound:
		return 0, fmt.Errorf("subject %q: %w (%s)", subject, ErrSchemaNotRegistered, re.Message)
	default:
		return 0, fmt.Errorf("%s schema under subject %q: %w", op, subject, err)
	}
}
