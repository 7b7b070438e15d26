//go:build ignore

// Command generate writes given.txt, nicknames.txt and roles.txt from the
// published files they are compacted from (NOTICE says where each comes
// from):
//
//	cd match/namedata
//	go run generate.go -census DIR -nicknames FILE -roles FILE
//
// DIR holds the U.S. Census Bureau's 1990 name files dist.female.first,
// dist.male.first and dist.all.last (as shipped in PyPI's names 0.3.0,
// names/); -nicknames is names.csv of PyPI's nicknames 1.0.1
// (nicknames/names.csv); -roles is src/index.js of npm's
// role-based-email-addresses 3.1.0, and needs -census. Only the files of
// the flags given are written (given.txt with -census). The output is
// sorted and deterministic: running it again on the same files changes
// nothing.
package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	census := flag.String("census", "", "folder with dist.female.first and dist.male.first")
	nicknames := flag.String("nicknames", "", "names.csv of the nicknames package")
	roles := flag.String("roles", "", "src/index.js of the role-based-email-addresses package")
	flag.Parse()
	if *census == "" && *nicknames == "" && *roles == "" {
		log.Fatal("usage: go run generate.go [-census DIR] [-nicknames FILE] [-roles FILE]")
	}
	if *census != "" {
		if err := writeGiven(*census, "given.txt"); err != nil {
			log.Fatal(err)
		}
	}
	if *nicknames != "" {
		if err := writeNicknames(*nicknames, "nicknames.txt"); err != nil {
			log.Fatal(err)
		}
	}
	if *roles != "" {
		if *census == "" {
			log.Fatal("-roles needs -census: the census names are left out of the roles")
		}
		if err := writeRoles(*roles, *census, "roles.txt"); err != nil {
			log.Fatal(err)
		}
	}
}

// writeRoles writes the role-account local parts that src/index.js of
// role-based-email-addresses lists (its single-quoted array entries),
// folded as match compares local parts (lower case; dots, hyphens and
// underscores left out; trailing digits dropped), one a line, sorted,
// without duplicates, and without those a person's own address is as
// likely to be: a census given name (sydney, paris), or a census surname
// borne by 0.001 % of people or more (gardner, church, pastor). Entries of
// digits alone fold to nothing and are left out.
func writeRoles(file, census, out string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("roles: %w", err)
	}
	names, err := censusNames(census)
	if err != nil {
		return fmt.Errorf("roles: %w", err)
	}
	seen := map[string]bool{}
	listed := 0
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "'") {
			continue
		}
		end := strings.IndexByte(line[1:], '\'')
		if end < 0 {
			return fmt.Errorf("roles: unterminated entry %q", line)
		}
		listed++
		role := strings.TrimRight(strings.NewReplacer(".", "", "-", "", "_", "").Replace(strings.ToLower(line[1:1+end])), "0123456789")
		if role != "" && !names[role] {
			seen[role] = true
		}
	}
	if listed < 100 {
		return fmt.Errorf("roles: %d entries in %s, want the package's list (about a thousand)", listed, file)
	}
	var b strings.Builder
	b.WriteString("# role-account local parts of role-based-email-addresses 3.1.0's src/index.js, folded, less census names (NOTICE)\n")
	for _, role := range slices.Sorted(maps.Keys(seen)) {
		fmt.Fprintf(&b, "%s\n", role)
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// censusNames returns the census given names (any frequency) and the
// surnames borne by 0.001 % of people or more, lower-cased, from dir's
// dist.female.first, dist.male.first and dist.all.last.
func censusNames(dir string) (map[string]bool, error) {
	names := map[string]bool{}
	for _, file := range []string{"dist.female.first", "dist.male.first", "dist.all.last"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			fields := strings.Fields(line)
			if len(fields) != 4 {
				continue
			}
			if file == "dist.all.last" {
				if pct, err := strconv.ParseFloat(fields[1], 64); err != nil || pct < 0.001 {
					continue
				}
			}
			names[strings.ToLower(fields[0])] = true
		}
	}
	return names, nil
}

// writeGiven writes one line per given name: the name lower-cased, then
// its frequency among women and among men in thousandths of a percent
// (the census files' three decimals), tab-separated, sorted by name.
func writeGiven(dir, out string) error {
	freq := map[string][2]int{}
	for i, file := range []string{"dist.female.first", "dist.male.first"} {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			return fmt.Errorf("census: %w", err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 {
				continue
			}
			if len(fields) != 4 {
				f.Close()
				return fmt.Errorf("census: %s line %d: want 4 fields, got %d", file, line, len(fields))
			}
			pct, err := strconv.ParseFloat(fields[1], 64)
			if err != nil {
				f.Close()
				return fmt.Errorf("census: %s line %d: %w", file, line, err)
			}
			name := strings.ToLower(fields[0])
			v := freq[name]
			v[i] = int(pct*1000 + 0.5)
			freq[name] = v
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return fmt.Errorf("census: %s: %w", file, err)
		}
	}
	var b strings.Builder
	b.WriteString("# name\tfemale\tmale: frequency in thousandths of a percent (U.S. Census 1990; NOTICE)\n")
	for _, name := range slices.Sorted(maps.Keys(freq)) {
		fmt.Fprintf(&b, "%s\t%d\t%d\n", name, freq[name][0], freq[name][1])
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// writeNicknames writes one line per name that has nicknames: the name,
// then its nicknames, space-separated and sorted, lines sorted by name.
func writeNicknames(file, out string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("nicknames: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("nicknames: header: %w", err)
	}
	if !slices.Equal(header, []string{"name1", "relationship", "name2"}) {
		return fmt.Errorf("nicknames: header %q, want name1,relationship,name2", header)
	}
	nicks := map[string][]string{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("nicknames: %w", err)
		}
		if rec[1] != "has_nickname" {
			continue // translations (is_translation_of:en-sp) are not nicknames
		}
		name, nick := strings.ToLower(strings.TrimSpace(rec[0])), strings.ToLower(strings.TrimSpace(rec[2]))
		if name == "" || nick == "" || name == nick || strings.ContainsAny(name+nick, " \t") {
			return fmt.Errorf("nicknames: line %q: want two different one-word names", strings.Join(rec, ","))
		}
		if !slices.Contains(nicks[name], nick) {
			nicks[name] = append(nicks[name], nick)
		}
	}
	var b strings.Builder
	b.WriteString("# name nickname...: the has_nickname relations of nicknames 1.0.1's names.csv (NOTICE)\n")
	for _, name := range slices.Sorted(maps.Keys(nicks)) {
		slices.Sort(nicks[name])
		fmt.Fprintf(&b, "%s %s\n", name, strings.Join(nicks[name], " "))
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}
