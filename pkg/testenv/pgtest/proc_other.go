//go:build !linux

package pgtest

import "os/exec"

// runAs runs cmd as the test's own user: dropping root is done on Linux
// only, where the tests run as root; elsewhere initdb refuses root itself.
func runAs(cmd *exec.Cmd, account *account) {}
