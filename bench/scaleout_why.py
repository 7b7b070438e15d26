#!/usr/bin/env python3
"""Why several instances leave more duplicates than one: compares the x1 and
x3 runs of one setting and seed kept by bench/scaleout.sh (KEEP=1).

    python3 bench/scaleout_why.py RUNDIR default.1 [-v]

For each person split into 2+ records with three instances but not with one,
it takes the first two creates that ended in different records and reports
what the second event shared with the first record just before (e-mail key,
phone, external id, name-and-company key), the time between the two creates,
whether both came from one partition, and whether each event had an e-mail.
-v lists the pairs with the Kafka keys bench/scaleout.sh gave the events.
"""
import collections
import json
import sys
from datetime import datetime

d, run = sys.argv[1], sys.argv[2]
verbose = "-v" in sys.argv[3:]
labels = {j["event_id"]: j["person"] for j in map(json.loads, open(f"{d}/{run}.labels.jsonl"))}
events = {j["event_id"]: j for j in map(json.loads, open(f"{d}/{run}.events.jsonl"))}


def load(n):
    outs = [json.loads(line) for line in open(f"{d}/{run}.{n}/outcomes.jsonl")]
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for o in outs:
        for m in (o.get("merged_ids") or []) + (o["identifiers"].get("merged_ids") or []):
            a, b = find(m), find(o["record_id"])
            if a != b:
                parent[a] = b
    last = {o["event_id"]: o for o in outs}
    records = collections.defaultdict(set)
    for e, o in last.items():
        records[labels[e]].add(find(o["record_id"]))
    return outs, {p for p, r in records.items() if len(r) > 1}, find


def ts(o):
    return datetime.fromisoformat(o["processed_at"].replace("Z", "+00:00"))


def key(e):  # demo produce --key email
    email = (e.get("email") or "").strip().lower()
    if email:
        return email
    if (e.get("external_id") or "").strip():
        return e["source"] + ":" + e["external_id"].strip()
    digits = "".join(c for c in (e.get("phone") or "") if c.isdigit())
    return "phone:" + digits if digits else e["event_id"]


_, dup1, _ = load("x1")
outs, dup3, find = load("x3")
print(f"persons in 2+ records: one instance {len(dup1)}, three {len(dup3)}; "
      f"only with three {len(dup3 - dup1)}, only with one {len(dup1 - dup3)}")
shared, gaps, emails = collections.Counter(), collections.Counter(), collections.Counter()
same_partition = 0
creates = [o for o in outs if o["action"] == "created"]
for p in sorted(dup3 - dup1):
    cs = [o for o in creates if labels[o["event_id"]] == p]
    a = cs[0]
    b = next((o for o in cs[1:] if find(o["record_id"]) != find(a["record_id"])), None)
    if b is None:
        shared["no two creates in different records"] += 1
        continue
    prior = [o for o in outs if o["record_id"] == a["record_id"] and ts(o) <= ts(b)]
    ia, ib = (prior[-1] if prior else a)["identifiers"], b["identifiers"]
    kinds = [k for k, f in (("email", "emails"), ("phone", "phones"), ("external_id", "external_ids"))
             if set(ia.get(f) or []) & set(ib.get(f) or [])]
    if ({ia.get("name_key")} | set(ia.get("name_keys") or [])) & ({ib.get("name_key")} | set(ib.get("name_keys") or [])) - {None, ""}:
        kinds.append("name_company")
    shared["+".join(kinds) or "nothing"] += 1
    g = (ts(b) - ts(a)).total_seconds()
    gaps["< 0.5 s" if g < .5 else "< 2 s" if g < 2 else "< 5 s" if g < 5 else ">= 5 s"] += 1
    same_partition += a["input"]["partition"] == b["input"]["partition"]
    ea, eb = events[a["event_id"]], events[b["event_id"]]
    n = bool((ea.get("email") or "").strip()) + bool((eb.get("email") or "").strip())
    emails[["neither has an e-mail", "one has an e-mail", "both have e-mails"][n]] += 1
    if verbose:
        print(f"  person {p}: {'+'.join(kinds) or 'nothing'} shared, {g:.2f} s apart; "
              f"{a['input']['partition']}/{a['input']['offset']} key {key(ea)!r}, "
              f"{b['input']['partition']}/{b['input']['offset']} key {key(eb)!r}")
print("what the second create's event shared with the first record:", dict(shared))
print("time between the two creates:", dict(gaps))
print("both from one partition:", same_partition)
print("the two events:", dict(emails))
