#!/usr/bin/env python3
"""Fabricate outcomes files to sanity-check score.py.

  --mode perfect : one record per true person
  --mode email   : naive key = trimmed lower-cased e-mail, else "first last", else dead-letter
  --mode surname : over-merging key = lower-cased last name (lots of false merges)
"""
import argparse
import json


def key(ev, mode):
    if mode == "surname":
        return (ev.get("last_name") or "").strip().lower()
    k = (ev.get("email") or "").strip().lower()
    if not k:
        k = f"{(ev.get('first_name') or '').strip().lower()} {(ev.get('last_name') or '').strip().lower()}".strip()
    return k


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--mode", choices=["perfect", "email", "surname"], default="perfect")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    events = [json.loads(l) for l in open(a.events)]
    labels = [json.loads(l) for l in open(a.labels)]
    with open(a.out, "w") as f:
        for i, (ev, lab) in enumerate(zip(events, labels), 1):
            if a.mode == "perfect":
                o = {"line": i, "event_id": ev["event_id"], "record_id": "R-" + lab["person"], "action": "created"}
            else:
                k = key(ev, a.mode)
                if not k:
                    o = {"line": i, "event_id": "", "record_id": "", "action": "dead_lettered"}
                else:
                    o = {"line": i, "event_id": ev["event_id"], "record_id": "K-" + k, "action": "created"}
            f.write(json.dumps(o) + "\n")


if __name__ == "__main__":
    main()
