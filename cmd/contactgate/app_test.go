package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"github.com/urfave/cli/v2"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	app := newApp()
	var out bytes.Buffer
	app.Writer = &out
	app.ErrWriter = &out
	app.ExitErrHandler = func(*cli.Context, error) {}
	err := app.RunContext(context.Background(), append([]string{"contactgate"}, args...))
	return out.String(), err
}

func TestSchemaShow(t *testing.T) {
	for arg, want := range map[string]string{"contact_event": schemas.ContactEventSchema, "outcome": schemas.OutcomeSchema} {
		out, err := run(t, "schema", "show", arg)
		if err != nil || out != want || !json.Valid([]byte(out)) {
			t.Errorf("schema show %s = %.40q…, %v", arg, out, err)
		}
	}
	if _, err := run(t, "schema", "show", "nope"); err == nil || !strings.Contains(err.Error(), "contact_event or outcome") {
		t.Errorf("schema show nope: %v", err)
	}
}

func TestSchemaRegister(t *testing.T) {
	reg := srfake.New()
	defer reg.Close()
	out, err := run(t, "schema", "register", "--registry-url", reg.URL(), "--events-topic", "in")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "in-value\t") || !strings.Contains(out, "contacts.outcomes-value\t") {
		t.Errorf("output %q", out)
	}
}

func TestSchemaRegisterNeedsTheSecretFromEnvOrFile(t *testing.T) {
	reg := srfake.New()
	defer reg.Close()
	t.Setenv("CONTACTGATE_REGISTRY_PASSWORD", "")
	_, err := run(t, "schema", "register", "--registry-url", reg.URL(), "--registry-user", "u")
	if err == nil || !strings.Contains(err.Error(), "CONTACTGATE_REGISTRY_PASSWORD") {
		t.Fatalf("err = %v", err)
	}
}

func TestTopics(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		prefix := kafkatest.Name(t, "")
		out, err := run(t, "topics", "--brokers", strings.Join(c.Brokers, ","),
			"--events-topic", prefix+"in", "--outcomes-topic", prefix+"out", "--dlq-topic", prefix+"dlq", "--partitions", "2")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{prefix + "out\tcleanup.policy=compact", prefix + "dlq.parked\tcleanup.policy=compact"} {
			if !strings.Contains(out, want) {
				t.Errorf("output %q lacks %q", out, want)
			}
		}
	})
}
