package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"

	"github.com/contactgate/contactgate/demo"
	"github.com/urfave/cli/v2"
)

// exportHeader is the header of a generated export: HubSpot's export column
// names, which scan recognises without --map, and the truth.
var exportHeader = []string{"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Country/Region", "truth"}

func genCommand() *cli.Command {
	return &cli.Command{
		Name:  "gen",
		Usage: "write a synthetic CRM export (CSV) with labelled duplicates, for benchmarks of scan",
		Description: "Each row is one CRM record made by the demo's event generator (e-mail case and +tags, nicknames,\n" +
			"typos, phone formats, missing fields, colleagues and namesakes); the truth column names the person.\n" +
			"The same --records, --persons and --seed write the same file.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "records", Value: 100_000, Usage: "rows to write"},
			&cli.IntFlag{Name: "persons", Usage: "distinct people behind them (default: 80% of --records)"},
			&cli.Int64Flag{Name: "seed", Value: 1},
			&cli.PathFlag{Name: "out", Required: true, Usage: "the CSV file to write"},
		},
		Action: func(c *cli.Context) error {
			n := c.Int("records")
			persons := c.Int("persons")
			if persons == 0 {
				persons = max(n*4/5, 1)
			}
			if n <= 0 || persons > n {
				return errorf("--records must be positive and --persons at most --records")
			}
			gen := demo.Generate(demo.GenConfig{Events: n, Persons: persons, Seed: c.Int64("seed")})
			f, err := os.Create(c.Path("out"))
			if err != nil {
				return fmt.Errorf("gen: %w", err)
			}
			bw := bufio.NewWriterSize(f, 1<<20)
			w := csv.NewWriter(bw)
			_ = w.Write(exportHeader)
			for i, e := range gen.Events {
				_ = w.Write([]string{strconv.Itoa(1_000_001 + i), e.FirstName, e.LastName, e.Email, e.Phone, e.Company,
					e.Properties["country"], strconv.Itoa(gen.Person[i])})
			}
			w.Flush()
			if err := w.Error(); err != nil {
				f.Close()
				return fmt.Errorf("gen: %w", err)
			}
			if err := bw.Flush(); err != nil {
				f.Close()
				return fmt.Errorf("gen: %w", err)
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("gen: %w", err)
			}
			fmt.Fprintf(c.App.Writer, "wrote %d records of %d persons to %s\n", n, persons, c.Path("out"))
			return nil
		},
	}
}
