package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"

	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

// saslPasswordEnv holds the SASL password; it is never a flag.
const saslPasswordEnv = "CONTACTGATE_KAFKA_SASL_PASSWORD"

// kafkaSecurityFlags are the TLS and SASL options of the commands that talk
// to Kafka.
func kafkaSecurityFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewBoolFlag(&cli.BoolFlag{Name: "kafka-tls", EnvVars: env("KAFKA_TLS"), Usage: "connect to the brokers with TLS"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "kafka-tls-ca", EnvVars: env("KAFKA_TLS_CA"), Usage: "PEM file of the CA that signed the brokers' certificates (default: the system's)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "kafka-tls-cert", EnvVars: env("KAFKA_TLS_CERT"), Usage: "client certificate (PEM), for mutual TLS"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "kafka-tls-key", EnvVars: env("KAFKA_TLS_KEY"), Usage: "client key (PEM), for mutual TLS"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "kafka-sasl-mechanism", EnvVars: env("KAFKA_SASL_MECHANISM"), Usage: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; off when empty"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "kafka-sasl-user", EnvVars: env("KAFKA_SASL_USER")}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "kafka-sasl-password-file", EnvVars: env("KAFKA_SASL_PASSWORD_FILE"), Usage: "file holding the SASL password; else $" + saslPasswordEnv}),
	}
}

// kafkaOpts turns the TLS and SASL flags into client options.
func kafkaOpts(c *cli.Context) ([]kgo.Opt, error) {
	var opts []kgo.Opt
	if c.Bool("kafka-tls") || c.Path("kafka-tls-ca") != "" || c.Path("kafka-tls-cert") != "" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if ca := c.Path("kafka-tls-ca"); ca != "" {
			pem, err := os.ReadFile(ca)
			if err != nil {
				return nil, errorf("--kafka-tls-ca: %v", err)
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return nil, errorf("--kafka-tls-ca %s: no PEM certificate in it", ca)
			}
		}
		if cert, key := c.Path("kafka-tls-cert"), c.Path("kafka-tls-key"); cert != "" || key != "" {
			pair, err := tls.LoadX509KeyPair(cert, key)
			if err != nil {
				return nil, errorf("--kafka-tls-cert/--kafka-tls-key: %v", err)
			}
			cfg.Certificates = []tls.Certificate{pair}
		}
		opts = append(opts, kgo.DialTLSConfig(cfg))
	}
	mech := strings.ToUpper(strings.TrimSpace(c.String("kafka-sasl-mechanism")))
	if mech == "" {
		return opts, nil
	}
	user := c.String("kafka-sasl-user")
	if user == "" {
		return nil, errorf("--kafka-sasl-mechanism %s needs --kafka-sasl-user", mech)
	}
	pass, err := hubspot.TokenFromEnvOrFile(saslPasswordEnv, c.Path("kafka-sasl-password-file"))
	if err != nil {
		return nil, errorf("SASL password: set %s or --kafka-sasl-password-file", saslPasswordEnv)
	}
	switch mech {
	case "PLAIN":
		opts = append(opts, kgo.SASL(plain.Auth{User: user, Pass: pass}.AsMechanism()))
	case "SCRAM-SHA-256":
		opts = append(opts, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()))
	case "SCRAM-SHA-512":
		opts = append(opts, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha512Mechanism()))
	default:
		return nil, errorf("--kafka-sasl-mechanism %q: want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", mech)
	}
	return opts, nil
}

// printConfig writes the effective configuration of a command, flags
// after environment and config file, as YAML; secrets are never flags, so
// it only says whether each is set and where from.
func printConfig(c *cli.Context, flags []cli.Flag) error {
	w := c.App.Writer
	for _, f := range flags {
		name := f.Names()[0]
		if name == "config" || name == "print-config" {
			continue
		}
		fmt.Fprintf(w, "%s: %q\n", name, fmt.Sprint(c.Value(name)))
	}
	secret := func(name, env, file string) {
		switch {
		case strings.TrimSpace(os.Getenv(env)) != "":
			fmt.Fprintf(w, "%s: \"****** (from $%s)\"\n", name, env)
		case file != "":
			fmt.Fprintf(w, "%s: \"****** (from %s)\"\n", name, file)
		default:
			fmt.Fprintf(w, "%s: \"(not set)\"\n", name)
		}
	}
	secret("crm-token", hubspot.TokenEnv, c.Path("crm-token-file"))
	secret("kafka-sasl-password", saslPasswordEnv, c.Path("kafka-sasl-password-file"))
	if c.String("schema-registry-user") != "" {
		secret("schema-registry-password", schemaRegistryPasswordEnv, c.Path("schema-registry-password-file"))
	}
	return nil
}
