#!/usr/bin/env python3
"""check.py EVENTS LABELS - validate a generated stream and print a short summary."""
import collections
import datetime as dt
import json
import sys

ALLOWED = {"event_id", "source", "occurred_at", "external_id", "email", "phone", "first_name", "last_name",
           "company", "properties"}


def main(evp, lbp):
    evs = [json.loads(l) for l in open(evp, encoding="utf-8")]
    lbs = [json.loads(l) for l in open(lbp, encoding="utf-8")]
    assert len(evs) == len(lbs), "length mismatch"
    ids = [e["event_id"] for e in evs]
    assert len(set(ids)) == len(ids), "duplicate event_id"
    prev = None
    for e, l in zip(evs, lbs):
        assert e["event_id"] == l["event_id"], "label order mismatch"
        assert set(e) <= ALLOWED, f"bad keys {set(e) - ALLOWED}"
        for k in ("event_id", "source", "occurred_at"):
            assert isinstance(e.get(k), str) and e[k], k
        for k, v in e.items():
            if k == "properties":
                assert isinstance(v, dict) and all(isinstance(x, str) for x in v.values()), e
            else:
                assert isinstance(v, str), (k, v)
        t = dt.datetime.strptime(e["occurred_at"], "%Y-%m-%dT%H:%M:%SZ")
        assert prev is None or t > prev, "occurred_at not increasing"
        prev = t
    # external_id stable per (person, source) and never shared across persons
    ext = collections.defaultdict(set)
    ext_owner = collections.defaultdict(set)
    for e, l in zip(evs, lbs):
        if e.get("external_id"):
            ext[(l["person"], e["source"])].add(e["external_id"])
            ext_owner[(e["source"], e["external_id"])].add(l["person"])
    assert all(len(v) == 1 for v in ext.values()), "external_id not stable"
    assert all(len(v) == 1 for v in ext_owner.values()), "external_id shared"
    n = len(evs)
    per = collections.Counter(l["person"] for l in lbs)
    cnt = sorted(per.values())
    buckets = [(1, 1), (2, 3), (4, 5), (6, 10), (11, 19), (20, 49), (50, 10 ** 9)]
    print(f"{evp}: {n} events, {len(per)} persons, ids unique, keys ok, time increasing "
          f"({evs[0]['occurred_at']} .. {evs[-1]['occurred_at']})")
    print("  events/person: " + ", ".join(
        f"{a if a == b else (str(a) + '-' + (str(b) if b < 10 ** 9 else '')) }: {sum(1 for c in cnt if a <= c <= b) / len(cnt):.1%}"
        for a, b in buckets) + f"  (median {cnt[len(cnt) // 2]}, max {cnt[-1]})")
    src = collections.Counter(e["source"] for e in evs)
    print("  sources: " + ", ".join(f"{k} {v / n:.1%}" for k, v in src.most_common()))
    fields = ["external_id", "email", "phone", "first_name", "last_name", "company"]
    print("  fields:  " + ", ".join(f"{k} {sum(1 for e in evs if e.get(k)) / n:.1%}" for k in fields))
    pk = collections.Counter(k for e in evs for k, v in e.get("properties", {}).items() if v)
    print("  props:   " + ", ".join(f"{k} {v / n:.1%}" for k, v in pk.most_common()))
    none = sum(1 for e in evs if not e.get("email") and not e.get("phone"))
    only_e = sum(1 for e in evs if e.get("email") and not any(e.get(k) for k in fields if k != "email"))
    print(f"  no email & no phone: {none / n:.1%}; email-only events: {only_e / n:.1%}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
