#!/usr/bin/env python3
"""Score a deduplicator's outcomes against generator ground truth.

Usage:
  python3 score.py --labels labels.jsonl --outcomes outcomes.jsonl [--events events.jsonl --explain 5] [--json out.json]

outcomes.jsonl: one line per input event line:
  {"line": 1-based input line, "event_id": str, "record_id": str, "action": str, "merged_ids": [record ids absorbed]}
Dead-lettered lines (action "dead_lettered") are excluded from record/pair metrics.
Merges are followed with union-find (record ids in merged_ids now belong to the line's record_id).
"""
import argparse
import json
import sys
from collections import Counter, defaultdict


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, survivor, absorbed):
        a, b = self.find(survivor), self.find(absorbed)
        if a != b:
            self.parent[b] = a


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def pairs(n):
    return n * (n - 1) // 2


def score(labels, outcomes):
    """Returns (metrics dict, per-line final record list (None = dead-lettered))."""
    n = len(labels)
    by_line = {}
    warnings = []
    for i, o in enumerate(outcomes):
        line = o.get("line") or (i + 1)
        if not (1 <= line <= n):
            warnings.append(f"outcome line {line} out of range")
            continue
        if line in by_line:
            warnings.append(f"duplicate outcome for line {line}; keeping last")
        by_line[line] = o
    uf = UnionFind()
    for line in sorted(by_line):  # file order
        o = by_line[line]
        if o.get("action") == "dead_lettered":
            continue
        rid = o.get("record_id") or f"__line{line}"
        uf.find(rid)
        for m in o.get("merged_ids") or []:
            uf.union(rid, m)
    missing = 0
    rec_of_line = [None] * (n + 1)
    dead = 0
    for line in range(1, n + 1):
        o = by_line.get(line)
        if o is None:
            missing += 1
            dead += 1  # no outcome: treat as not ingested
            continue
        eid = o.get("event_id")
        if eid and eid != labels[line - 1]["event_id"]:
            warnings.append(f"line {line}: event_id {eid} != label {labels[line - 1]['event_id']}")
        if o.get("action") == "dead_lettered":
            dead += 1
            continue
        rec_of_line[line] = uf.find(o.get("record_id") or f"__line{line}")

    person_recs = defaultdict(Counter)  # person -> record -> #events
    rec_persons = defaultdict(Counter)  # record -> person -> #events
    all_persons = set()
    for line in range(1, n + 1):
        p = labels[line - 1]["person"]
        all_persons.add(p)
        r = rec_of_line[line]
        if r is None:
            continue
        person_recs[p][r] += 1
        rec_persons[r][p] += 1
    dup_records = sum(len(rs) - 1 for rs in person_recs.values())
    split_persons = sum(1 for rs in person_recs.values() if len(rs) > 1)
    false_merge = sum(1 for ps in rec_persons.values() if len(ps) > 1)
    tp = sum(pairs(c) for rs in person_recs.values() for c in rs.values())
    same_person = sum(pairs(sum(rs.values())) for rs in person_recs.values())
    same_record = sum(pairs(sum(ps.values())) for ps in rec_persons.values())
    prec = tp / same_record if same_record else 1.0
    rec = tp / same_person if same_person else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    persons = len(person_recs)
    records = len(rec_persons)
    m = {
        "events": n,
        "dead_lettered": dead,
        "missing_outcomes": missing,
        "persons_total": len(all_persons),
        "persons": persons,
        "final_records": records,
        "duplicate_records": dup_records,
        "split_persons": split_persons,
        "duplicate_pct_of_persons": round(100.0 * dup_records / persons, 3) if persons else 0.0,
        "false_merge_records": false_merge,
        "false_merge_pct_of_records": round(100.0 * false_merge / records, 3) if records else 0.0,
        "persons_in_false_merges": sum(1 for p, rs in person_recs.items() if any(len(rec_persons[r]) > 1 for r in rs)),
        "pair_tp": tp,
        "pairs_same_person": same_person,
        "pairs_same_record": same_record,
        "pair_precision": round(prec, 5),
        "pair_recall": round(rec, 5),
        "pair_f1": round(f1, 5),
        "actions": dict(Counter(o.get("action", "?") for o in by_line.values())),
        "warnings": len(warnings),
    }
    return m, rec_of_line, person_recs, rec_persons, warnings


def fmt_event(ev, line, person):
    keys = ["source", "occurred_at", "external_id", "first_name", "last_name", "email", "phone", "company"]
    parts = [f"{k}={ev[k]!r}" for k in keys if k in ev]
    if ev.get("properties"):
        parts.append("props=" + json.dumps(ev["properties"], ensure_ascii=False))
    return f"    L{line} [{person}] " + " ".join(parts)


def explain(n_show, labels, events, rec_of_line, person_recs, rec_persons, out):
    lines_of = defaultdict(list)  # (person, record) -> lines
    for line in range(1, len(labels) + 1):
        if rec_of_line[line] is not None:
            lines_of[(labels[line - 1]["person"], rec_of_line[line])].append(line)
    ev = lambda l: events[l - 1] if events and l - 1 < len(events) else {}
    split = sorted(((p, rs) for p, rs in person_recs.items() if len(rs) > 1), key=lambda x: -len(x[1]))
    print(f"\n=== persons split across records (showing {min(n_show, len(split))} of {len(split)}) ===", file=out)
    for p, rs in split[:n_show]:
        print(f"  person {p}: {len(rs)} records", file=out)
        for r in rs:
            print(f"   record {r} ({rs[r]} events)", file=out)
            for l in lines_of[(p, r)][:8]:
                print(fmt_event(ev(l), l, p), file=out)
    fm = sorted(((r, ps) for r, ps in rec_persons.items() if len(ps) > 1), key=lambda x: -len(x[1]))
    print(f"\n=== false-merge records (showing {min(n_show, len(fm))} of {len(fm)}) ===", file=out)
    for r, ps in fm[:n_show]:
        print(f"  record {r}: persons {dict(ps)}", file=out)
        for p in ps:
            for l in lines_of[(p, r)][:6]:
                print(fmt_event(ev(l), l, p), file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--outcomes", required=True)
    ap.add_argument("--events", help="events.jsonl (for --explain)")
    ap.add_argument("--explain", type=int, default=0)
    ap.add_argument("--json", help="also write metrics JSON to this file")
    a = ap.parse_args()
    labels = read_jsonl(a.labels)
    outcomes = read_jsonl(a.outcomes)
    m, rec_of_line, person_recs, rec_persons, warnings = score(labels, outcomes)
    for w in warnings[:10]:
        print("WARNING:", w, file=sys.stderr)
    print(json.dumps(m))
    rows = [("events", m["events"]), ("dead-lettered", m["dead_lettered"]),
            ("persons (with ingested events)", f"{m['persons']} (of {m['persons_total']})"),
            ("final records", m["final_records"]),
            ("duplicate records", f"{m['duplicate_records']}  ({m['duplicate_pct_of_persons']}% of persons; "
                                  f"{m['split_persons']} persons split)"),
            ("false-merge records", f"{m['false_merge_records']}  ({m['false_merge_pct_of_records']}% of records; "
                                    f"{m['persons_in_false_merges']} persons involved)"),
            ("pair precision", m["pair_precision"]), ("pair recall", m["pair_recall"]), ("pair F1", m["pair_f1"]),
            ("actions", m["actions"])]
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print(f"  {k.ljust(width)}  {v}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(m, f, indent=2)
    if a.explain:
        events = read_jsonl(a.events) if a.events else None
        explain(a.explain, labels, events, rec_of_line, person_recs, rec_persons, sys.stdout)


if __name__ == "__main__":
    main()
