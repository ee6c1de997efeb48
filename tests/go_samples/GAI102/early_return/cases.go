package early

import "context"

// Case is one call of the package's functions and whether it leaves a goroutine behind.
type Case struct {
	Name  string
	Run   func()
	Leaks bool
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// Cases drives every function down the path its annotation is about: the early exit.
func Cases() []Case {
	return []Case{
		{"earlyReturn", func() { _, _ = earlyReturn(true) }, true},
		{"nestedIf", func() { _ = nestedIf(true, true) }, true},
		{"receiveInOneBranch", func() { receiveInOneBranch(false) }, true},
		{"elseReturns", func() { _ = elseReturns(false) }, true},
		{"validateInLoop", func() { _, _ = validateInLoop([]int{1, -1}) }, true},
		{"switchGuard", func() { _, _ = switchGuard("") }, true},
		{"parseFirst", func() { _, _ = parseFirst("x") }, true},
		{"deferCancel", func() { _ = deferCancel(context.Background(), true) }, true},
		{"contextErr", func() { _ = contextErr(cancelled()) }, true},
		{"gotoOut", func() { _ = gotoOut(true) }, true},
		{"load", func() { _, _ = (&loader{"m"}).load(true) }, true},
		{"typeSwitch", func() { _ = typeSwitch("x") }, true},
		{"errorFirst", func() { _, _ = errorFirst(true) }, true},
		{"retryLoop", func() { _, _ = retryLoop(1) }, true},
		{"emptyInput", func() { _ = emptyInput(nil) }, true},
		{"deferCloseOther", func() { _ = deferCloseOther(true) }, true},
		{"fallsOffSwitch", func() { fallsOffSwitch(3) }, true},
		{"twoSendsEarly", func() { _, _, _ = twoSendsEarly(true) }, true},
		{"differentCondition", func() { _ = differentCondition(true, true) }, true},

		{"receiveFirst", func() { _, _ = receiveFirst(true) }, false},
		{"buffered", func() { _, _ = buffered(true) }, false},
		{"deferredReceive", func() { _ = deferredReceive(true) }, false},
		{"returned", func() {
			ch, _ := returned(true)
			<-ch
		}, false},
		{"panicsBefore", func() { _ = panicsBefore(false) }, false},
		{"waitGroupDrained", func() { _ = waitGroupDrained(true) }, false},
		{"checkBeforeLaunch", func() { _, _ = checkBeforeLaunch(false) }, false},
		{"returnInClosure", func() { _, _ = returnInClosure("") }, false},
		{"watchesCancel", func() { _ = watchesCancel(context.Background(), true) }, false},
		{"receiveOnBothPaths", func() { _ = receiveOnBothPaths(true) }, false},
		{"countingLoop", func() { _ = countingLoop(true) }, false},
		{"gotoReceive", func() { _ = gotoReceive(true) }, false},
		{"sendWithDefault", func() { _ = sendWithDefault(true) }, false},
		{"rangeUntilClosed", func() { _, _ = rangeUntilClosed(true) }, false},
		{"nestedReceive", func() { _ = nestedReceive(true, true) }, false},
		{"switchAllReceive", func() { _ = switchAllReceive(3) }, false},
		{"deferredAssign", func() { _, _ = deferredAssign(true) }, false},
		{"loopBreakThenReceive", func() { _ = loopBreakThenReceive([]int{1, -1}) }, false},
		{"labelledBreak", func() { _ = labelledBreak([][]int{{1, -1}}) }, false},
		{"storedForCaller", func() {
			p, _ := storedForCaller(true)
			<-p.ch
		}, false},
		{"sameCondition", func() { _ = sameCondition(false) }, false},
		{"sameConditionReturns", func() { _ = sameConditionReturns(false) }, false},
	}
}
