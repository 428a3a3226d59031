import Foundation
import NIOCore

/// Why the server could not start listening, in a sentence a user can act on — or `nil` when `error` is not a
/// failure to resolve or bind the listening address.
///
/// NIO reports these as `SocketAddressError.UnknownHost` (a host name that does not resolve) and as an `IOError` of
/// `bind(2)` (`EADDRINUSE`: the port is taken; `EACCES`: a port below 1024 without the privilege;
/// `EADDRNOTAVAIL`: an address of no interface of this machine). Any other error is the server's own fault once
/// it was running, not a bad setting, so it is left to the caller.
///
/// ```swift
/// if let reason = ListenFailure.describe(error, host: "127.0.0.1", port: 8080) { print("error: " + reason) }
/// ```
public enum ListenFailure {
    /// A sentence naming the address and what stopped the server from listening on it, or `nil`.
    public static func describe(_ error: any Error, host: String, port: Int) -> String? {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let error = error as? SocketAddressError.UnknownHost {
            return "cannot listen on \(address): the host '\(error.host)' does not resolve to an address "
                + "(\(error.errorDescription); check --host)"
        }
        if let error = error as? SocketAddressError {
            switch error {
            case .unknown(let name, _):
                return "cannot listen on \(address): the host '\(name)' does not resolve to an address (check --host)"
            case .unsupported:
                return "cannot listen on \(address): the address family is not supported here (check --host)"
            default:
                return "cannot listen on \(address): \(error) (check --host)"
            }
        }
        guard let error = error as? IOError, String(describing: error).hasPrefix("bind(") else { return nil }
        switch error.errnoCode {
        case EADDRINUSE:
            return "cannot listen on \(address): the port is already in use (another process holds it; pass another "
                + "--port, or --port 0 for any free one)"
        case EACCES:
            return "cannot listen on \(address): permission denied (a port below 1024 needs privileges; pass --port "
                + "1024 or above)"
        case EADDRNOTAVAIL:
            return "cannot listen on \(address): no interface of this machine has that address (check --host)"
        default:
            return "cannot listen on \(address): \(error)"
        }
    }
}
