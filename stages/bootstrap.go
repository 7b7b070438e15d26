package stages

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/state"
)

// BootstrapCursorFile is the file, in the state directory, where Bootstrap
// keeps its List cursor between pages; it is removed when the bootstrap
// completes.
const BootstrapCursorFile = "bootstrap-cursor.json"

// bootstrapIndex is what Bootstrap needs of the identity index.
type bootstrapIndex interface {
	Get(id string) (state.Record, bool, error)
	Apply(w state.Write) error
}

var _ bootstrapIndex = (*state.Index)(nil)

// BootstrapConfig configures Bootstrap.
type BootstrapConfig struct {
	// CRM is listed, page by page. Required.
	CRM connectors.CRM
	// Index receives a record per contact. Required.
	Index bootstrapIndex
	// CursorFile, when set, keeps the List cursor after every page, so that
	// a bootstrap that was interrupted resumes after the last page it wrote.
	// Default: none, every run starts from the first contact.
	CursorFile string
	// DefaultRegion is the region of phone numbers written without a
	// country code. Default DefaultRegion.
	DefaultRegion string
	// PageSize is the contacts of one List call. Default and most
	// connectors.MaxListLimit.
	PageSize int
	// Progress, when set, is called after every page with the totals so
	// far. It must not block.
	Progress func(BootstrapStats)
	// Logger. Default: discard.
	Logger *slog.Logger
}

func (c *BootstrapConfig) setDefaults() {
	if c.DefaultRegion == "" {
		c.DefaultRegion = DefaultRegion
	}
	if c.PageSize <= 0 || c.PageSize > connectors.MaxListLimit {
		c.PageSize = connectors.MaxListLimit
	}
	if c.Progress == nil {
		c.Progress = func(BootstrapStats) {}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// BootstrapStats counts what a bootstrap did.
type BootstrapStats struct {
	// Pages and Contacts are what this run listed (a resumed run does not
	// count the pages of the run it resumes).
	Pages, Contacts int
	// Written counts the records written to the index; Kept those the index
	// already held as recent as the CRM's (a rerun keeps them all);
	// Skipped the archived contacts.
	Written, Kept, Skipped int
	// ResumedFrom is the cursor the run started from, "" from the start.
	ResumedFrom string
}

// bootstrapCursor is the content of the cursor file.
type bootstrapCursor struct {
	After     string    `json:"after"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Bootstrap fills the identity index from the CRM itself, for a first
// deployment on a CRM that already holds contacts: every contact becomes a
// record with its identifiers normalized as resolve normalizes the CRM's
// contacts, and its properties attributed to SourceCRM as of its last
// modification (RecordOfContact). A record the index already holds as
// recently as the CRM, or more (it was written by contactgate, or by an
// earlier bootstrap), is kept: it carries provenance the CRM does not.
// Rerunning is therefore harmless.
//
// With cfg.CursorFile, the cursor of the next page is saved after each page
// is written, and a run that finds the file resumes from it; a crash
// between a page's writes and its cursor repeats that page, which changes
// nothing. The file is removed once the last page is written.
//
// Bootstrap never touches Kafka: the offsets of the outcome topic stay
// unset, so `run` still follows the whole topic, and an outcome newer than
// the CRM's last modification overwrites what Bootstrap wrote.
func Bootstrap(ctx context.Context, cfg BootstrapConfig) (BootstrapStats, error) {
	cfg.setDefaults()
	var st BootstrapStats
	if cfg.CRM == nil || cfg.Index == nil {
		return st, errors.New("bootstrap: CRM and Index are required")
	}
	if err := (match.Options{DefaultRegion: cfg.DefaultRegion}).Validate(); err != nil {
		return st, fmt.Errorf("bootstrap: %w", err)
	}
	after, err := readBootstrapCursor(cfg.CursorFile)
	if err != nil {
		return st, err
	}
	st.ResumedFrom = after
	if after != "" {
		cfg.Logger.Info("bootstrap: resuming", "after", after)
	}
	for {
		page, err := cfg.CRM.List(ctx, after, cfg.PageSize, identityProperties)
		if err != nil {
			return st, fmt.Errorf("bootstrap: list contacts after %q: %w", after, err)
		}
		st.Pages++
		for i := range page.Results {
			if err := bootstrapContact(&cfg, &page.Results[i], &st); err != nil {
				return st, err
			}
		}
		if err := writeBootstrapCursor(cfg.CursorFile, page.After); err != nil {
			return st, err
		}
		cfg.Progress(st)
		if page.After == "" {
			return st, nil
		}
		after = page.After
	}
}

func bootstrapContact(cfg *BootstrapConfig, c *connectors.Contact, st *BootstrapStats) error {
	st.Contacts++
	if c.Archived || c.ID == "" {
		st.Skipped++
		return nil
	}
	rec := RecordOfContact(c, cfg.DefaultRegion)
	held, found, err := cfg.Index.Get(c.ID)
	if err != nil {
		return fmt.Errorf("bootstrap: read record %s: %w", c.ID, err)
	}
	if found && !held.UpdatedAt.Before(rec.UpdatedAt) {
		st.Kept++
		return nil
	}
	if err := cfg.Index.Apply(state.Write{Record: rec}); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	st.Written++
	return nil
}

// RecordOfContact is the index record of a CRM contact that the index
// learns from the CRM: its e-mail, additional e-mail and phone keys and its
// name-and-company key, as resolve makes them, and its properties
// attributed to SourceCRM as of its last modification (UpdatedAt too; the
// creation time when the CRM gave none).
func RecordOfContact(c *connectors.Contact, defaultRegion string) state.Record {
	at := c.UpdatedAt
	if at.IsZero() {
		at = c.CreatedAt
	}
	return state.Record{
		ID:          c.ID,
		Identifiers: cloneIdentifiers(contactIdentifiers(c, defaultRegion)),
		Properties:  crmProperties(c),
		UpdatedAt:   at.UTC(),
	}
}

func readBootstrapCursor(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("bootstrap: read the cursor: %w", err)
	}
	var cur bootstrapCursor
	if err := json.Unmarshal(b, &cur); err != nil {
		return "", fmt.Errorf("bootstrap: cursor file %s: %w (delete it to start over)", path, err)
	}
	return cur.After, nil
}

// writeBootstrapCursor saves after atomically (a new file renamed over the
// old), or removes the file when after is "": the bootstrap is complete.
func writeBootstrapCursor(path, after string) error {
	if path == "" {
		return nil
	}
	if after == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("bootstrap: remove the cursor: %w", err)
		}
		return nil
	}
	b, _ := json.Marshal(bootstrapCursor{After: after, UpdatedAt: time.Now().UTC()})
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("bootstrap: save the cursor: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("bootstrap: save the cursor: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("bootstrap: save the cursor: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("bootstrap: save the cursor: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("bootstrap: save the cursor: %w", err)
	}
	return nil
}
