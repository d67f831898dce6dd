//go:build unix

package pgtest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A server starts, answers, runs as an unprivileged user without TCP, and
// is gone, files and process, when its test ends.
func TestStartStop(t *testing.T) {
	var srv *Server
	t.Run("server", func(t *testing.T) {
		srv = Start(t)
		t.Logf("PostgreSQL %s ready in %s at %s", srv.Version, srv.Startup, srv.URL())
		conn := srv.Connect(t)
		srv.Exec(t, "CREATE TABLE t (n int); INSERT INTO t VALUES (20), (22)")
		var sum int64
		var listen string
		if err := conn.QueryRow(context.Background(), "SELECT sum(n), current_setting('listen_addresses') FROM t").Scan(&sum, &listen); err != nil {
			t.Fatal(err)
		}
		if sum != 42 || listen != "" {
			t.Errorf("sum %d, listen_addresses %q; want 42 and no TCP", sum, listen)
		}
		fi, err := os.Stat(srv.data())
		if err != nil {
			t.Fatal(err)
		}
		if owner := fi.Sys().(*syscall.Stat_t).Uid; os.Geteuid() == 0 && owner == 0 {
			t.Errorf("the data directory belongs to root; the server should run as an unprivileged user")
		}

		// Another role needs its password; the superuser does not.
		srv.Exec(t, "CREATE ROLE reader LOGIN PASSWORD 'right horse'")
		for _, tt := range []struct {
			url    string
			wantOK bool
		}{
			{srv.URLFor("reader", "right horse"), true},
			{srv.URLFor("reader", "wrong horse"), false},
			{srv.URLFor("reader", ""), false},
		} {
			c, err := pgx.Connect(context.Background(), tt.url)
			var pe *pgconn.PgError
			switch {
			case tt.wantOK && err != nil:
				t.Errorf("%s: %v", tt.url, err)
			case !tt.wantOK && !(errors.As(err, &pe) && pe.Code == "28P01"):
				t.Errorf("%s: err %v, want SQLSTATE 28P01 (invalid password)", tt.url, err)
			}
			if err == nil {
				c.Close(context.Background())
			}
		}
	})
	if srv == nil {
		return // skipped
	}
	if _, err := os.Stat(srv.dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s still there after the test: %v", srv.dir, err)
	}
	if _, err := os.Stat(filepath.Join(srv.dir, ".s.PGSQL.5432")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket still there: %v", err)
	}
	if err := srv.process.Signal(syscall.Signal(0)); err == nil {
		t.Errorf("postgres (pid %d) still running after the test", srv.process.Pid)
	}
}
