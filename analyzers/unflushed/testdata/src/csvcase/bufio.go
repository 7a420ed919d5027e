package csvcase

import (
	"bufio"
	"encoding/csv"
)

// Over a *bufio.Writer the dropped-error rule is off (bufio's error is
// sticky), the missing Flush is still lost data.
func intoBufioNoFlush(w *bufio.Writer, row []string) error {
	cw := csv.NewWriter(w) // want `csv.Writer cw is not flushed before the return`
	if err := cw.Write(row); err != nil {
		return err
	}
	return w.Flush()
}
