#!/usr/bin/env python3
"""Validate an events/labels pair and print simple statistics.

usage: python3 check.py ev.S.jsonl lb.S.jsonl
"""
import collections
import json
import sys

ALLOWED = {'event_id', 'source', 'occurred_at', 'external_id', 'email', 'phone', 'first_name', 'last_name',
           'company', 'properties'}
REQUIRED = {'event_id', 'source', 'occurred_at'}


def main(evf, lbf):
    evs = [json.loads(l) for l in open(evf, encoding='utf-8')]
    lbs = [json.loads(l) for l in open(lbf, encoding='utf-8')]
    assert len(evs) == len(lbs), 'length mismatch'
    ids = set()
    for e, l in zip(evs, lbs):
        assert set(e) <= ALLOWED and REQUIRED <= set(e), e
        assert e['event_id'] == l['event_id'] and set(l) == {'event_id', 'person'}
        assert e['event_id'] not in ids
        ids.add(e['event_id'])
        for k, v in e.items():
            if k == 'properties':
                assert isinstance(v, dict) and v and all(isinstance(x, str) and x for x in v.values()), e
            else:
                assert isinstance(v, str) and v != '', e
        from datetime import datetime
        datetime.fromisoformat(e['occurred_at'].replace('Z', '+00:00'))
    n = len(evs)
    print(f"{evf}: {n} events, all lines valid JSON, only string values, ids unique, labels aligned")
    src = collections.Counter(e['source'] for e in evs)
    print("events per source: " + ", ".join(f"{k} {v} ({100 * v / n:.1f}%)" for k, v in src.most_common()))
    fields = ['external_id', 'email', 'phone', 'first_name', 'last_name', 'company', 'properties']
    print("share with field:  " + ", ".join(f"{f} {100 * sum(f in e for e in evs) / n:.1f}%" for f in fields))
    pk = collections.Counter(k for e in evs for k in e.get('properties', {}))
    print("property keys:     " + ", ".join(f"{k} {100 * v / n:.1f}%" for k, v in pk.most_common()))
    crm = [e for e in evs if e['source'] == 'crm']
    print(f"crm events with external_id: {100 * sum('external_id' in e for e in crm) / max(1, len(crm)):.1f}%")
    per = collections.Counter(l['person'] for l in lbs)
    sizes = sorted(per.values())
    print(f"persons with events: {len(per)}; with >1 event: {sum(v > 1 for v in sizes)}; 1 event: "
          f"{sum(v == 1 for v in sizes)}; >=10: {sum(v >= 10 for v in sizes)}; >=50: {sum(v >= 50 for v in sizes)}; "
          f"max {sizes[-1]}; median {sizes[len(sizes) // 2]}")
    ts = [datetime.fromisoformat(e['occurred_at'].replace('Z', '+00:00')) for e in evs]
    inv = sum(1 for a, b in zip(ts, ts[1:]) if b < a)
    runmax, late = ts[0], 0
    for t in ts:
        if t < runmax:
            late += 1
        runmax = max(runmax, t)
    print(f"out of time order: {100 * inv / n:.1f}% of adjacent pairs descend; {100 * late / n:.1f}% of events are "
          f"older than some earlier event")
    only = collections.Counter()
    for e in evs:
        keys = set(e) - {'event_id', 'source', 'occurred_at', 'properties', 'external_id'}
        if keys == {'email'}:
            only['only email'] += 1
        elif keys == {'phone'}:
            only['only phone'] += 1
        elif keys and keys <= {'first_name', 'last_name', 'company'} and 'company' in keys:
            only['only name+company'] += 1
    print("sparse events: " + ", ".join(f"{k} {v}" for k, v in only.items()))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
