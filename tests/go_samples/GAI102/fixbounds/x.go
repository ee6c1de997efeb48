// Package fixbounds: GAI102's capacity fix only where it provably covers every send.
package fixbounds

func first(xs []string, run func(string) int) int {
	out := make(chan int)
	for _, x := range xs {
		go func(x string) {
			out <- run(x) // want "GAI102 .*make\\(chan int, len\\(xs\\)\\)"
		}(x)
	}
	return <-out
}

func rounds(n int, xs []string, run func(string) int) int {
	out := make(chan int)
	for i := 0; i < n; i++ {
		for _, x := range xs {
			go func(x string) {
				out <- run(x) // want "GAI102"
			}(x)
		}
	}
	return <-out
}

func counted(n int, run func(int) int) int {
	out := make(chan int)
	for i := range n {
		go func(i int) {
			out <- run(i) // want "GAI102"
		}(i)
	}
	return <-out
}

func fromChannel(in chan string, run func(string) int) int {
	out := make(chan int)
	for x := range in {
		go func(x string) {
			out <- run(x) // want "GAI102"
		}(x)
	}
	return <-out
}

func regrown(xs []string, run func(string) int) int {
	out := make(chan int)
	xs = append(xs, "extra")
	for _, x := range xs {
		go func(x string) {
			out <- run(x) // want "GAI102"
		}(x)
	}
	return <-out
}

func handedOn(xs []string, run func(string) int, also func(chan int)) int {
	out := make(chan int)
	for _, x := range xs {
		go func(x string) {
			out <- run(x) // want "GAI102"
			also(out)
		}(x)
	}
	return <-out
}

func early(run func() (int, error), check func() error) (int, error) {
	out := make(chan int)
	go func() {
		out <- 1 // want "GAI102 .*make\\(chan int, 1\\)"
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-out, nil
}
