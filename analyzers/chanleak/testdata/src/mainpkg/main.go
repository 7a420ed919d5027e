// Command mainpkg returns from main.main with a goroutine blocked on its
// send: the program ends there, so nothing is left behind.
package main

import "os"

func main() {
	ch := make(chan int)
	go func() {
		ch <- len(os.Args)
	}()
	if len(os.Args) > 1 {
		return
	}
	<-ch
}
