// Command partitions prints, for each key on standard input (one a line),
// the partition franz-go's default partitioner (murmur2, as Java's client)
// gives it among -n partitions: the reference bench/partitions.sh compares
// librdkafka's partitioners with.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	n := flag.Int("n", 6, "number of partitions")
	flag.Parse()
	p := kgo.StickyKeyPartitioner(nil).ForTopic("")
	sc := bufio.NewScanner(os.Stdin)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for sc.Scan() {
		fmt.Fprintf(w, "%s %d\n", sc.Text(), p.Partition(&kgo.Record{Key: []byte(sc.Text())}, *n))
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "partitions:", err)
		os.Exit(1)
	}
}
