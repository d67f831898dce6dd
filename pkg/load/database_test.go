package load

import (
	"errors"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

func TestSafeURL(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"postgres://reader:s3cret@db.example:5432/bank", "postgres://reader@db.example:5432/bank"},
		{"postgresql://reader@db.example/bank?sslmode=verify-full", "postgresql://reader@db.example/bank?sslmode=verify-full"},
		{"postgres://reader@db/bank?password=s3cret&sslmode=require", "postgres://reader@db/bank?sslmode=require"},
		{"postgres://reader@db/bank?sslpassword=s3cret", "postgres://reader@db/bank"},
		{"postgres://reader:p%40ss@db/bank#frag", "postgres://reader@db/bank"},
		{"postgres://db/bank", "postgres://db/bank"},
		{"postgres://postgres@/postgres?host=/tmp/pg&port=5432", "postgres://postgres@/postgres?host=%2Ftmp%2Fpg&port=5432"},
		// Not a URL: nothing of it is shown.
		{"host=db user=reader password=s3cret", redactedURL},
		{"postgres://reader:s3cret@db:port/bank", redactedURL},
		{"postgres:reader:s3cret", redactedURL},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.raw); got != tt.want {
			t.Errorf("SafeURL(%q) = %q, want %q", tt.raw, got, tt.want)
		}
		if strings.Contains(SafeURL(tt.raw), "s3cret") {
			t.Errorf("SafeURL(%q) shows the password", tt.raw)
		}
	}
}

func TestCheckDatabaseURL(t *testing.T) {
	for _, ok := range []string{"postgres://db/bank", "postgresql://reader@db:5432/bank?sslmode=require"} {
		if err := CheckDatabaseURL(ok); err != nil {
			t.Errorf("CheckDatabaseURL(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"mysql://reader:s3cret@db/bank", "host=db password=s3cret", "postgres://reader:s3cret@db:port/bank", ""} {
		err := CheckDatabaseURL(bad)
		var ee *exit.Error
		if !errors.As(err, &ee) || ee.Code != exit.Usage {
			t.Errorf("CheckDatabaseURL(%q) = %v, want a usage error", bad, err)
			continue
		}
		if strings.Contains(err.Error()+ee.Hint, "s3cret") {
			t.Errorf("CheckDatabaseURL(%q) repeats the password: %v", bad, err)
		}
	}
}

// TestScrub checks that a message loses the URL as given and every form of
// the password, whatever pgx or the server put in it.
func TestScrub(t *testing.T) {
	t.Setenv("PGPASSWORD", "env-secret")
	raw := "postgres://reader:p%40ss%20w0rd@db/bank?password=q%26x"
	db := &database{name: SafeURL(raw), secrets: append(urlSecrets(raw), "pgpass-secret")}
	msg := "cannot parse `" + raw + "`: with p@ss w0rd, p%40ss+w0rd, p%40ss%20w0rd, q&x, env-secret and pgpass-secret"
	got := db.scrub(msg)
	want := "cannot parse `postgres://reader@db/bank`: with xxxxx, xxxxx, xxxxx, xxxxx, xxxxx and xxxxx"
	if got != want {
		t.Errorf("scrub:\n got %q\nwant %q", got, want)
	}
}

func TestColumnField(t *testing.T) {
	m := warehouse.Mapping{Table: "t", Period: "created_at", Country: `Land "kod"`, Channel: "ch", Category: "cat", Count: "n"}
	tests := []struct{ message, want string }{
		{`column "created_at" does not exist`, "period"},
		{`column "Land ""kod""" does not exist`, "country"},
		{`column "ch" does not exist`, "channel"},
		{`column "n" does not exist`, "count"},
		{`column "other" does not exist`, ""},
		{`relation "t" does not exist`, ""},
	}
	for _, tt := range tests {
		if got := columnField(tt.message, m); got != tt.want {
			t.Errorf("columnField(%q) = %q, want %q", tt.message, got, tt.want)
		}
	}
}

func TestMonthProblem(t *testing.T) {
	tests := []struct {
		month string
		want  periodProblem
	}{
		{"2019-03", periodFine},
		{"2019-13", periodFine}, // the reader refuses it, naming the row
		{"", periodNull},
		{"infinity", periodInfinite},
		{"-infinity", periodInfinite},
		{"0044-03-15 BC", periodBC},
		{"0001-12-31 23:30:00 BC", periodBC},
		{"10000-01-05", periodLate},
		{"10000-01-05 10:00:00", periodLate},
		{"2019-03-01", periodFine}, // not the query's: the reader judges it
		{"nonsense", periodFine},
	}
	for _, tt := range tests {
		if got := monthProblem(tt.month); got != tt.want {
			t.Errorf("monthProblem(%q) = %d, want %d", tt.month, got, tt.want)
		}
	}
}
