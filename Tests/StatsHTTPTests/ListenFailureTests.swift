import Foundation
import Hummingbird
import NIOCore
import StatsHTTP
import Testing

/// A server that cannot listen says why, naming the address: a port in use, other bind errors, and an error that
/// is not about listening (none). The real failures are checked end to end by `.ci/run` (`serve --host
/// no-such-host.invalid`) and `scripts/serve-service-test.sh` (a second `serve` on a held port), not here: in the
/// test process a failed start of the real application held one of the shared event loops (143 s once, and a DNS
/// lookup 28 s), stalling other suites' servers.
struct ListenFailureTests {
    @Test func portInUse() throws {
        let inUse = IOError(errnoCode: EADDRINUSE, reason: "bind(descriptor:ptr:bytes:)")
        let reason = try #require(ListenFailure.describe(inUse, host: "127.0.0.1", port: 9464))
        #expect(reason.hasPrefix("cannot listen on 127.0.0.1:9464: the port is already in use"))
        #expect(reason.contains("--port"))
    }

    @Test func otherBindErrorsAndOthers() throws {
        let missing = IOError(errnoCode: EADDRNOTAVAIL, reason: "bind(descriptor:ptr:bytes:)")
        #expect(
            ListenFailure.describe(missing, host: "::2", port: 9)?.hasPrefix("cannot listen on [::2]:9: no interface")
                == true)
        let denied = IOError(errnoCode: EACCES, reason: "bind(descriptor:ptr:bytes:)")
        #expect(ListenFailure.describe(denied, host: "0.0.0.0", port: 80)?.contains("permission denied") == true)
        // Not a listening failure: left to the caller.
        #expect(
            ListenFailure.describe(
                IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)"), host: "h", port: 1) == nil)
        #expect(ListenFailure.describe(CancellationError(), host: "h", port: 1) == nil)
    }
}
