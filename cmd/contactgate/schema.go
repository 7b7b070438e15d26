package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/urfave/cli/v2"
)

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print or register the Avro schemas of contact events and outcomes",
		Subcommands: []*cli.Command{
			{
				Name:      "show",
				Usage:     "print a schema (contact_event or outcome)",
				ArgsUsage: "contact_event|outcome",
				Action: func(c *cli.Context) error {
					switch name := c.Args().First(); name {
					case "contact_event", "contact-event", "":
						fmt.Fprint(c.App.Writer, schemas.ContactEventSchema)
					case "outcome":
						fmt.Fprint(c.App.Writer, schemas.OutcomeSchema)
					default:
						return errorf("no schema %q: want contact_event or outcome", name)
					}
					return nil
				},
			},
			{
				Name:  "register",
				Usage: "register both schemas in a Confluent-compatible registry under <topic>-value",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "registry-url", Required: true, EnvVars: env("REGISTRY_URL"), Usage: "schema registry base URL"},
					&cli.StringFlag{Name: "registry-user", EnvVars: env("REGISTRY_USER"), Usage: "basic-auth user; the password comes from $CONTACTGATE_REGISTRY_PASSWORD or --registry-password-file"},
					&cli.PathFlag{Name: "registry-password-file", EnvVars: env("REGISTRY_PASSWORD_FILE"), Usage: "file holding the basic-auth password"},
					&cli.StringFlag{Name: "events-topic", Value: schemas.TopicEvents, EnvVars: env("EVENTS_TOPIC")},
					&cli.StringFlag{Name: "outcomes-topic", Value: schemas.TopicOutcomes, EnvVars: env("OUTCOMES_TOPIC")},
				},
				Action: registerSchemas,
			},
		},
	}
}

func registerSchemas(c *cli.Context) error {
	opts := []sr.ClientOpt{sr.URLs(c.String("registry-url"))}
	if user := c.String("registry-user"); user != "" {
		pass, err := secret("REGISTRY_PASSWORD", c.Path("registry-password-file"))
		if err != nil {
			return err
		}
		opts = append(opts, sr.BasicAuth(user, pass))
	}
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return errorf("schema registry client: %v", err)
	}
	ids, err := schemas.NewRegistry(cl).RegisterEmbedded(c.Context, c.String("events-topic"), c.String("outcomes-topic"))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s\t%d\n%s\t%d\n",
		schemas.SubjectFor(c.String("events-topic")), ids.ContactEvent,
		schemas.SubjectFor(c.String("outcomes-topic")), ids.Outcome)
	return nil
}

// secret reads a secret from $CONTACTGATE_<name>, or else from file. Secrets
// never come from flags, which end up in shell history and process lists.
func secret(name, file string) (string, error) {
	if v := os.Getenv(envPrefix + name); v != "" {
		return v, nil
	}
	if file == "" {
		return "", errorf("%s%s is not set and no file was given", envPrefix, name)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", errorf("read secret file: %v", err)
	}
	return strings.TrimSpace(string(b)), nil
}
