#!/usr/bin/env python3
"""What links the duplicate records a run left: is there evidence to join them?

Usage:
  python3 remaining.py --events events.jsonl --labels labels.jsonl --outcomes outcomes.jsonl [...] [--json out.json]

Give --events, --labels and --outcomes once per stream (in the same order); the totals are over
all of them. Records are the final ones, merges followed as score.py follows them. For every
person in two or more records, each record but the one holding most of the person's events (the
duplicates score.py counts) falls in the first of:

  identifier   its events share an e-mail address, a phone number (its last 9 digits) or a
               source's external id with the events of one of the person's other records
  full name    they share only a full name (first and last, case and accents folded)
  nothing      neither: a new address with a nickname, a chat with a first name, a job change

Only the first kind is evidence that the events link the records; the rest is a name at most,
which, alone, is another person's as often as one in eight (docs/matching.md).
"""
import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import read_jsonl, score  # noqa: E402

KINDS = ("identifier", "full name", "nothing")


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    return re.sub(r"[^a-z]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


def address(s):
    m = re.search(r"<([^>]*)>", s or "")
    s = (m.group(1) if m else s or "").strip().lower()
    return s if "@" in s else ""


def identifiers(ev):
    ids = set()
    if a := address(ev.get("email")):
        ids.add("email:" + a)
    if len(d := re.sub(r"\D", "", ev.get("phone") or "")) >= 7:
        ids.add("phone:" + d[-9:])
    if x := (ev.get("external_id") or "").strip():
        ids.add("id:%s:%s" % (ev.get("source"), x))
    return ids


def full_name(ev):
    first, last = fold(ev.get("first_name")), fold(ev.get("last_name"))
    return first + " " + last if first and last else ""


def remaining(events, labels, outcomes):
    """Counts the duplicate records of one stream by what links them (KINDS)."""
    _, rec_of_line, person_recs, _, _ = score(labels, outcomes)
    lines = defaultdict(lambda: defaultdict(list))  # person -> record -> events
    for line in range(1, len(labels) + 1):
        if (r := rec_of_line[line]) is not None:
            lines[labels[line - 1]["person"]][r].append(events[line - 1])
    counts = Counter()
    for p, recs in person_recs.items():
        if len(recs) < 2:
            continue
        main = max(recs, key=lambda r: recs[r])
        for r in recs:
            if r == main:
                continue
            mine = lines[p][r]
            others = [e for o in lines[p] if o != r for e in lines[p][o]]
            if set().union(*map(identifiers, mine)) & set().union(*map(identifiers, others)):
                counts["identifier"] += 1
            elif ({full_name(e) for e in mine} & {full_name(e) for e in others}) - {""}:
                counts["full name"] += 1
            else:
                counts["nothing"] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", action="append", required=True)
    ap.add_argument("--labels", action="append", required=True)
    ap.add_argument("--outcomes", action="append", required=True)
    ap.add_argument("--json", help="write the totals here")
    a = ap.parse_args()
    if not len(a.events) == len(a.labels) == len(a.outcomes):
        ap.error("give --events, --labels and --outcomes once per stream")
    total = Counter()
    for ev, lb, out in zip(a.events, a.labels, a.outcomes):
        total += remaining(read_jsonl(ev), read_jsonl(lb), read_jsonl(out))
    n = sum(total.values())
    for k in KINDS:
        print("%-11s %6d  %5.1f %%" % (k, total[k], 100.0 * total[k] / n if n else 0.0))
    print("%-11s %6d" % ("duplicates", n))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"duplicate_records": n, **{k: total[k] for k in KINDS}}, f)


if __name__ == "__main__":
    main()
