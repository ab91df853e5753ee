package watch

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
)

func TestLimitErrorSaysHowToFixIt(t *testing.T) {
	for errno, want := range map[syscall.Errno]string{
		syscall.ENOSPC: "sudo sysctl fs.inotify.max_user_watches=",
		syscall.EMFILE: "sudo sysctl fs.inotify.max_user_instances=",
	} {
		err := limitError(fmt.Errorf("add content/x: %w", errno))
		var le *LimitError
		if !errors.As(err, &le) || !errors.Is(err, errno) {
			t.Fatalf("%v: got %T %v", errno, err, err)
		}
		if msg := err.Error(); !strings.Contains(msg, want) || !strings.Contains(msg, "--poll") {
			t.Errorf("%v: message lacks the fix:\n%s", errno, msg)
		}
	}
	if err := limitError(errors.New("other")); strings.Contains(err.Error(), "sysctl") {
		t.Errorf("unrelated error got a sysctl hint: %v", err)
	}
}
