package input

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/period"
)

// trickyKindFiles are complaint and survey files made to trip the fast
// path's caches and its slow lane: the spellings of channels and
// categories, scores, count rows of each kind, and the values each column
// refuses, mid-file (the differential tests compare the two paths on them).
func trickyKindFiles(t testing.TB) []struct{ name, content string } {
	const cp = "timestamp,country,channel,category\n"
	const sv = "timestamp,country,respondent,score\n"
	clean := strings.Repeat("2019-03-14T09:30:00+01:00,SE,customer_service,Kort\n2019-03-31T22:30:00Z,NO,arn,Lån\n", 40)
	answers := strings.Repeat("2019-03-14T09:30:00+01:00,SE,R1,5\n2019-03-31T22:30:00Z,NO,R2,1\n", 40)
	far := strings.Repeat("2019-01-31T23:30:00Z,SE,imy,betalningar\n", 2000) // past the decoder's 64 KiB window
	farAnswers := strings.Repeat("2019-01-31T23:30:00Z,SE,R3,4\n", 3000)
	return []struct{ name, content string }{
		{"complaints", cp + clean},
		{"channel spellings", cp + clean + "2019-04-01,SE,Kundservice,x\n2019-04-01,SE, IMY ,x\n2019-04-01,SE,sociala medier,x\n2019-04-01,SE,kund-service,x\n2019-04-01,SE,Allmänna reklamationsnämnden,x\n2019-04-01,SE,FI,x\n" + clean},
		{"unknown channel", cp + clean + "2019-04-01,SE,fax,x\n" + clean},
		// The same keys with their letters decomposed (macOS) and with
		// invisible format characters: each raw cell is cached apart, and
		// every one maps to the one key.
		{"lookalike spellings", cp + clean + lookalikes + clean + lookalikes},
		{"lookalike count rows", "month,country,channel,category,complaints\n" + strings.Repeat(
			"2019-01,SE,arn,\u00e5terbetalning,1\n2019-01,SE,arn,a\u030aterbetalning,2\n2019-01,SE\u200b,Allma\u0308nna reklamationsna\u0308mnden,fees,3\n2019-01,SE,arn,fees\u200b,4\n", 30)},
		{"empty channels and categories", cp + clean + "2019-04-01,SE,,\n2019-04-01,SE, , \n2019-04-01,SE,arn,\n" + clean},
		{"category spellings", cp + clean + "2019-04-01,SE,arn,  Kort   och  LÅN \n2019-04-01,SE,arn,kort och lån\n2019-04-01,SE,arn,KORT\tOCH\tLÅN\n2019-04-01,SE,arn,Ärende\u00a0x\n" + clean},
		{"control characters in channels and categories", cp + clean + "2019-04-01,SE,arn,Ko\x01rt\n2019-04-01,SE,a\x02rn,Kort\n2019-04-01,SE,arn,\x7f\n" + clean},
		{"invalid utf-8 in a category after a valid window", cp + "2019-04-01,SE,arn,Lån\n" + far + "2019-04-01,SE,arn,L\xe5n\n" + clean},
		{"windows-1252 category past the window", cp + far + "2019-04-01,SE,arn,L\xe5n\n" + clean},
		{"utf-8 category past the window", cp + far + "2019-04-01,SE,arn,Lån\n" + clean},
		{"complaints with CRLF", strings.ReplaceAll(cp+clean+"2019-04-01,SE,arn,Kort\r\r\n2019-04-01,SE,arn,Ko\rrt\n", "\n", "\r\n")},
		{"a carriage return inside a line", cp + clean + "2019-04-01,SE,arn\r,Kort\n2019-04-01,SE,arn,Kort\r\n2019-04-01,SE,arn,Kort\r" + "\n" + clean},
		{"complaints without a final line break", cp + clean + "2019-04-01,SE,arn,Kort"},
		{"complaints, final carriage return", cp + clean + "2019-04-01,SE,arn,Kort\r"},
		{"complaints, ragged", cp + clean + "2019-04-01,SE,arn\n2019-04-01,SE,arn,Kort,\n2019-04-01,SE,arn,Kort,x\n" + clean},
		{"many categories", cp + manyCategories(5000) + clean},
		{"complaint count rows", "month,country,channel,category,complaints\n2019-01,SE,customer_service,Kort,12\n2019-01,SE,Kundservice,kort,3\n2019-02,NO,imy,Lån,007\n2019-02,NO,imy,Lån,x\n"},
		{"complaints in another column order", "category;channel;note;date;country\nKort;arn;a b;2019-04-01;se\nLån;FI;;2019-04-02;SE\n"},
		{"complaints without a country column", "date,channel,category\n2019-04-01,arn,Kort\n2019-04-02,customer_service,Lån\n"},
		{"surveys", sv + answers},
		{"score spellings", sv + answers + "2019-04-01,SE,R,05\n2019-04-01,SE,R, 4\n2019-04-01,SE,R,3 \n2019-04-01,SE,R,0002\n" + answers},
		{"bad scores", sv + answers + "2019-04-01,SE,R,0\n" + answers + "2019-04-01,SE,R,6\n2019-04-01,SE,R,5.0\n2019-04-01,SE,R,\n2019-04-01,SE,R,x\n"},
		{"score past the window", sv + farAnswers + "2019-04-01,SE,R,9\n" + answers},
		{"survey count rows", "month,country,score,responses\n2020-01,SE,1,1690\n2020-01,SE,2,1783\n2020-01,SE,5,0\n2020-02,SE,5, 12\n2020-02,SE,4,-1\n"},
		{"surveys with CRLF", strings.ReplaceAll(sv+answers+"2019-04-01,SE,R,4\r\n", "\n", "\r\n")},
	}
}

// lookalikes are complaints whose country, channel and category are each
// written in several ways that look the same: Swedish letters precomposed
// and decomposed, and a zero-width space, soft hyphen, word joiner, joiners
// or byte-order mark in the cell. They are two keys: arn's återbetalning
// (4 rows) and konsumentverket's fees (4 rows), all in Sweden.
const lookalikes = "2019-04-01,SE,Allm\u00e4nna reklamationsn\u00e4mnden,\u00c5terbetalning\n" +
	"2019-04-01,SE,Allma\u0308nna reklamationsna\u0308mnden,A\u030aterbetalning\n" +
	"2019-04-01,SE\u200b,arn,a\u030aterbetalning\u200b\n" +
	"2019-04-01,\ufeffSE,ARN\u2060,\u00e5ter\u00adbetalning\n" +
	"2019-04-01,SE,konsumentverket,fees\n" +
	"2019-04-01,SE,Konsumentverket\u200b,fees\u200b\n" +
	"2019-04-01,SE,konsument\u00adverket,\ufefffees\n" +
	"2019-04-01,S\u200dE,\u200ckonsumentverket,FEES\u200d\n"

func manyCategories(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "2019-04-01,SE,arn,Kategori %d\n2019-04-02,SE,imy,KATEGORI  %d\n", i, i)
	}
	return b.String()
}

// TestFastPathReadsEveryKindWhole checks that files of every kind, clean
// but written as people write them, are read by the fast path to their end,
// with the sums the general reader gives: the differential tests would pass
// as well if the fast path gave every line to the general reader.
func TestFastPathReadsEveryKindWhole(t *testing.T) {
	withBlockSize(t, 256)
	cfg := testConfig(t)
	spellings := strings.Repeat("2019-01-31T23:30:00Z,se,Kundservice,Kort  och lån\n2019-02-01,NO,IMY,kort och lån\n2019-02-01 10:00:00,NO, arn ,\n", 400)
	tests := []struct {
		name, content string
		kind          Kind
	}{
		{"purchases", "timestamp,country,amount\n" + strings.Repeat("2019-01-31T23:30:00Z,SE,1\n2019-02-01,NO,2\n", 2000), Transactions},
		{"complaints with Swedish letters from the start", "timestamp,country,channel,category\n" + spellings, Complaints},
		{"complaints with the first Swedish letter past the window", "timestamp,country,channel,category\n" +
			strings.Repeat("2019-01-31T23:30:00Z,SE,arn,Kort\n", 3000) + spellings, Complaints},
		{"complaints with CRLF", strings.ReplaceAll("timestamp,country,channel,category\n"+spellings, "\n", "\r\n"), Complaints},
		// More tails (the cells after the period) than a worker caches:
		// then it reads them cell by cell.
		{"complaints of many tails", "timestamp,country,channel,category\n" + manyCategories(3000) + spellings, Complaints},
		{"complaints of lookalike spellings", "timestamp,country,channel,category\n" + strings.Repeat(lookalikes, 300), Complaints},
		{"complaints in Windows-1252", windows1252(t, "timestamp;country;channel;category\n"+strings.ReplaceAll(spellings, ",", ";")), Complaints},
		{"complaint count rows", "month,country,channel,category,complaints\n" + strings.Repeat("2019-01,SE,customer_service,Kort,12\n2019-01,SE,fi,,3\n", 2000), Complaints},
		{"survey answers", "timestamp,country,score\n" + strings.Repeat("2019-01-31T23:30:00Z,SE,5\n2019-02-01,NO,1\n2019-02-01,NO,05\n", 1000), Surveys},
		{"survey count rows", "month,country,score,responses\n" + strings.Repeat("2019-01,SE,5,120\n2019-01,SE,4,0\n", 2000), Surveys},
	}
	for _, tt := range tests {
		src := stringSource("in.csv", tt.content)
		recs, err := openRecords(src, cfg)
		if err != nil {
			t.Fatal(err)
		}
		header, err := recs.Header()
		if err != nil {
			t.Fatal(err)
		}
		cols, derr := bindColumns(tt.kind, header, recs.(delimited).Delimiter(), nil)
		if derr != nil {
			t.Fatal(derr)
		}
		fast := map[fastSumKey]int64{}
		got, err := recs.(summer).sumRows(cols, header, 0, "SE", nil, cfg, func(r *Row) error {
			fast[fastSumKey{r.Month.String(), r.Country, r.Channel, r.Category, r.Score}] += r.Count
			return nil
		})
		recs.Close()
		if err != nil || !recs.(*csvRecords).summedAll {
			t.Errorf("%s: the fast path stopped (%v)", tt.name, err)
			continue
		}
		general := map[fastSumKey]int64{}
		stats, err := Read(src, tt.kind, cfg, func(r *Row) error {
			general[fastSumKey{r.Month.String(), r.Country, r.Channel, r.Category, r.Score}] += r.Count
			return nil
		})
		if err != nil || stats.Rows != got.rows || fmt.Sprint(fast) != fmt.Sprint(general) {
			t.Errorf("%s: fast path %d rows %v\ngeneral reader %d rows %v, %v", tt.name, got.rows, fast, stats.Rows, general, err)
		}
	}
}

// TestFastPathMergesLookalikes: the keys written in ways that look the
// same are one key each on the fast path too, whose caches hold the raw
// cells: each distinct raw cell maps to the normalised name.
func TestFastPathMergesLookalikes(t *testing.T) {
	withBlockSize(t, 256)
	content := "timestamp,country,channel,category\n" + strings.Repeat(lookalikes, 300)
	for _, read := range []struct {
		name string
		read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
	}{{"general reader", Read}, {"fast path", ReadSummed}} {
		got := readOutcome(read.read, "in.csv", []byte(content), Complaints, testConfig(t))
		april := period.MonthOf(2019, 4)
		want := map[sumKey]int64{
			{april, "SE", "arn", "\u00e5terbetalning", 0}: 1200,
			{april, "SE", "konsumentverket", "fees", 0}:   1200,
		}
		if got.err != nil || !reflect.DeepEqual(got.sums, want) {
			t.Errorf("%s: %v, %v; want %v", read.name, got.sums, got.err, want)
		}
	}
}

type fastSumKey struct {
	month, country, channel, category string
	score                             int
}

// TestFastEqualsGeneralOnFiles compares the two paths on the tricky files
// written to disk, where the fast path reads the file at its offsets
// (fileBlocks) rather than as a stream: every cut, every stop and every
// hand-over at a block, with the text read ahead before the first.
func TestFastEqualsGeneralOnFiles(t *testing.T) {
	cfg := testConfig(t)
	dir := t.TempDir()
	files := append(trickyFiles(t), trickyKindFiles(t)...)
	files = append(files, struct{ name, content string }{"many rows", "timestamp,country,score\n" +
		strings.Repeat("2019-01-31T23:30:00Z,SE,5\n2019-02-01,NO,1\n", 20_000) + "2019-02-30,SE,1\n" + strings.Repeat("2019-02-01,NO,1\n", 10_000)})
	for _, size := range []int{1 << 18, 4096, 100} {
		withBlockSize(t, size)
		for i, tt := range files {
			path := filepath.Join(dir, fmt.Sprintf("%d.csv", i))
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, kind := range Kinds {
				general := fileOutcome(Read, path, kind, cfg)
				fast := fileOutcome(ReadSummed, path, kind, cfg)
				if !sameError(general.err, fast.err) || general.stats != fast.stats || !reflect.DeepEqual(general.sums, fast.sums) {
					t.Fatalf("%s as %s (blocks of %d): the paths differ\ngeneral: %v %+v %v\nfast:    %v %+v %v",
						tt.name, kind, size, general.err, general.stats, general.sums, fast.err, fast.stats, fast.sums)
				}
			}
		}
	}
}

func fileOutcome(read func(Source, Kind, Config, func(*Row) error) (FileStats, error), path string, kind Kind, cfg Config) outcome {
	o := outcome{sums: map[sumKey]int64{}}
	o.stats, o.err = read(FileSource(path), kind, cfg, func(r *Row) error {
		o.sums[sumKey{r.Month, r.Country, r.Channel, r.Category, r.Score}] += r.Count
		return nil
	})
	if de, ok := o.err.(*DataError); ok {
		de.File = filepath.Base(de.File)
	}
	o.stats.Path = filepath.Base(o.stats.Path)
	return o
}

// TestFastPathLeavesManyCategories checks that a file of more distinct
// categories than the fast path names (maxNames, here made small) is read
// by it up to the first category beyond them, and by the general reader
// from there, with the same sums and errors.
func TestFastPathLeavesManyCategories(t *testing.T) {
	saved := maxNames[categoryNames]
	maxNames[categoryNames] = 8
	t.Cleanup(func() { maxNames[categoryNames] = saved })
	withBlockSize(t, 256)
	cfg := testConfig(t)
	content := "timestamp,country,channel,category\n" + strings.Repeat("2019-03-14T09:30:00+01:00,SE,arn,Kort\n", 200) + manyCategories(20)
	compareReaders(t, "many.csv", []byte(content), Complaints, cfg)

	recs, err := openRecords(stringSource("many.csv", content), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	header, err := recs.Header()
	if err != nil {
		t.Fatal(err)
	}
	cols, derr := bindColumns(Complaints, header, recs.(delimited).Delimiter(), nil)
	if derr != nil {
		t.Fatal(derr)
	}
	got, err := recs.(summer).sumRows(cols, header, 0, "SE", nil, cfg, func(*Row) error { return nil })
	if err != nil || recs.(*csvRecords).summedAll || got.rows < 200 {
		t.Errorf("the fast path read %d rows (%v), to the end: %v; want the 200 rows of Kort and more, and a stop", got.rows, err, recs.(*csvRecords).summedAll)
	}
}
