package pgtest

import (
	"os/exec"
	"syscall"
)

// runAs makes cmd run as account, and makes a server whose test process
// dies (a go test -timeout, a kill) shut down at once rather than linger.
func runAs(cmd *exec.Cmd, account *account) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGQUIT}
	if account != nil {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(account.uid), Gid: uint32(account.gid)}
	}
}
