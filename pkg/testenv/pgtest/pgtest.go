// Package pgtest starts a throwaway PostgreSQL server for a test: a new
// cluster (initdb) in a temporary directory, listening only on a Unix
// socket in that directory (no TCP), run as an unprivileged user when the
// test runs as root (PostgreSQL refuses root), stopped and removed when
// the test ends. Without PostgreSQL on the machine the test is skipped, or
// fails under testenv.RequireVar.
//
//	srv := pgtest.Start(t)
//	conn := srv.Connect(t)
//	srv.Exec(t, "CREATE TABLE purchases (created_at timestamptz)")
//	// srv.URL() for code that connects by itself (as the superuser, without
//	// a password); srv.URLFor(role, password) as a role of the test's making,
//	// which needs its password.
package pgtest

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nollmission/nollmission/pkg/testenv"
)

// Install is how to get PostgreSQL, for skip messages.
const Install = "apt-get install postgresql"

// Superuser is the database superuser of the cluster, and Database the
// database URL names.
const (
	Superuser = "postgres"
	Database  = "postgres"
)

// port names the socket file (.s.PGSQL.<port>) in the server's own
// directory; nothing listens on TCP, so it cannot clash with another server.
const port = 5432

// The server is given this long to start and to stop: far more than it
// needs (about a second here), so that only a broken server trips it.
const patience = 60 * time.Second

// Server is a running PostgreSQL server.
type Server struct {
	dir     string // owned by the server's user: data/, the socket, server.log
	process *os.Process
	exited  chan error // receives the server's exit
	// Version is the server's version, such as "15.18".
	Version string
	// Startup is how long initdb and the start took.
	Startup time.Duration
}

// Start starts a server for t and stops it, removing its files, when t
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := findBinaries(t)
	account := serverAccount(t)
	began := time.Now()

	// Not t.TempDir: its parent is private to the user running the test,
	// and the server's user must be able to reach its own directory.
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{dir: dir, exited: make(chan error, 1)}
	t.Cleanup(s.remove(t))
	if account != nil {
		if err := os.Chown(dir, account.uid, account.gid); err != nil {
			t.Fatalf("pgtest: giving %s to user %s: %v", dir, account.name, err)
		}
	}

	initdb := s.command(bin, account, "initdb", "--pgdata", s.data(), "--username", Superuser,
		"--auth", "trust", "--encoding", "UTF8", "--no-locale", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}
	s.writeHBA(t, account)

	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	server := s.command(bin, account, "postgres", "-D", s.data(), "-k", dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=",
		// A throwaway cluster needs no durability.
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	server.Stdout, server.Stderr = logFile, logFile
	if err := server.Start(); err != nil {
		t.Fatalf("pgtest: starting postgres: %v", err)
	}
	s.process = server.Process
	go func() { s.exited <- server.Wait() }()

	s.awaitReady(t)
	s.Startup = time.Since(began)
	return s
}

// URL is a postgres:// URL of the server's database for pgx, with the
// socket directory as host, as the superuser, who needs no password.
func (s *Server) URL() string { return s.URLFor(Superuser, "") }

// URLFor is URL as another role, which needs its password (made with
// CREATE ROLE … LOGIN PASSWORD '…'): in the URL, or none ("") for code
// that finds it elsewhere (PGPASSWORD, a password file).
func (s *Server) URLFor(user, password string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(user),
		Path:     "/" + Database,
		RawQuery: url.Values{"host": {s.dir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}.Encode(),
	}
	if password != "" {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

// Port is the port number in the socket's name, as a password file
// (host localhost for a socket) names it.
const Port = port

// writeHBA lets the superuser in without a password and asks every other
// role for its own, so that tests can check authentication failures.
func (s *Server) writeHBA(t testing.TB, account *account) {
	t.Helper()
	path := filepath.Join(s.data(), "pg_hba.conf")
	hba := "local all " + Superuser + " trust\nlocal all all scram-sha-256\n"
	if err := os.WriteFile(path, []byte(hba), 0o600); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if account != nil {
		if err := os.Chown(path, account.uid, account.gid); err != nil {
			t.Fatalf("pgtest: %v", err)
		}
	}
}

// Connect opens a connection that is closed when t ends.
func (s *Server) Connect(t testing.TB) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), s.URL())
	if err != nil {
		t.Fatalf("pgtest: connecting: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Exec runs statements (several, separated by semicolons, when args is
// empty) on a connection of its own, failing t on an error.
func (s *Server) Exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), s.URL())
	if err != nil {
		t.Fatalf("pgtest: connecting: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("pgtest: %v\n%s", err, sql)
	}
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// awaitReady waits until the server takes connections, or fails t with
// its log when it exits or does not get ready.
func (s *Server) awaitReady(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgx.Connect(ctx, s.URL())
		cancel()
		if err == nil {
			s.Version = strings.TrimSuffix(conn.PgConn().ParameterStatus("server_version"), " ")
			conn.Close(context.Background())
			return
		}
		select {
		case exitErr := <-s.exited:
			s.exited <- exitErr // for remove
			t.Fatalf("pgtest: postgres exited (%v) before taking connections:\n%s", exitErr, s.log())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("pgtest: postgres took no connection in %s (last: %v):\n%s", patience, err, s.log())
		}
	}
}

// remove stops the server with a fast shutdown (open sessions are ended)
// and deletes its directory.
func (s *Server) remove(t testing.TB) func() {
	return func() {
		if s.process != nil {
			_ = s.process.Signal(syscall.SIGINT)
			select {
			case <-s.exited:
			case <-time.After(patience):
				_ = s.process.Kill()
				<-s.exited
				t.Errorf("pgtest: postgres did not stop in %s; killed:\n%s", patience, s.log())
			}
		}
		if err := os.RemoveAll(s.dir); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	}
}

func (s *Server) log() string {
	b, err := os.ReadFile(filepath.Join(s.dir, "server.log"))
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// command is one of the server's programs, run as account (nil: as the
// test's user) with a fixed, small environment.
func (s *Server) command(bin string, account *account, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.dir, "LC_ALL=C", "TZ=UTC"}
	runAs(cmd, account)
	return cmd
}

// findBinaries returns the directory of initdb and postgres of one
// installation: the newest of Debian's /usr/lib/postgresql/<version>/bin,
// else the one on PATH.
func findBinaries(t testing.TB) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	for _, d := range dirs {
		if isExecutable(filepath.Join(d, "initdb")) && isExecutable(filepath.Join(d, "postgres")) {
			return d
		}
	}
	testenv.Missing(t, "PostgreSQL", Install)
	return ""
}

func versionOf(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// account is the unprivileged user the server runs as when the test runs
// as root.
type account struct {
	name     string
	uid, gid int
}

// serverAccount is nil when the test's own user can run the server, else
// Debian's postgres user or, failing that, nobody.
func serverAccount(t testing.TB) *account {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	var errs []error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err := errors.Join(err1, err2); err != nil {
			errs = append(errs, err)
			continue
		}
		return &account{name: name, uid: uid, gid: gid}
	}
	t.Fatalf("pgtest: running as root, and no unprivileged user to run PostgreSQL as: %v", errors.Join(errs...))
	return nil
}
