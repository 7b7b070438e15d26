package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/urfave/cli/v2"
)

// emulatorShutdownGrace is how long in-flight requests may finish after
// SIGINT/SIGTERM; hanging ones (fault injection) are then cut off.
const emulatorShutdownGrace = 5 * time.Second

func crmEmulatorCommand() *cli.Command {
	return &cli.Command{
		Name:  "crm-emulator",
		Usage: "serve the HubSpot-compatible CRM emulator (contacts API v3), or with --kind salesforce a Salesforce one, for local trials and tests",
		Description: "Defaults are those of a HubSpot Free/Starter account: 100 requests per 10 s, 5 searches per second and\n" +
			"a search index that lags 2 s; 0 switches a limit off. The bearer token, if any, comes from\n" +
			"$CONTACTGATE_EMULATOR_TOKEN. Counters are served at " + emulator.StatsPath + ".",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "kind", Value: "hubspot", EnvVars: env("EMULATOR_KIND"),
				Usage: "hubspot, or salesforce: a Salesforce org's Contacts (REST, SOQL, SOSL, SOAP merge); it takes --search-lag, --daily-limit and --duplicate-rule, and OAuth client credentials when --client-id and $CONTACTGATE_EMULATOR_CLIENT_SECRET are set"},
			&cli.BoolFlag{Name: "duplicate-rule", EnvVars: env("EMULATOR_DUPLICATE_RULE"), Usage: "salesforce: a blocking Duplicate Rule on Contact e-mails (DUPLICATES_DETECTED); off, e-mails are not unique"},
			&cli.StringFlag{Name: "client-id", EnvVars: env("EMULATOR_CLIENT_ID"), Usage: "salesforce: the connected app's client id the token endpoint wants; empty for no auth"},
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", EnvVars: env("EMULATOR_LISTEN"), Usage: "address to serve on (loopback by default)"},
			&cli.DurationFlag{Name: "search-lag", Value: 2 * time.Second, EnvVars: env("EMULATOR_SEARCH_LAG"), Usage: "how long a write takes to reach the search index"},
			&cli.StringFlag{Name: "rate-limit", Value: "100/10s", EnvVars: env("EMULATOR_RATE_LIMIT"), Usage: "non-search requests per rolling window, N/WINDOW; 0 for none"},
			&cli.IntFlag{Name: "search-rate-limit", Value: 5, EnvVars: env("EMULATOR_SEARCH_RATE_LIMIT"), Usage: "search requests per second; 0 for none"},
			&cli.IntFlag{Name: "daily-limit", EnvVars: env("EMULATOR_DAILY_LIMIT"), Usage: "requests per UTC day, search included; 0 for none (HubSpot Free: 250000)"},
			&cli.DurationFlag{Name: "latency", EnvVars: env("EMULATOR_LATENCY"), Usage: "added to every request"},
			&cli.Float64Flag{Name: "fault-rate", EnvVars: env("EMULATOR_FAULT_RATE"), Usage: "probability in [0,1] that a request fails with one of --fault-kinds"},
			&cli.StringFlag{Name: "fault-kinds", Value: string(emulator.FaultBeforeWrite) + "," + string(emulator.FaultAfterWrite), EnvVars: env("EMULATOR_FAULT_KINDS"),
				Usage: "comma-separated: " + string(emulator.FaultBeforeWrite) + ", " + string(emulator.FaultAfterWrite) + ", " + string(emulator.FaultHang)},
			&cli.DurationFlag{Name: "retry-after", EnvVars: env("EMULATOR_RETRY_AFTER"), Usage: "send Retry-After (rounded up to seconds) on 429s; 0 for none"},
			&cli.Int64Flag{Name: "seed", EnvVars: env("EMULATOR_SEED"), Usage: "seed of fault injection, for reproducible runs"},
			&cli.StringFlag{Name: "unique-properties", Value: connectors.PropContactgateKey, EnvVars: env("EMULATOR_UNIQUE_PROPERTIES"),
				Usage: "comma-separated contact properties defined with unique values from the start (others can be created through the properties API); empty for none"},
			&cli.StringFlag{Name: "properties", EnvVars: env("EMULATOR_PROPERTIES"),
				Usage: "hubspot: comma-separated custom contact properties defined as text from the start; a write naming a property HubSpot does not define is refused (400 PROPERTY_DOESNT_EXIST) unless it is listed here or created through the properties API"},
		},
		Action: serveEmulator,
	}
}

func serveEmulator(c *cli.Context) error {
	handler, err := emulatorHandler(c)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.String("listen"))
	if err != nil {
		return errorf("listen: %v", err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(c.App.Writer, "crm-emulator listening on http://%s\n", ln.Addr())

	if err := serveUntilDone(c.Context, srv, ln, emulatorShutdownGrace); err != nil {
		return errorf("serve: %v", err)
	}
	return nil
}

// serveUntilDone serves on ln until ctx ends, then shuts srv down: requests
// in flight get grace to finish (then are cut off), and it returns only
// once they have, so that what they write (a decisions file, a Kafka
// client) may be closed after it.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close() // cut off hanging requests
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// emulatorHandler is the emulator --kind asks for.
func emulatorHandler(c *cli.Context) (http.Handler, error) {
	switch kind := c.String("kind"); kind {
	case "hubspot":
		cfg, err := emulatorConfig(c)
		if err != nil {
			return nil, err
		}
		return emulator.New(cfg).Handler(), nil
	case "salesforce":
		cfg := sfemulator.Config{SearchLag: c.Duration("search-lag"), DailyLimit: c.Int("daily-limit"),
			DuplicateRule: c.Bool("duplicate-rule"), ClientID: c.String("client-id"),
			ClientSecret: os.Getenv("CONTACTGATE_EMULATOR_CLIENT_SECRET")}
		if cfg.SearchLag < 0 || cfg.DailyLimit < 0 {
			return nil, errorf("--search-lag and --daily-limit must not be negative")
		}
		if (cfg.ClientID == "") != (cfg.ClientSecret == "") {
			return nil, errorf("salesforce: set both --client-id and $CONTACTGATE_EMULATOR_CLIENT_SECRET, or neither")
		}
		return sfemulator.New(cfg).Handler(), nil
	default:
		return nil, errorf("--kind %q: want hubspot or salesforce", kind)
	}
}

func emulatorConfig(c *cli.Context) (emulator.Config, error) {
	limit, window, err := parseRateLimit(c.String("rate-limit"))
	if err != nil {
		return emulator.Config{}, errorf("--rate-limit: %v", err)
	}
	var kinds []emulator.FaultKind
	for name := range strings.SplitSeq(c.String("fault-kinds"), ",") {
		if strings.TrimSpace(name) == "" {
			continue
		}
		k, err := emulator.ParseFaultKind(name)
		if err != nil {
			return emulator.Config{}, errorf("--fault-kinds: %v", err)
		}
		kinds = append(kinds, k)
	}
	cfg := emulator.Config{
		UniqueProperties: append([]string{}, propertyList([]string{c.String("unique-properties")})...), // empty: none
		Properties:       propertyList([]string{c.String("properties")}),
		SearchLag:        c.Duration("search-lag"),
		RateLimit:        limit,
		RateWindow:       window,
		SearchRateLimit:  c.Int("search-rate-limit"),
		DailyLimit:       c.Int("daily-limit"),
		Latency:          c.Duration("latency"),
		FaultRate:        c.Float64("fault-rate"),
		FaultKinds:       kinds,
		RetryAfter:       c.Duration("retry-after"),
		Token:            os.Getenv(envPrefix + "EMULATOR_TOKEN"),
		Seed:             c.Int64("seed"),
	}
	if err := cfg.Validate(); err != nil {
		return emulator.Config{}, errorf("%v", err)
	}
	return cfg, nil
}

// parseRateLimit parses N/WINDOW ("100/10s"); a bare N is per 10 s, and 0
// or "" is no limit.
func parseRateLimit(s string) (limit int, window time.Duration, err error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, 0, nil
	}
	n, w, hasWindow := strings.Cut(s, "/")
	if limit, err = strconv.Atoi(strings.TrimSpace(n)); err != nil || limit < 0 {
		return 0, 0, fmt.Errorf("%q: want N/WINDOW such as 100/10s", s)
	}
	if !hasWindow {
		return limit, emulator.DefaultRateWindow, nil
	}
	if window, err = time.ParseDuration(strings.TrimSpace(w)); err != nil || window <= 0 {
		return 0, 0, fmt.Errorf("%q: window %q is not a positive duration", s, w)
	}
	return limit, window, nil
}
