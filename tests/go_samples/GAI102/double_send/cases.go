package double

import "context"

// Case is one call of the package's functions and whether it leaves a goroutine behind.
type Case struct {
	Name  string
	Run   func()
	Leaks bool
}

// Cases drives every function down the path that sends twice (or would).
func Cases() []Case {
	bg := context.Background()
	cancelled, cancel := context.WithCancel(bg)
	cancel()
	return []Case{
		{"missingReturn", func() { _ = missingReturn(true) }, true},
		{"twoSteps", func() { _ = twoSteps(true) }, true},
		{"progressThenResult", func() { _ = progressThenResult() }, true},
		{"twoIndependentIfs", func() { _ = twoIndependentIfs(true, true) }, true},
		{"switchThenTail", func() { _ = switchThenTail(1) }, true},
		{"nestedIfSend", func() { _ = nestedIfSend(true, true) }, true},
		{"resultStruct", func() { _ = resultStruct(true) }, true},
		{"breakThenSend", func() { _ = breakThenSend([]int{1, -1}) }, true},
		{"labelledBreakThenSend", func() { _ = labelledBreakThenSend([][]int{{1, -1}}) }, true},
		{"ifElseThenTail", func() { _ = ifElseThenTail(true) }, true},
		{"statusUpdates", func() { _ = statusUpdates() }, true},
		{"deferCloseDoesNotHelp", func() { _ = deferCloseDoesNotHelp(true) }, true},
		{"withContext", func() { _ = withContext(cancelled) }, true},
		{"run", func() { _ = (&job{fail: true}).run() }, true},
		{"paramChannel", func() { _ = paramChannel(true) }, true},
		{"assignedReceive", func() { _ = assignedReceive(true) }, true},
		{"gotoSecond", func() { _ = gotoSecond(true) }, true},
		{"deferredSecond", func() { _ = deferredSecond(true) }, true},

		{"returnAfterFirst", func() { _ = returnAfterFirst(true) }, false},
		{"elseSends", func() { _ = elseSends(true) }, false},
		{"bothReceived", func() { _, _ = bothReceived(true) }, false},
		{"guardedSecond", func() { _ = guardedSecond(bg, true) }, false},
		{"switchOnePerCase", func() { _ = switchOnePerCase(1) }, false},
		{"returnInLoop", func() { _ = returnInLoop([]int{1, -1}) }, false},
		{"rangedUntilClosed", func() { _ = rangedUntilClosed(true) }, false},
		{"twoChannels", func() { _, _ = twoChannels(true) }, false},
		{"capacityTwo", func() { _ = capacityTwo(true) }, false},
		{"secondWithDefault", func() { _ = secondWithDefault(true) }, false},
		{"tupleReceive", func() { _, _ = tupleReceive() }, false},
		{"gotoSkips", func() { _ = gotoSkips(true) }, false},
		{"elseIfChain", func() { _ = elseIfChain(0) }, false},
		{"receiveLoopTwice", func() { _ = receiveLoopTwice(true) }, false},
		{"recoverOnly", func() { _ = recoverOnly(false) }, false},
		{"deferredOnly", func() { deferredOnly(true) }, false},
		{"continueSkips", func() { _ = continueSkips([]int{-1, 2}) }, false},
		{"deferredSignalOtherChannel", func() { _, _ = deferredSignalOtherChannel(true) }, false},
	}
}
