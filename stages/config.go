package stages

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// DefaultRegion is Config.DefaultRegion's default.
const DefaultRegion = "US"

// Config is what New needs. Decoder, Index and CRM are required.
type Config struct {
	// Decoder decodes the input records.
	Decoder *schemas.Decoder
	// Index is the identity index. One Gatekeeper per index: the locks
	// that keep two lanes from losing an update are in its memory.
	Index *state.Index
	// CRM is where contacts are read, searched, created and updated.
	CRM connectors.CRM
	// Writer carries the upsert stage's writes. Default: CRM, one call per
	// event. A batcher that gathers the writes of concurrent lanes into the
	// CRM's batch endpoints slots in here.
	Writer CRMWriter
	// Precedence decides what an event may change. Default:
	// precedence.Default().
	Precedence *precedence.Precedence
	// DefaultRegion is the ISO 3166-1 region of phone numbers written
	// without a country code. Default "US".
	DefaultRegion string
	// Now is the clock of claims, index records and missing occurred_at
	// values. Default time.Now.
	Now func() time.Time
	// Logger receives decisions at debug level, and problems that do not
	// fail an event at warn. It never receives e-mails or phone numbers.
	// Default: discarded.
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	if c.Writer == nil && c.CRM != nil {
		c.Writer = c.CRM
	}
	if c.Precedence == nil {
		c.Precedence = precedence.Default()
	}
	if c.DefaultRegion == "" {
		c.DefaultRegion = DefaultRegion
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Validate reports every required field that is missing and every value out
// of range.
func (c Config) Validate() error {
	var errs []error
	if c.Decoder == nil {
		errs = append(errs, errors.New("no decoder"))
	}
	if c.Index == nil {
		errs = append(errs, errors.New("no identity index"))
	}
	if c.CRM == nil {
		errs = append(errs, errors.New("no CRM"))
	}
	if err := (match.Options{DefaultRegion: c.DefaultRegion}).Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stages config: %w", err)
	}
	return nil
}
