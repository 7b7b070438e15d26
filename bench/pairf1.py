"""Pairwise precision, recall and F1 of `contactgate scan --clusters` against a truth column.

Usage: python pairf1.py EXPORT.csv CLUSTERS.csv [ID_COLUMN [TRUTH_COLUMN]]
(defaults: "Record ID" and "truth", the columns of `contactgate gen`). Prints
one JSON line. Counts pairs from the contingency table, never by listing them.
"""
import csv
import json
import sys
from collections import Counter


def pairs(n):
    return n * (n - 1) // 2


def main():
    export, clusters = sys.argv[1], sys.argv[2]
    id_col = sys.argv[3] if len(sys.argv) > 3 else "Record ID"
    truth_col = sys.argv[4] if len(sys.argv) > 4 else "truth"
    truth = {r[id_col]: r[truth_col] for r in csv.DictReader(open(export, newline=""))}
    pred = {r["id"]: r["cluster_id"] for r in csv.DictReader(open(clusters, newline=""))}
    ids = list(truth)
    together = sum(pairs(k) for k in Counter((truth[i], pred[i]) for i in ids).values())
    pp = sum(pairs(k) for k in Counter(pred[i] for i in ids).values())
    tp = sum(pairs(k) for k in Counter(truth[i] for i in ids).values())
    p = together / pp if pp else 1.0
    r = together / tp if tp else 1.0
    print(json.dumps({"records": len(ids), "pair_precision": round(p, 4), "pair_recall": round(r, 4),
                      "pair_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}))


if __name__ == "__main__":
    main()
