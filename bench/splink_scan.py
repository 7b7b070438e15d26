"""Deduplicate a labelled file with Splink 4 (DuckDB), the peer of `contactgate scan`.

Splink's published set-ups where it has one (its fake_1000 demo, its febrl
example), a like one for the other files; the model is trained on the file
(random-sampling u, EM over blocked pairs), pairs predicted, then clustered
by connected components at each threshold of a sweep: the best one is
reported. Only the rows of one half are read when asked (the half of
`contactgate evaluate --half`: FNV-1a 32 of the true cluster label, even =
tune, odd = check), so that the figures compare with the scan's on the same
records.

Usage: python splink_scan.py DATASETS_DIR PRESET [all|tune|check]
       python splink_scan.py --gen EXPORT.csv
Prints one JSON line: preset, records, seconds (train + predict + cluster at
one threshold), best threshold and its pairwise precision/recall/F1.
(bench/compare.sh installs splink<5 and duckdb<2 into a temporary virtual environment.)
"""
import json
import logging
import os
import sys
import time
from collections import Counter

import pandas as pd

logging.disable(logging.WARNING)
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402


def fnv1a32(s):
    h = 0x811C9DC5
    for b in s.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def half_of(label):
    return "tune" if fnv1a32(label) % 2 == 0 else "check"


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


def clean(df):
    for c in df.columns:
        df[c] = df[c].astype(str).str.strip().str.lower().replace({"": None, "nan": None})
    return df


def load(preset, d):
    """The records of a preset as Splink columns, and each one's true label."""
    if preset in ("febrl1", "febrl2"):
        df = pd.read_csv(os.path.join(d, preset + ".csv"), dtype=str, skipinitialspace=True, keep_default_na=False)
        df.columns = [c.strip() for c in df.columns]
        truth = df["rec_id"].str.split("-").str[1]
        df = clean(df.drop(columns=["rec_id"]))
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ]
        blocking = [block_on("given_name", "surname"), block_on("surname"), block_on("date_of_birth"),
                    block_on("postcode"), block_on("soc_sec_id")]
        training = [block_on("date_of_birth"), block_on("postcode")]
    elif preset == "splink":
        df = pd.read_csv(os.path.join(d, "splink_fake_1000.csv"), dtype=str, keep_default_na=False)
        truth = df["cluster"]
        df = clean(df.drop(columns=["unique_id", "cluster"]))
        comparisons = [
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ]
        blocking = [block_on("first_name"), block_on("surname"), block_on("dob"), block_on("email")]
        training = [block_on("dob"), block_on("email")]
    elif preset == "chicago":
        df = pd.read_csv(os.path.join(d, "dedupe_chicago_sites.csv"), dtype=str, keep_default_na=False)
        truth = df["True Id"]
        df = clean(df[["Site name", "Address", "Zip", "Phone"]].rename(
            columns={"Site name": "site", "Address": "address", "Zip": "zip", "Phone": "phone"}))
        comparisons = [cl.JaroWinklerAtThresholds("site", [0.9, 0.8]), cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
                       cl.ExactMatch("zip"), cl.ExactMatch("phone")]
        blocking = [block_on("zip"), block_on("phone"), block_on("substr(site, 1, 4)"), block_on("substr(address, 1, 5)")]
        training = [block_on("zip"), block_on("phone")]
    elif preset == "senzing":
        key = pd.read_csv(os.path.join(d, "senzing_actual_truthset_key.csv"), dtype=str)
        label = {(r.DATA_SOURCE, r.RECORD_ID): r.CLUSTER_ID for r in key.itertuples()}
        parts = [pd.read_csv(os.path.join(d, f), dtype=str, keep_default_na=False)
                 for f in ("senzing_customers.csv", "senzing_reference.csv", "senzing_watchlist.csv")]
        raw = pd.concat(parts, ignore_index=True).fillna("")
        truth = pd.Series([label.get((s, r), s + r) for s, r in zip(raw["DATA_SOURCE"], raw["RECORD_ID"])])
        df = pd.DataFrame({
            "first_name": raw["PRIMARY_NAME_FIRST"], "surname": raw["PRIMARY_NAME_LAST"],
            "full_name": raw["PRIMARY_NAME_FULL"] + raw["PRIMARY_NAME_ORG"], "dob": raw["DATE_OF_BIRTH"],
            "email": raw["EMAIL_ADDRESS"], "phone": raw["PHONE_NUMBER"].str.replace(r"\D", "", regex=True),
            "address": raw["ADDR_FULL"] + raw["ADDR_LINE1"], "ssn": raw["SSN_NUMBER"]})
        df = clean(df)
        comparisons = [cl.NameComparison("first_name"), cl.NameComparison("surname"), cl.NameComparison("full_name"),
                       cl.ExactMatch("dob"), cl.EmailComparison("email"), cl.ExactMatch("phone"),
                       cl.JaroWinklerAtThresholds("address", [0.9, 0.8]), cl.ExactMatch("ssn")]
        blocking = [block_on("surname"), block_on("first_name"), block_on("phone"), block_on("email"),
                    block_on("full_name"), block_on("dob")]
        training = [block_on("phone"), block_on("surname")]
    elif preset == "gen":
        df = pd.read_csv(d, dtype=str, keep_default_na=False)
        truth = df["truth"]
        df = clean(df[["First Name", "Last Name", "Email", "Phone Number", "Company Name"]].rename(columns={
            "First Name": "first_name", "Last Name": "surname", "Email": "email", "Phone Number": "phone",
            "Company Name": "company"}))
        df["phone"] = df["phone"].str.replace(r"\D", "", regex=True).str[-10:]
        comparisons = [cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                       cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                       cl.EmailComparison("email"), cl.ExactMatch("phone"),
                       cl.JaroWinklerAtThresholds("company", [0.9])]
        blocking = [block_on("email"), block_on("phone"), block_on("surname", "substr(first_name, 1, 1)")]
        training = [block_on("email"), block_on("phone")]
    else:
        raise SystemExit("unknown preset " + preset)
    return df, truth.astype(str).tolist(), comparisons, blocking, training


def main():
    if sys.argv[1] == "--gen":
        preset, d, half = "gen", sys.argv[2], "all"
    else:
        d, preset = sys.argv[1], sys.argv[2]
        half = sys.argv[3] if len(sys.argv) > 3 else "all"
    df, truth, comparisons, blocking, training = load(preset, d)
    if half != "all":
        keep = [half_of(t) == half for t in truth]
        df = df[keep].reset_index(drop=True)
        truth = [t for t, k in zip(truth, keep) if k]
    df.insert(0, "unique_id", range(len(df)))
    start = time.time()
    settings = SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking)
    linker = Linker(df, settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(blocking[:1], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in training:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except Exception as e:  # a rule that leaves nothing to train is skipped, as Splink's demos do
            print("splink: EM on", rule, "skipped:", e, file=sys.stderr)
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    first = None
    best = None
    for t in (0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999):
        c = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, t).as_pandas_dataframe()
        if first is None:
            first = time.time() - start
        cl_of = dict(zip(c["unique_id"], c["cluster_id"]))
        p, r, f = pairwise(truth, [cl_of[i] for i in df["unique_id"]])
        if best is None or f > best[3]:
            best = (t, p, r, f)
    print(json.dumps({"tool": "splink 4", "preset": preset, "half": half, "records": len(df), "seconds": round(first, 2),
                      "threshold": best[0], "pair_precision": round(best[1], 4), "pair_recall": round(best[2], 4),
                      "pair_f1": round(best[3], 4)}))


if __name__ == "__main__":
    main()
