import Foundation

/// Tests that drive an outside tool (openssl, curl, nginx) run where it is installed. Under
/// `scripts/test`, which installs every one of them and sets `TEST_TOOLS_REQUIRED=1`, they run
/// whatever is installed, so a missing tool fails them instead of skipping them unnoticed.
public enum OutsideTools {
    public static func available(_ installed: Bool) -> Bool {
        installed || ProcessInfo.processInfo.environment["TEST_TOOLS_REQUIRED"] == "1"
    }
}
