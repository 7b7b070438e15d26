package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
	"go.yaml.in/yaml/v3"
)

// configBefore reads --config (YAML, keys named like the flags) into the
// flags that the command line and the environment left unset. A key that
// names no flag is an error naming the key and the file: a typo such as
// "lanez: 10" would otherwise be ignored silently.
func configBefore(flags []cli.Flag) cli.BeforeFunc {
	load := altsrc.InitInputSourceWithContext(flags, altsrc.NewYamlSourceFromFlagFunc("config"))
	known := make(map[string]bool)
	for _, f := range flags {
		for _, n := range f.Names() {
			known[n] = true
		}
	}
	return func(c *cli.Context) error {
		path := c.String("config")
		if path == "" {
			return load(c)
		}
		doc, err := readConfig(path, known)
		if err != nil {
			return err
		}
		if err := setFieldMapBlock(c, doc); err != nil {
			return errorf("--config %s: %v", path, err)
		}
		if err := load(c); err != nil {
			// A value of the wrong type: altsrc names the flag, not the file.
			return errorf("--config %s: %v", path, err)
		}
		return nil
	}
}

// setFieldMapBlock takes run's field-map written as a YAML block (field:
// COLUMN lines) rather than a field=COLUMN string; the command line and the
// environment still win.
func setFieldMapBlock(c *cli.Context, doc map[string]any) error {
	block, ok := doc["field-map"].(map[string]any)
	if !ok || c.IsSet("field-map") {
		return nil
	}
	var pairs []string
	for _, field := range slices.Sorted(maps.Keys(block)) {
		column, ok := block[field].(string)
		if !ok {
			return fmt.Errorf("field-map: %s: want a column name, got %v", field, block[field])
		}
		pairs = append(pairs, field+"="+column)
	}
	return c.Set("field-map", strings.Join(pairs, ","))
}

// readConfig reads the YAML file at path and reports the first top-level
// key that is not in known.
func readConfig(path string, known map[string]bool) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errorf("--config: %v", err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, errorf("--config %s: %v", path, err)
	}
	var unknown []string
	for k := range doc {
		if !known[k] || k == "config" {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return doc, nil
	}
	sort.Strings(unknown)
	return nil, errorf("--config %s: unknown key %q (keys are the command's flag names, see --help)", path, unknown[0])
}

// commandNotFound says that a command does not exist and lists those that do.
func commandNotFound(c *cli.Context, name string) {
	var names []string
	for _, cmd := range c.App.VisibleCommands() {
		names = append(names, cmd.Name)
	}
	fmt.Fprintf(c.App.ErrWriter, "contactgate: no command %q; commands: %s (contactgate --help)\n", name, strings.Join(names, ", "))
	cli.OsExiter(2)
}
