import Foundation
import Hummingbird
import NIOCore
import StatsHTTP
import Testing

/// A server that cannot listen says why, naming the address: a port another socket holds (a real bind), other
/// bind errors, and an error that is not about listening (none). A host that does not resolve is checked by
/// `.ci/run` (`serve --host no-such-host.invalid`), not here: its lookup can block one of the shared event loops
/// for as long as the resolver waits (28 s once), stalling other suites' servers.
struct ListenFailureTests {
    @Test func portHeldByAnotherSocket() async throws {
        let (socket, port) = try Self.listeningSocket()
        defer { close(socket) }
        let fixture = try EndpointFixture()
        let error = try #require(
            await Self.failure(of: fixture, host: "127.0.0.1", port: port), "a second listener on a held port must fail"
        )
        let reason = try #require(ListenFailure.describe(error, host: "127.0.0.1", port: port))
        #expect(reason.hasPrefix("cannot listen on 127.0.0.1:\(port): the port is already in use"))
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

    /// What the fixture's server, set to listen on `host`:`port`, stopped with (`nil`: it ran and returned).
    static func failure(of fixture: EndpointFixture, host: String, port: Int) async throws -> (any Error)? {
        let app = fixture.endpoints.application(configuration: try StatsHTTPConfiguration(host: host, port: port))
        do {
            try await app.runService()
            return nil
        } catch {
            return error
        }
    }

    /// A TCP socket listening on a free loopback port, and the port.
    static func listeningSocket() throws -> (Int32, Int) {
        let socket = try loopbackTCPSocket()
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, length) == 0 && listen(socket, 1) == 0
                    && getsockname(socket, address, &length) == 0
            }
        }
        try #require(bound)
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }
}
