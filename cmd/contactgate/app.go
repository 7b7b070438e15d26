package main

import (
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// envPrefix starts the environment variable of every flag.
const envPrefix = "CONTACTGATE_"

func newApp() *cli.App {
	return &cli.App{
		Name:    "contactgate",
		Usage:   "keep duplicate contacts out of your CRM",
		Version: version(),
		Commands: []*cli.Command{
			runCommand(),
			demoCommand(),
			schemaCommand(),
			topicsCommand(),
			crmEmulatorCommand(),
			reprocessCommand(),
			mergeCommand(),
			evaluateCommand(),
			genCommand(),
			indexCommand(),
			scanCommand(),
			reviewCommand(),
		},
		HideHelpCommand: true,
		CommandNotFound: commandNotFound,
	}
}

// version is the module version stamped by `go install`, or "dev".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// env names a flag's environment variable.
func env(name string) []string { return []string{envPrefix + name} }

func errorf(format string, args ...any) error { return cli.Exit(fmt.Sprintf(format, args...), 2) }
