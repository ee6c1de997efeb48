package senders

import "context"

// Case is one call of the package's functions and whether it leaves a goroutine behind.
type Case struct {
	Name  string
	Run   func()
	Leaks bool
}

var three = []string{"a", "bb", "ccc"}

// Cases drives every function with several senders.
func Cases() []Case {
	bg := context.Background()
	return []Case{
		{"firstWins", func() { _ = firstWins(three) }, true},
		{"firstWinsCounted", func() { _ = firstWinsCounted(3) }, true},
		{"hedged", func() { _, _ = hedged(bg, []int{1, 2, 3}) }, true},
		{"overMap", func() { _ = overMap(map[string]int{"a": 1, "b": 2}) }, true},
		{"nestedLoops", func() { _ = nestedLoops([][]string{{"a", "b"}, {"c"}}) }, true},
		{"indexRange", func() { _ = indexRange([]int{1, 2, 3}) }, true},
		{"okReceive", func() { _, _ = okReceive(three) }, true},
		{"receiveInCondition", func() { _ = receiveInCondition(three) }, true},
		{"queueLoop", func() { _ = queueLoop([]string{"a", "b"}) }, true},
		{"withDeferCancel", func() { _ = withDeferCancel(bg, []int{1, 2, 3}) }, true},
		{"fastest", func() { _ = (&pool{three}).fastest() }, true},
		{"skipSome", func() { _ = skipSome([]string{"", "a", "b"}) }, true},
		{"errOrResult", func() { _ = errOrResult([]string{"", "a"}) }, true},
		{"assignedReceive", func() { _ = assignedReceive(three) }, true},
		{"paramChannel", func() { _ = paramChannel(three) }, true},
		{"twoOfThree", func() { _ = twoOfThree() }, true},
		{"shortReceiveLoop", func() { _ = shortReceiveLoop() }, true},
		{"signalOnly", func() { signalOnly([]func(){func() {}, func() {}}) }, true},

		{"allReceived", func() { _ = allReceived(three) }, false},
		{"sizedForAll", func() { _ = sizedForAll(three) }, false},
		{"freshChannelPerIteration", func() { _ = freshChannelPerIteration(three) }, false},
		{"countedReceives", countedReceives, false},
		{"receiveLoopN", func() { _ = receiveLoopN(3) }, false},
		{"collectAppend", func() { _ = collectAppend(three) }, false},
		{"closerGoroutine", func() { _ = closerGoroutine(three) }, false},
		{"cancelOthers", func() { _ = cancelOthers(bg, []int{1, 2, 3}) }, false},
		{"constantCapacity", func() { _ = constantCapacity() }, false},
		{"workerPool", func() { _ = workerPool([]int{1, 2, 3}) }, false},
		{"indexedReceive", func() { _ = indexedReceive(three) }, false},
		{"drainInBackground", func() { _ = drainInBackground(three) }, false},
		{"drainDeferred", func() { _ = drainDeferred(three) }, false},
		{"launchOnce", func() { _ = launchOnce([]string{"", "a", "b"}) }, false},
		{"launchAndReturn", func() { _ = launchAndReturn(three) }, false},
		{"countedWhile", func() { _ = countedWhile(three) }, false},
		{"waitGroupSized", func() { _ = waitGroupSized(three) }, false},
		{"perSenderChannels", func() { _ = perSenderChannels(three) }, false},
		{"taggedResults", func() { _ = taggedResults(three) }, false},
		{"sendWithDefault", func() { _ = sendWithDefault(three) }, false},
		{"someSendersSkip", func() { _ = someSendersSkip() }, false},
		{"groupCollect", func() { _, _ = groupCollect(three) }, false},
	}
}
