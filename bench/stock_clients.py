"""Confluent's own Python client on both sides of contactgate run.

    python bench/stock_clients.py produce BROKERS REGISTRY TOPIC N
    python bench/stock_clients.py consume BROKERS REGISTRY TOPIC N

produce: N ContactEvents serialized by confluent-kafka's AvroSerializer with
schemas/contact_event.avsc (registered under TOPIC-value by the serializer),
keyed by e-mail and partitioned with murmur2_random. consume: N outcomes
read from the start of TOPIC and deserialized by confluent-kafka's
AvroDeserializer (fastavro), which fetches each record's schema by the id in
its header. Each line names the schema id the record carried.
"""
import datetime
import pathlib
import sys
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def schema_id(value: bytes) -> int:
    return int.from_bytes(value[1:5], "big")


def produce(brokers: str, registry: SchemaRegistryClient, topic: str, n: int) -> None:
    schema = (pathlib.Path(__file__).parent.parent / "schemas" / "contact_event.avsc").read_text()
    serialize = AvroSerializer(registry, schema)
    producer = Producer({"bootstrap.servers": brokers, "partitioner": "murmur2_random"})
    failed = []
    for i in range(n):
        email = f"stock{i}@example.com"
        event = {"event_id": f"stock-{i}", "source": "web_form",
                 "occurred_at": datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc),
                 "email": email, "first_name": f"S{i}", "last_name": "Stock", "external_id": None,
                 "phone": None, "company": None, "properties": {}}
        value = serialize(event, SerializationContext(topic, MessageField.VALUE))
        producer.produce(topic, key=email, value=value,
                         on_delivery=lambda err, _: err is not None and failed.append(err))
        print(f"event stock-{i}: schema id {schema_id(value)}")
    if producer.flush(60) != 0 or failed:
        raise SystemExit(f"not delivered: {failed}")


def consume(brokers: str, registry: SchemaRegistryClient, topic: str, n: int) -> None:
    deserialize = AvroDeserializer(registry)
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": f"stock-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    try:
        for _ in range(n):
            msg = consumer.poll(60)
            if msg is None or msg.error():
                raise SystemExit(f"no outcome within 60 s: {msg and msg.error()}")
            o = deserialize(msg.value(), SerializationContext(topic, MessageField.VALUE))
            print(f"outcome of {o['event_id']}: schema id {schema_id(msg.value())}, {o['action']} "
                  f"record {o['record_id']}, e-mails {o['identifiers']['emails']}")
    finally:
        consumer.close()


def main() -> None:
    mode, brokers, url, topic, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    registry = SchemaRegistryClient({"url": url})
    {"produce": produce, "consume": consume}[mode](brokers, registry, topic, n)


if __name__ == "__main__":
    main()
