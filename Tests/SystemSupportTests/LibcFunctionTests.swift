import Glibc
import SystemSupport
import Testing

@Suite struct LibcFunctionTests {
    @Test func aFunctionIsFoundByNameAndCallable() throws {
        typealias GetPID = @convention(c) () -> pid_t
        let found = try #require(LibcFunction.named("getpid", as: GetPID.self))
        #expect(found() == getpid())
    }

    @Test func aNameThisLibcLacksGivesNil() {
        typealias Nothing = @convention(c) () -> Void
        #expect(LibcFunction.named("tagifai_no_such_function", as: Nothing.self) == nil)
    }
}
