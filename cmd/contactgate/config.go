package main

import (
	"errors"
	"fmt"
	"io"
	"os"
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
		if path := c.String("config"); path != "" {
			if err := checkConfigKeys(path, known); err != nil {
				return err
			}
		}
		return load(c)
	}
}

// checkConfigKeys reports the first top-level key of the YAML file at path
// that is not in known.
func checkConfigKeys(path string, known map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return errorf("--config: %v", err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil && !errors.Is(err, io.EOF) {
		return errorf("--config %s: %v", path, err)
	}
	var unknown []string
	for k := range doc {
		if !known[k] || k == "config" {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return errorf("--config %s: unknown key %q (keys are the command's flag names, see --help)", path, unknown[0])
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
