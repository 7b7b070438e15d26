package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
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

// saslMechanisms are the mechanisms --kafka-sasl-mechanism offers.
var saslMechanisms = []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"}

// saslListener is a Kafka listener that requires SASL, with one user per
// mechanism.
type saslListener struct {
	brokers string
	users   map[string][2]string // mechanism → user, password
	// refusal is what the error of a wrong password says; "" for any
	// error (kfake closes the connection instead of answering).
	refusal string
}

// TestKafkaSASL: with each mechanism, `topics` creates the topics and
// `reprocess` copies a dead letter (a transaction) over a listener that
// requires SASL, a client with the options of kafkaOpts reads the copy, and
// a wrong password fails (on the real broker, with an error that says so).
// On kfake, and on the real broker's SASL_PLAINTEXT listener when
// KAFKA_SASL_BROKERS is set (scripts/kafka-broker.sh).
func TestKafkaSASL(t *testing.T) {
	t.Run("kfake", func(t *testing.T) {
		l := saslListener{users: map[string][2]string{}}
		opts := []kfake.Opt{kfake.NumBrokers(1), kfake.EnableSASL()}
		for _, mech := range saslMechanisms {
			user := "cg-" + strings.ToLower(mech)
			l.users[mech] = [2]string{user, user + "-secret"}
			opts = append(opts, kfake.Superuser(mech, user, user+"-secret"))
		}
		fake, err := kfake.NewCluster(opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(fake.Close)
		l.brokers = strings.Join(fake.ListenAddrs(), ",")
		testSASL(t, l)
	})
	t.Run("kafka", func(t *testing.T) {
		l := saslListener{brokers: os.Getenv("KAFKA_SASL_BROKERS"), users: map[string][2]string{},
			refusal: "SASL_AUTHENTICATION_FAILED"}
		if l.brokers == "" {
			if os.Getenv("CI") == "true" {
				t.Fatal("CI=true but KAFKA_SASL_BROKERS is not set: scripts/test.sh exports the SASL listener of its broker")
			}
			t.Skip("KAFKA_SASL_BROKERS is not set (scripts/kafka-broker.sh env prints it)")
		}
		for _, mech := range saslMechanisms {
			v := "KAFKA_SASL_" + strings.ReplaceAll(mech, "-", "_")
			user, pass := os.Getenv(v+"_USER"), os.Getenv(v+"_PASSWORD")
			if user == "" || pass == "" {
				t.Fatalf("KAFKA_SASL_BROKERS is set but %s_USER or %s_PASSWORD is not", v, v)
			}
			l.users[mech] = [2]string{user, pass}
		}
		testSASL(t, l)
	})
}

func testSASL(t *testing.T, l saslListener) {
	for _, mech := range saslMechanisms {
		t.Run(mech, func(t *testing.T) {
			ctx := kafkatest.Context(t, time.Minute)
			user, pass := l.users[mech][0], l.users[mech][1]
			security := []string{"--brokers", l.brokers, "--kafka-sasl-mechanism", mech, "--kafka-sasl-user", user}
			prefix := kafkatest.Name(t, "")
			in, dlq := prefix+"in", prefix+"dlq"
			t.Setenv(saslPasswordEnv, pass)

			// When topics runs over SASL, then it creates the topics
			out, err := run(t, append([]string{"topics", "--events-topic", in, "--outcomes-topic", prefix + "out",
				"--dlq-topic", dlq, "--partitions", "1"}, security...)...)
			if err != nil || !strings.Contains(out, prefix+"out\tcleanup.policy=compact") {
				t.Fatalf("topics: %v\n%s", err, out)
			}
			// And a client with kafkaOpts' options writes a dead letter,
			// reprocess copies it in a transaction, and the client reads
			// the copy
			cl := saslClient(t, l.brokers, security)
			dead := &kgo.Record{Topic: dlq, Key: []byte("k"), Value: []byte("v"),
				Headers: []kgo.RecordHeader{{Key: schemas.HeaderErrorClass, Value: []byte(schemas.ClassCRMRejected)}}}
			if err := cl.ProduceSync(ctx, dead).FirstErr(); err != nil {
				t.Fatalf("produce over SASL: %v", err)
			}
			out, err = run(t, append([]string{"reprocess", "--dlq-topic", dlq, "--input-topic", in, "--json"}, security...)...)
			if err != nil || !strings.Contains(out, `"copied":1`) {
				t.Fatalf("reprocess: %v\n%s", err, out)
			}
			cl.AddConsumeTopics(in)
			fetches := cl.PollFetches(ctx)
			if err := fetches.Err0(); err != nil || fetches.NumRecords() != 1 || string(fetches.Records()[0].Value) != "v" {
				t.Fatalf("reading the copy over SASL: %d records, %v", fetches.NumRecords(), err)
			}

			// When the password is wrong, then topics fails and says why
			t.Setenv(saslPasswordEnv, pass+"-wrong")
			_, err = run(t, append([]string{"topics", "--events-topic", in, "--outcomes-topic", prefix + "out",
				"--dlq-topic", dlq}, security...)...)
			if err == nil || !strings.Contains(err.Error(), l.refusal) {
				t.Fatalf("topics with a wrong password: %v, want an error saying %q", err, l.refusal)
			}
			t.Logf("a wrong password: %v", err)
		})
	}
}

// saslClient is a client with the options kafkaOpts makes of args, the
// password from the environment, reading from the start of a topic.
func saslClient(t *testing.T, brokers string, args []string) *kgo.Client {
	t.Helper()
	set := flag.NewFlagSet("test", flag.ContinueOnError)
	for _, f := range append(kafkaSecurityFlags(), &cli.StringFlag{Name: "brokers"}) {
		if err := f.Apply(set); err != nil {
			t.Fatal(err)
		}
	}
	if err := set.Parse(args); err != nil {
		t.Fatal(err)
	}
	opts, err := kafkaOpts(cli.NewContext(newApp(), set, nil))
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(strings.Split(brokers, ",")...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}
