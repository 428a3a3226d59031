import Foundation
import Hummingbird
import NIOCore
import StatsHTTP
import Testing

/// A server that cannot listen says why, naming the address: a port another socket holds (a real bind), a host
/// that does not resolve, and an error that is not about listening (none).
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

    @Test(.timeLimit(.minutes(1))) func hostThatDoesNotResolve() async throws {
        let host = "no-such-host.invalid"  // RFC 6761: `.invalid` never resolves
        let fixture = try EndpointFixture()
        let error = try #require(
            await Self.failure(of: fixture, host: host, port: 0), "a host that does not resolve must fail")
        let reason = try #require(ListenFailure.describe(error, host: host, port: 0), "\(error)")
        #expect(reason.hasPrefix("cannot listen on \(host):0: the host '\(host)' does not resolve to an address"))
    }

    @Test func unknownHostAndOtherErrors() throws {
        let unknown = SocketAddressError.unknown(host: "no.such.host", port: 80)
        let reason = try #require(ListenFailure.describe(unknown, host: "no.such.host", port: 80))
        #expect(
            reason
                == "cannot listen on no.such.host:80: the host 'no.such.host' does not resolve to an address (check --host)"
        )
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
