package main

import (
	"github.com/contactgate/contactgate/schemas"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

// inputFormatFlags are run's options for the shape of the input records.
func inputFormatFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewStringFlag(&cli.StringFlag{Name: "input-format", Value: string(schemas.EnvelopeAuto), EnvVars: env("INPUT_FORMAT"),
			Usage: "auto (each record: a Debezium change event, a Kafka Connect JSON record, or a ContactEvent), contactevent, debezium or connect-json; " +
				"a ContactEvent is Avro in the Confluent wire format, bare Avro, or JSON with the same field names"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "mapping", EnvVars: env("MAPPING"),
			Usage: "YAML mapping of CDC rows: fields (ContactEvent field: source column), sources (table: source), source (the default)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "field-map", EnvVars: env("FIELD_MAP"),
			Usage: "CDC columns as field=COLUMN pairs, e.g. email=EMAIL_ADDR,first_name=FNAME,properties.jobtitle=TITLE; added to --mapping's"}),
	}
}

// inputDecoderOpts reads the input-format flags.
func inputDecoderOpts(c *cli.Context) ([]schemas.DecoderOpt, error) {
	env, err := schemas.ParseEnvelope(c.String("input-format"))
	if err != nil {
		return nil, errorf("--input-format: %v", err)
	}
	var m schemas.Mapping
	if path := c.Path("mapping"); path != "" {
		if m, err = schemas.LoadMapping(path); err != nil {
			return nil, errorf("--mapping: %v", err)
		}
	}
	if fm := c.String("field-map"); fm != "" {
		if err := m.ParseFieldMap(fm); err != nil {
			return nil, errorf("--field-map: %v", err)
		}
	}
	return []schemas.DecoderOpt{schemas.WithEnvelope(env, m)}, nil
}
