"""Deduplicate a CRM export with Python recordlinkage, the peer of `contactgate scan`.

Multi-key blocking (e-mail, phone digits, last name + first initial), string
comparisons, and recordlinkage's ECM classifier (unsupervised, binary
agreement vectors); the matched pairs are clustered by connected components.
Prints one JSON line: records, candidate pairs, matches, seconds, and pairwise
precision/recall/F1 against the truth column when there is one.

Usage: python recordlinkage_scan.py EXPORT.csv [TRUTH_COLUMN]
(bench/compare.sh installs recordlinkage into a temporary virtual environment.)
"""
import json
import re
import sys
import time
from collections import Counter

import pandas as pd
import recordlinkage
from recordlinkage.index import Block


def pairs(n):
    return n * (n - 1) // 2


def pairwise(truth, predicted):
    cells = Counter(zip(truth, predicted))
    together = sum(pairs(n) for n in cells.values())
    pred = sum(pairs(n) for n in Counter(predicted).values())
    true = sum(pairs(n) for n in Counter(truth).values())
    p = together / pred if pred else 1.0
    r = together / true if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    path, truth_col = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    start = time.time()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    cols = {c.lower(): c for c in df.columns}
    pick = lambda *names: next((cols[n] for n in names if n in cols), None)
    first, last = pick("first name", "first_name", "given_name"), pick("last name", "last_name", "surname")
    email, phone = pick("email", "email address"), pick("phone number", "phone")
    company = pick("company name", "company")
    d = pd.DataFrame(index=df.index)
    d["first"] = df[first].str.strip().str.lower() if first else ""
    d["last"] = df[last].str.strip().str.lower() if last else ""
    d["email"] = df[email].str.strip().str.lower() if email else ""
    d["phone"] = (df[phone].map(lambda s: re.sub(r"\D", "", s)[-10:]) if phone else "")
    d["company"] = df[company].str.strip().str.lower() if company else ""
    d["last_init"] = d["last"] + "|" + d["first"].str[:1]

    # Multi-key blocking: a union of blocks, each over the records that have
    # the key (a block on an empty value would join every record without it).
    candidates = None
    for key in ("email", "phone", "last_init"):
        sub = d[(d[key].str.len() > 1) & ~d[key].str.startswith("|")]
        idx = recordlinkage.Index()
        idx.add(Block(key))
        found = idx.index(sub)
        candidates = found if candidates is None else candidates.union(found)

    cmp = recordlinkage.Compare()
    cmp.exact("email", "email", label="email")
    cmp.exact("phone", "phone", label="phone")
    cmp.string("first", "first", method="jarowinkler", threshold=0.9, label="first")
    cmp.string("last", "last", method="jarowinkler", threshold=0.9, label="last")
    cmp.string("company", "company", method="jarowinkler", threshold=0.85, label="company")
    features = cmp.compute(candidates, d)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)

    parent = list(range(len(d)))
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in matches:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters = [find(i) for i in range(len(d))]
    out = {"tool": "recordlinkage " + recordlinkage.__version__, "records": len(d),
           "candidate_pairs": len(candidates), "matches": len(matches), "seconds": round(time.time() - start, 2)}
    if truth_col:
        p, r, f = pairwise(list(df[truth_col]), clusters)
        out.update(pair_precision=round(p, 4), pair_recall=round(r, 4), pair_f1=round(f, 4))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
