package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/internal/logging"
	"github.com/contactgate/contactgate/stages"
	"github.com/contactgate/contactgate/state"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

// indexProgressInterval is how often a bootstrap without a terminal logs a
// progress line.
const indexProgressInterval = 10 * time.Second

func indexCommand() *cli.Command {
	return &cli.Command{
		Name:        "index",
		Usage:       "maintain the identity index",
		Subcommands: []*cli.Command{indexBootstrapCommand()},
	}
}

func indexBootstrapFlags() []cli.Flag {
	return append(salesforceFlags(),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "state-dir", Value: "./contactgate-state", EnvVars: env("STATE_DIR"), Usage: "the identity index's directory"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm", Value: "hubspot", EnvVars: env("CRM"), Usage: "hubspot, salesforce (docs/salesforce.md), or emulator (in-process and empty: for trials only)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-url", Value: hubspot.DefaultBaseURL, EnvVars: env("CRM_URL"), Usage: "HubSpot API base URL (a crm-emulator's address for local runs)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "crm-token-file", EnvVars: env("CRM_TOKEN_FILE"), Usage: "file holding the CRM token; else $" + hubspot.TokenEnv}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-tier", Value: string(hubspot.TierFree), EnvVars: env("CRM_TIER"), Usage: "HubSpot account tier, sizing the rate limiter: free, starter, professional, enterprise, pack"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "default-region", Value: "US", EnvVars: env("DEFAULT_REGION"), Usage: "region for phone numbers written without a country code"}),
		&cli.BoolFlag{Name: "restart", Usage: "ignore a saved cursor and list the CRM from its first contact"},
		altsrc.NewStringFlag(&cli.StringFlag{Name: "log-level", Value: "info", EnvVars: env("LOG_LEVEL"), Usage: "debug, info, warn or error"}),
		&cli.PathFlag{Name: "config", EnvVars: env("CONFIG"), Usage: "YAML file with any of these flags by name"},
	)
}

func indexBootstrapCommand() *cli.Command {
	flags := indexBootstrapFlags()
	return &cli.Command{
		Name:  "bootstrap",
		Usage: "fill the identity index from the CRM's contacts, for a first deployment on a CRM that already holds some",
		Description: "Lists every contact (100 a page) and indexes its e-mails, phone and name as `run` does. A record the\n" +
			"index already holds as recently as the CRM is kept. Resumable: the cursor of the next page is saved in\n" +
			"STATE-DIR/" + stages.BootstrapCursorFile + " after each page and removed at the end; an interrupted run\n" +
			"continues from it (--restart starts over). Stop `run` first: the index is opened exclusively.",
		Flags:  flags,
		Before: configBefore(flags),
		Action: runIndexBootstrap,
	}
}

func runIndexBootstrap(c *cli.Context) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return errorf("--log-level %q: want debug, info, warn or error", c.String("log-level"))
	}
	log := logging.New(c.App.ErrWriter, level)
	crm, err := newCRM(c, log)
	if err != nil {
		return err
	}
	dir := c.Path("state-dir")
	ix, err := state.Open(dir, state.Options{Logger: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	cursor := filepath.Join(dir, stages.BootstrapCursorFile)
	if c.Bool("restart") {
		if err := os.Remove(cursor); err != nil && !os.IsNotExist(err) {
			return errorf("--restart: %v", err)
		}
	}
	progress, done := bootstrapProgress(c, crm, log)
	began := time.Now()
	st, err := stages.Bootstrap(c.Context, stages.BootstrapConfig{CRM: crm, Index: ix, CursorFile: cursor,
		DefaultRegion: c.String("default-region"), Progress: progress, Logger: log})
	done()
	if err != nil {
		return fmt.Errorf("%w (rerun to resume from the last page written)", err)
	}
	fmt.Fprintf(c.App.Writer, "index bootstrap: %d contacts in %d pages: %d written, %d kept, %d archived skipped, in %s\n",
		st.Contacts, st.Pages, st.Written, st.Kept, st.Skipped, time.Since(began).Round(time.Millisecond))
	return nil
}

// bootstrapProgress shows a progress bar on a terminal, sized by a search
// for the number of contacts (approximate: search lags), and logs a line
// every indexProgressInterval otherwise.
func bootstrapProgress(c *cli.Context, crm connectors.CRM, log *slog.Logger) (progress func(stages.BootstrapStats), done func()) {
	if !isTerminal(c.App.ErrWriter) {
		last := time.Now()
		return func(st stages.BootstrapStats) {
			if time.Since(last) >= indexProgressInterval {
				last = time.Now()
				log.Info("index bootstrap: progress", "contacts", st.Contacts, "written", st.Written, "kept", st.Kept)
			}
		}, func() {}
	}
	total := -1
	if page, err := crm.Search(c.Context, connectors.SearchRequest{Limit: 1, FilterGroups: []connectors.FilterGroup{{
		Filters: []connectors.Filter{{PropertyName: connectors.PropCreateDate, Operator: connectors.OpHasProperty}}}}}); err == nil {
		total = page.Total
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(c.App.ErrWriter), progressbar.OptionSetDescription("contacts"),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("contacts"),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	return func(st stages.BootstrapStats) {
			if total >= 0 && st.Contacts > total {
				bar.ChangeMax(st.Contacts)
			}
			_ = bar.Set(st.Contacts)
		}, func() {
			_ = bar.Finish()
		}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
