package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrintConfigMasksSecrets(t *testing.T) {
	t.Setenv("CONTACTGATE_CRM_TOKEN", "pat-na1-secret")
	cfg := filepath.Join(t.TempDir(), "run.yaml")
	if err := os.WriteFile(cfg, []byte("lanes: 32\nbrokers: kafka-1:9092,kafka-2:9092\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "run", "--print-config", "--config", cfg, "--crm-batch-size", "50")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`lanes: "32"`, `brokers: "kafka-1:9092,kafka-2:9092"`, `crm-batch-size: "50"`,
		`crm-token: "****** (from $CONTACTGATE_CRM_TOKEN)"`, `kafka-sasl-password: "(not set)"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "pat-na1-secret") {
		t.Error("the token is printed")
	}
}

func TestKafkaSecurityFlagsRefuseHalfConfigurations(t *testing.T) {
	t.Setenv("CONTACTGATE_KAFKA_SASL_PASSWORD", "pw")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--kafka-sasl-mechanism", "SCRAM-SHA-512"}, "needs --kafka-sasl-user"},
		{[]string{"--kafka-sasl-mechanism", "GSSAPI", "--kafka-sasl-user", "u"}, "want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"},
		{[]string{"--kafka-tls-ca", "/nonexistent/ca.pem"}, "--kafka-tls-ca"},
	} {
		_, err := run(t, append([]string{"run", "--crm", "emulator", "--state-dir", t.TempDir()}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("run %v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}
