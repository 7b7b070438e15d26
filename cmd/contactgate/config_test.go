package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestConfigWithAnUnknownKeyIsRefused(t *testing.T) {
	// Given a config file with a typo'd key beside a good one
	path := filepath.Join(t.TempDir(), "typo.yaml")
	if err := os.WriteFile(path, []byte("lanes: 4\nlanez: 10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}

	// When run starts with it
	err := app.Run([]string{"contactgate", "run", "--config", path, "--print-config"})

	// Then it fails with one line naming the key and the file
	if err == nil {
		t.Fatal("run accepted a config with an unknown key")
	}
	msg := err.Error()
	if !strings.Contains(msg, `"lanez"`) || !strings.Contains(msg, path) || strings.Contains(msg, "\n") {
		t.Errorf("error %q: want one line naming lanez and %s", msg, path)
	}

	// And the same file without the typo is read
	if err := os.WriteFile(path, []byte("lanes: 4\ninput-format: debezium\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	app.Writer = &out
	if err := app.Run([]string{"contactgate", "run", "--config", path, "--print-config"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `lanes: "4"`) || !strings.Contains(out.String(), `input-format: "debezium"`) {
		t.Errorf("print-config:\n%s", out.String())
	}
}

func TestConfigValueOfTheWrongTypeNamesTheFile(t *testing.T) {
	// Given a config file whose value for an int flag is a word
	path := filepath.Join(t.TempDir(), "typed.yaml")
	if err := os.WriteFile(path, []byte("lanes: many\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}

	// When run starts with it
	err := app.Run([]string{"contactgate", "run", "--config", path, "--print-config"})

	// Then it fails with one line naming the flag and the file
	if err == nil {
		t.Fatal("run accepted lanes: many")
	}
	if msg := err.Error(); !strings.Contains(msg, "lanes") || !strings.Contains(msg, path) || strings.Contains(msg, "\n") {
		t.Errorf("error %q: want one line naming lanes and %s", msg, path)
	}
}

func TestUnknownCommandSaysSoAndListsCommands(t *testing.T) {
	var code int
	exiter := cli.OsExiter
	cli.OsExiter = func(c int) { code = c }
	defer func() { cli.OsExiter = exiter }()
	var errOut bytes.Buffer
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, &errOut

	_ = app.Run([]string{"contactgate", "runn"})

	if code != 2 || !strings.Contains(errOut.String(), `no command "runn"`) || !strings.Contains(errOut.String(), "run, demo") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestRunHelpNamesTheInputFormats(t *testing.T) {
	var out bytes.Buffer
	app := newApp()
	app.Writer = &out
	if err := app.Run([]string{"contactgate", "run", "--help"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"JSON", "bare Avro", "Debezium", "--input-format", "--schema-registry-url"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("run --help does not mention %s", want)
		}
	}
}

func TestPrintConfigMasksTheRegistryPassword(t *testing.T) {
	t.Setenv(schemaRegistryPasswordEnv, "registry-secret-2")
	var out bytes.Buffer
	app := newApp()
	app.Writer = &out
	if err := app.Run([]string{"contactgate", "run", "--schema-registry-url", "http://127.0.0.1:1",
		"--schema-registry-user", "cg", "--print-config"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "registry-secret-2") || !strings.Contains(out.String(), "schema-registry-password: \"******") {
		t.Errorf("print-config:\n%s", grepLines(out.String(), "schema-registry"))
	}
}

func TestConfigTakesTheFieldMapAsABlock(t *testing.T) {
	// Given a config with the CDC column mapping as a YAML block
	path := filepath.Join(t.TempDir(), "cdc.yaml")
	if err := os.WriteFile(path, []byte("input-format: debezium\nfield-map:\n  email: EMAIL_ADDR\n  first_name: FNAME\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	app := newApp()
	app.Writer = &out

	// When run reads it
	if err := app.Run([]string{"contactgate", "run", "--config", path, "--print-config"}); err != nil {
		t.Fatal(err)
	}

	// Then the block is the field map
	if !strings.Contains(out.String(), `field-map: "email=EMAIL_ADDR,first_name=FNAME"`) {
		t.Errorf("print-config:\n%s", grepLines(out.String(), "field-map"))
	}
}
