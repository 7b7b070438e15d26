package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The compose file and the Dockerfile are not built here (no Docker on the
// test machines); these tests hold the two properties issue 16 found broken.

func TestComposeAdvertisesAListenerTheHostCanReach(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]any `yaml:"environment"`
			Ports       []string       `yaml:"ports"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	kafka := compose.Services["kafka"]
	advertised, _ := kafka.Environment["KAFKA_ADVERTISED_LISTENERS"].(string)
	// Every localhost listener must be published on the host at its port;
	// and there must be one.
	re := regexp.MustCompile(`(\w+)://localhost:(\d+)`)
	found := re.FindAllStringSubmatch(advertised, -1)
	if len(found) == 0 {
		t.Fatalf("KAFKA_ADVERTISED_LISTENERS %q has no localhost listener for host producers", advertised)
	}
	for _, m := range found {
		want := ":" + m[2] + ":" + m[2]
		published := false
		for _, p := range kafka.Ports {
			published = published || strings.HasSuffix(p, want)
		}
		if !published {
			t.Errorf("listener %s advertises localhost:%s, but ports %v do not publish it", m[1], m[2], kafka.Ports)
		}
		if !strings.Contains(kafka.Environment["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].(string), m[1]+":") {
			t.Errorf("listener %s has no security protocol", m[1])
		}
	}
}

func TestDockerfileStateDirectoryBelongsToTheRuntimeUser(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	user := regexp.MustCompile(`(?m)^USER (\S+)`).FindStringSubmatch(s)
	owned := regexp.MustCompile(`(?m)^COPY --from=build --chown=(\S+) \S+ /var/lib/contactgate$`).FindStringSubmatch(s)
	if user == nil || owned == nil || owned[1] != user[1] {
		t.Fatalf("USER %v, state directory copied with owner %v: want the same", user, owned)
	}
	if strings.Index(s, owned[0]) > strings.Index(s, user[0]) {
		t.Error("the state directory is made after USER")
	}
}
