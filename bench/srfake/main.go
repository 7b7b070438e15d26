// Command srfake serves franz-go's srfake, an in-memory server of the
// Confluent Schema Registry REST API, on 127.0.0.1 until interrupted, for
// bench/stock-clients.sh. It prints its URL. -seed N registers N unrelated
// schemas first, so that the ids the clients get are above contactgate's
// embedded 1 and 2.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

func main() {
	seed := flag.Int("seed", 6, "unrelated schemas to register first (ids 1..N)")
	flag.Parse()
	f := srfake.New()
	defer f.Close()
	for i := 1; i <= *seed; i++ {
		f.SeedSchema(fmt.Sprintf("unrelated%d-value", i), 1, i,
			sr.Schema{Schema: fmt.Sprintf(`{"type":"record","name":"Unrelated%d","fields":[{"name":"n","type":"long"}]}`, i)})
	}
	fmt.Println(f.URL())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
