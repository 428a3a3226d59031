import Testing

/// True in an optimized build (`swift test -c release`, which `make test` runs). Allocation guarantees hold
/// for optimized code: a debug build leaves generic code unspecialized, and unspecialized generics box values.
public let isOptimizedBuild: Bool = {
    #if DEBUG
        return false
    #else
        return true
    #endif
}()

/// The reason shown when an allocation test is skipped in a debug build.
public let optimizedBuildsOnly: Comment = "allocation guarantees are for optimized builds: run `make test`"
