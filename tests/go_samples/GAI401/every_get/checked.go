package everyget

import "sync"

// Meter carries state a reused one must not keep.
type Meter struct {
	rate int
	sums []float64
}

func (m *Meter) Reset() { m.sums = m.sums[:0] }

func newMeter(rate int) *Meter { return &Meter{rate: rate} }

func record(m *Meter, x float64) { m.sums = append(m.sums, x) }

// meterPool's only Get hands a Meter out after resetting it: one of another rate is
// left for the collector. Comparing it, reading its fields to decide, and asserting
// it to its type are no use of its old contents.
var meterPool sync.Pool

func acquireMeter(rate int) *Meter {
	if v := meterPool.Get(); v != nil {
		m := v.(*Meter)
		if m.rate == rate && len(m.sums) >= 0 {
			m.Reset()
			return m
		}
	}
	return newMeter(rate)
}

func releaseMeter(m *Meter) {
	meterPool.Put(m) // ok: GAI401 acquireMeter resets every Meter it hands out
}

// assertedPool's Get resets through the name the object is asserted into.
var assertedPool sync.Pool

func acquireAsserted(rate int) *Meter {
	m, ok := assertedPool.Get().(*Meter)
	if !ok || m.rate != rate {
		return newMeter(rate)
	}
	m.Reset()
	return m
}

func releaseAsserted(m *Meter) {
	assertedPool.Put(m) // ok: GAI401 acquireAsserted resets before handing out
}

// handedPool's Get hands the Meter to record before the reset: its old sums are used.
var handedPool sync.Pool

func acquireHanded(rate int, x float64) *Meter {
	if v := handedPool.Get(); v != nil {
		m := v.(*Meter)
		record(m, x)
		m.Reset()
		return m
	}
	return newMeter(rate)
}

func releaseHanded(m *Meter) {
	handedPool.Put(m) // want "GAI401"
}

// halfPool's Get resets under a condition and hands the Meter out on both paths.
var halfPool sync.Pool

func acquireHalf(rate int) *Meter {
	m := halfPool.Get().(*Meter)
	if m.rate != rate {
		m.Reset()
	}
	return m
}

func releaseHalf(m *Meter) {
	halfPool.Put(m) // want "GAI401"
}
