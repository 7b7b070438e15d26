package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

// schemaRegistryPasswordEnv holds the registry's basic-auth password; it is
// never a flag.
const schemaRegistryPasswordEnv = envPrefix + "SCHEMA_REGISTRY_PASSWORD"

// schemaRegistryFlags are run's schema registry options.
func schemaRegistryFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewStringFlag(&cli.StringFlag{Name: "schema-registry-url", EnvVars: env("SCHEMA_REGISTRY_URL"),
			Usage: "Confluent-compatible schema registry: decode any writer schema id through it and stamp outcomes with the id it gives " +
				"<outcomes-topic>-value; empty: the embedded schemas under ids 1 (events) and 2 (outcomes)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "schema-registry-user", EnvVars: env("SCHEMA_REGISTRY_USER"),
			Usage: "basic-auth user; the password comes from $" + schemaRegistryPasswordEnv + " or --schema-registry-password-file"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "schema-registry-password-file", EnvVars: env("SCHEMA_REGISTRY_PASSWORD_FILE"), Usage: "file holding the basic-auth password"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "schema-registry-tls-ca", EnvVars: env("SCHEMA_REGISTRY_TLS_CA"), Usage: "PEM file of the CA that signed the registry's certificate (default: the system's)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "schema-registry-tls-cert", EnvVars: env("SCHEMA_REGISTRY_TLS_CERT"), Usage: "client certificate (PEM), for mutual TLS"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "schema-registry-tls-key", EnvVars: env("SCHEMA_REGISTRY_TLS_KEY"), Usage: "client key (PEM), for mutual TLS"}),
		altsrc.NewBoolFlag(&cli.BoolFlag{Name: "schema-registry-register", EnvVars: env("SCHEMA_REGISTRY_REGISTER"),
			Usage: "register the outcome schema under <outcomes-topic>-value when the subject lacks it; false: it must be there (contactgate schema register)"}),
	}
}

// recordCodecs are what run decodes and encodes records with.
type recordCodecs struct {
	decoder   *schemas.Decoder // events, and the outcomes the index follows
	outcomeID int              // the schema id in outcomes' wire header
}

// newRecordCodecs builds the decoder and the outcome schema id: through the
// registry when --schema-registry-url is set, else the embedded schemas. A
// registry that does not answer is waited for, as the records that need it
// would be retried: a registry restarting with contactgate does not stop it.
func newRecordCodecs(ctx context.Context, c *cli.Context, log *slog.Logger, outcomesTopic string, opts ...schemas.DecoderOpt) (recordCodecs, error) {
	url := c.String("schema-registry-url")
	if url == "" {
		return recordCodecs{decoder: schemas.NewDecoder(nil, opts...), outcomeID: schemas.EmbeddedOutcomeID}, nil
	}
	cl, err := newRegistryClient(c, url)
	if err != nil {
		return recordCodecs{}, err
	}
	reg := schemas.NewRegistry(cl)
	subject := schemas.SubjectFor(outcomesTopic)
	id, err := reg.IDUnder(ctx, subject, schemas.OutcomeSchema, c.Bool("schema-registry-register"))
	for backoff := 250 * time.Millisecond; errors.Is(err, schemas.ErrRegistryUnavailable); backoff = min(2*backoff, 10*time.Second) {
		log.Warn("contactgate run: schema registry unavailable, waiting", "retry_in", backoff, "error", err)
		select {
		case <-ctx.Done():
			return recordCodecs{}, fmt.Errorf("--schema-registry-url: %w", err)
		case <-time.After(backoff):
		}
		id, err = reg.IDUnder(ctx, subject, schemas.OutcomeSchema, c.Bool("schema-registry-register"))
	}
	if errors.Is(err, schemas.ErrSchemaNotRegistered) {
		return recordCodecs{}, fmt.Errorf("--schema-registry-url: %w: register it with `contactgate schema register`, or pass --schema-registry-register", err)
	}
	if err != nil {
		return recordCodecs{}, fmt.Errorf("--schema-registry-url: %w", err)
	}
	return recordCodecs{decoder: schemas.NewDecoder(reg, opts...), outcomeID: id}, nil
}

// newRegistryClient builds the registry client from the --schema-registry-*
// flags; the password comes from the environment or a file.
func newRegistryClient(c *cli.Context, url string) (*sr.Client, error) {
	opts := []sr.ClientOpt{sr.URLs(url), sr.UserAgent("contactgate")}
	if user := c.String("schema-registry-user"); user != "" {
		pass, err := secret("SCHEMA_REGISTRY_PASSWORD", c.Path("schema-registry-password-file"))
		if err != nil {
			return nil, errorf("--schema-registry-user: %v", err)
		}
		opts = append(opts, sr.BasicAuth(user, pass))
	}
	cfg, err := tlsConfig(c.Path("schema-registry-tls-ca"), c.Path("schema-registry-tls-cert"), c.Path("schema-registry-tls-key"))
	if err != nil {
		return nil, errorf("--schema-registry-tls-*: %v", err)
	}
	if cfg != nil {
		opts = append(opts, sr.DialTLSConfig(cfg))
	}
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return nil, errorf("schema registry client: %v", err)
	}
	return cl, nil
}

// tlsConfig builds a client TLS configuration from PEM files; nil when none
// is given (an https URL then uses the system's roots).
func tlsConfig(ca, cert, key string) (*tls.Config, error) {
	if ca == "" && cert == "" && key == "" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, fmt.Errorf("CA: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA %s: no PEM certificate in it", ca)
		}
	}
	if cert != "" || key != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return nil, fmt.Errorf("client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}
