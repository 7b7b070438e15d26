"""Produce KEYS with confluent-kafka (librdkafka) under each partitioner named
on the command line and print "PARTITIONER KEY PARTITION" for each delivery.

    python bench/partitions.py BROKERS TOPIC PARTITIONS KEYFILE default murmur2_random
"""
import sys

import confluent_kafka
from confluent_kafka.admin import AdminClient, NewTopic


def main() -> None:
    brokers, topic, n, keyfile, partitioners = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
    admin = AdminClient({"bootstrap.servers": brokers})  # kept until the topic exists
    admin.create_topics([NewTopic(topic, num_partitions=n, replication_factor=1)])[topic].result()
    keys = [line.strip() for line in open(keyfile) if line.strip()]
    for name in partitioners:
        conf = {"bootstrap.servers": brokers}
        if name != "default":
            conf["partitioner"] = name
        producer = confluent_kafka.Producer(conf)
        got = {}

        def delivered(err, msg):
            if err is not None:
                raise SystemExit(f"delivery failed: {err}")
            got[msg.key().decode()] = msg.partition()

        for k in keys:
            producer.produce(topic, key=k, value=b"x", on_delivery=delivered)
        if producer.flush(60) != 0:
            raise SystemExit("records left undelivered")
        for k in keys:
            print(name, k, got[k])
    version = confluent_kafka.version()
    version = version[0] if isinstance(version, tuple) else version
    print("confluent-kafka", version, "librdkafka", confluent_kafka.libversion()[0], file=sys.stderr)


if __name__ == "__main__":
    main()
