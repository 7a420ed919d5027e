package corpus

import (
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// PollOther polls another writer's buffer: w's false is still ignored.
func PollOther(w, other *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			for other.Buffered() > 0 {
				time.Sleep(time.Millisecond)
			}
		}
	}
}

// A loop that does not test the buffer is no wait when its condition is
// false at once.
func NotPolling(w *flowrt.Writer[int], vs []int, n int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			for i := 0; i < n; i++ {
				time.Sleep(time.Millisecond)
			}
		}
	}
}
