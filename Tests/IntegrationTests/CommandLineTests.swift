import Testing

@Suite(.timeLimit(.minutes(3))) struct CommandLineTests {
    @Test func helpListsTheToolAndExitsZero() throws {
        let result = try TagifaiBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: tagifai"))
    }

    @Test func unknownSubcommandFailsWithAMessage() throws {
        let result = try TagifaiBinary.run(["no-such-command"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-command"))
    }
}
