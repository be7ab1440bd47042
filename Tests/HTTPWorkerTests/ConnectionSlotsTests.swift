import Testing
@testable import HTTPWorker

/// The worker's connection count: the cap its acceptors stop at, and when a burst of connections is
/// over (the moment the server gives the heap's free pages back).
@Suite struct ConnectionSlotsTests {
    private static func slots(open: Int, limit: Int = 1000) -> ConnectionSlots {
        let slots = ConnectionSlots(limit: limit)
        for _ in 0..<open { #expect(slots.take()) }
        return slots
    }

    private static func release(_ count: Int, of slots: ConnectionSlots) {
        for _ in 0..<count { slots.release() }
    }

    @Test func takingStopsAtTheLimitAndAReleaseMakesRoom() {
        let slots = Self.slots(open: 3, limit: 3)
        #expect(slots.isFull)
        #expect(!slots.take())
        slots.release()
        #expect(!slots.isFull)
        #expect(slots.take())
    }

    @Test func aBurstEndsOnceEnoughOfItsConnectionsClosed() {
        let slots = Self.slots(open: 500)
        #expect(!slots.burstEnded(by: 100), "nothing closed yet")
        Self.release(99, of: slots)
        #expect(!slots.burstEnded(by: 100), "99 closes of the 100 asked for")
        Self.release(150, of: slots)
        #expect(!slots.burstEnded(by: 100), "251 of 500 still open: more than half")
        slots.release()
        #expect(slots.burstEnded(by: 100), "half of the peak is open, 250 closed")
        #expect(!slots.burstEnded(by: 100), "the next burst starts from the 250 still open")
        Self.release(150, of: slots)
        #expect(slots.burstEnded(by: 100), "100 of the 250 open, 150 closed")
    }

    @Test func thePeakBetweenTwoLooksCounts() {
        let slots = Self.slots(open: 10)
        #expect(!slots.burstEnded(by: 100))
        for _ in 0..<300 { #expect(slots.take()) }
        Self.release(300, of: slots)
        #expect(slots.burstEnded(by: 100), "310 were open at once, 10 are now")
    }

    @Test func aSteadyLoadIsNoBurst() {
        let slots = Self.slots(open: 400)
        for _ in 0..<1000 {
            slots.release()
            #expect(slots.take())
        }
        #expect(!slots.burstEnded(by: 100), "connections replaced one by one keep the count at its peak")
    }
}
